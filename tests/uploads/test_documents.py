"""Documents as editors upload them and readers download them (through the app, in any environment)."""

import io
import re
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from wagtail.documents.models import Document

import pytest

pytestmark = pytest.mark.django_db

STORED = re.compile(r"^documents/[A-Za-z0-9]{16}/board-minutes\.pdf$")


def test_an_uploaded_document_is_stored_under_an_unguessable_folder(editor):
    response = editor.post(
        "/admin/documents/add/", {"title": "Minutes", "file": SimpleUploadedFile("board-minutes.pdf", b"%PDF-1.4 x")}
    )

    assert response.status_code == 302
    document = Document.objects.get()
    assert STORED.match(document.file.name)
    assert document.filename == "board-minutes.pdf"  # readers still download it under its own name


def test_a_document_is_always_a_download_never_shown_in_the_sites_origin(client, editor):
    document = Document.objects.create(title="Minutes", file=ContentFile(b"%PDF-1.4 x", name="board-minutes.pdf"))

    response = client.get(document.url)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="board-minutes.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 x"


def test_replacing_a_file_deletes_the_old_one_only_after_the_new_one_is_saved(editor, settings):
    document = Document.objects.create(title="Minutes", file=ContentFile(b"old", name="minutes.txt"))
    old = Path(settings.MEDIA_ROOT) / document.file.name

    response = editor.post(
        f"/admin/documents/edit/{document.pk}/",
        {"title": "Minutes", "collection": document.collection_id, "file": SimpleUploadedFile("new.txt", b"new")},
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.file.read() == b"new"
    assert not old.exists()


def test_moving_existing_documents_into_random_folders_is_safe_to_repeat(settings, db):
    media = Path(settings.MEDIA_ROOT)
    (media / "documents").mkdir(parents=True)
    (media / "documents/board-minutes.pdf").write_bytes(b"%PDF secret")
    old = Document.objects.create(title="Old", file="documents/board-minutes.pdf")
    new = Document.objects.create(title="New", file=ContentFile(b"%PDF new", name="board-minutes.pdf"))
    missing = Document.objects.create(title="Gone", file="documents/gone.pdf")

    call_command("move_documents_to_random_folders", stdout=(out := io.StringIO()))

    old.refresh_from_db()
    assert STORED.match(old.file.name)
    assert old.file.read() == b"%PDF secret"
    assert not (media / "documents/board-minutes.pdf").exists()
    assert "Moved 1 document(s)" in out.getvalue()
    new_name = Document.objects.get(pk=new.pk).file.name

    call_command("move_documents_to_random_folders", stdout=(again := io.StringIO()))

    assert "Moved 0 document(s)" in again.getvalue()
    assert Document.objects.get(pk=old.pk).file.name == old.file.name
    assert Document.objects.get(pk=new.pk).file.name == new_name
    assert Document.objects.get(pk=missing.pk).file.name == "documents/gone.pdf"

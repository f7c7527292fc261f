"""Uploads to a full disk, on a real 1 MB filesystem (tmpfs) as MEDIA_ROOT.

Before (main): a 500, and a truncated file (or an empty one) left in media/ under the upload's name.
After: 507 with a plain page, no file left behind, nothing in the database, an existing
document's file kept when its replacement does not fit.
"""

import os
import subprocess
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents.models import Document

import pytest

from journos.core.models import CustomImage
from tests.uploads.conftest import png


@pytest.fixture
def small_disk(tmp_path, settings):
    """MEDIA_ROOT on a 1 MB tmpfs of its own (needs root, as on CI), unmounted afterwards."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)], capture_output=True)
    if mounted.returncode != 0:
        pytest.fail(f"a full-disk test needs to mount a small tmpfs (run as root): {mounted.stderr.decode()}")
    settings.MEDIA_ROOT = mount_point
    yield mount_point
    if subprocess.run(["umount", str(mount_point)]).returncode != 0:
        subprocess.run(["umount", "--lazy", str(mount_point)], check=True)  # a file left open: detach anyway


def files_in(root: Path) -> dict[str, int]:
    return {
        os.path.relpath(os.path.join(folder, name), root): os.path.getsize(os.path.join(folder, name))
        for folder, _, names in os.walk(root)
        for name in names
    }


def fill(disk: Path, leave: int) -> None:
    """Take all the disk's space but `leave` bytes, in one file outside the uploads' folders."""
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    (disk / "filler").write_bytes(b"\0" * (free - leave))


def test_a_document_that_does_not_fit_answers_507_and_leaves_nothing(editor, small_disk):
    upload = SimpleUploadedFile("report.pdf", os.urandom(1536 * 1024))  # 1.5 MB on a 1 MB disk

    response = editor.post("/admin/documents/add/", {"title": "Report", "file": upload})

    assert response.status_code == 507
    assert b"The file could not be saved" in response.content
    assert not Document.objects.exists()
    assert files_in(small_disk) == {}


def test_an_image_that_does_not_fit_answers_507_and_leaves_nothing(editor, small_disk):
    fill(small_disk, leave=8 * 1024)
    photo = png(150, 150, noise=True)  # about 68 kB
    assert len(photo) > 16 * 1024

    response = editor.post(
        "/admin/images/add/",
        {"title": "Photo", "description": "A test pattern", "file": SimpleUploadedFile("photo.png", photo)},
    )

    assert response.status_code == 507
    assert not CustomImage.objects.exists()
    assert set(files_in(small_disk)) == {"filler"}

    # Once there is room again, the same upload works.
    (small_disk / "filler").unlink()
    response = editor.post(
        "/admin/images/add/",
        {"title": "Photo", "description": "A test pattern", "file": SimpleUploadedFile("photo.png", photo)},
    )
    assert response.status_code == 302
    image = CustomImage.objects.get()
    assert files_in(small_disk) == {image.file.name: len(photo)}


def test_a_replacement_that_does_not_fit_keeps_the_document_and_its_file(editor, small_disk):
    document = Document.objects.create(title="Minutes", file=ContentFile(b"the minutes", name="minutes.txt"))
    fill(small_disk, leave=8 * 1024)

    response = editor.post(
        f"/admin/documents/edit/{document.pk}/",
        {
            "title": "Minutes",
            "collection": document.collection_id,
            "file": SimpleUploadedFile("minutes-v2.txt", os.urandom(64 * 1024)),
        },
    )

    assert response.status_code == 507
    document.refresh_from_db()
    with document.file.open("rb") as file:
        assert file.read() == b"the minutes"
    assert set(files_in(small_disk)) == {"filler", document.file.name}

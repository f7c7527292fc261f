"""The backup drill: back up a seeded site, destroy it, restore it, and find every page and count as it was."""

import re
import shutil
import tarfile

from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.models import Page

import pytest

from journos.core import backup
from journos.news.factories import ArticlePageFactory, SectionPageFactory
from tests.utils import ensure_wagtail_roots, make_site

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot(client) -> dict[str, bytes]:
    """Every live page as an anonymous reader gets it (less the contact form's CSRF token, new each time)."""
    pages = {}
    for page in Page.objects.live().public().specific().exclude(depth=1):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        pages[page.url] = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    return pages


def test_a_destroyed_site_comes_back_whole(client, settings, tmp_path):
    ensure_wagtail_roots()  # an earlier transactional test may have flushed them
    call_command("seed_demo", verbosity=0)
    before, counts, media = snapshot(client), backup.row_counts(), sorted(backup.media_files())
    assert len(before) > 20 and media  # a real site: sections, articles, authors, pages, images

    archive = tmp_path / "site.tar"
    call_command("backup", str(archive), verbosity=0)

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not Page.objects.filter(depth__gt=1).exists()

    call_command("restore", str(archive), "--yes", verbosity=0)

    assert backup.row_counts() == counts
    assert sorted(backup.media_files()) == media
    assert snapshot(client) == before


def test_restore_refuses_what_is_not_a_backup_and_keeps_the_site(tmp_path):
    ArticlePageFactory(parent=SectionPageFactory(parent=make_site()))
    counts = backup.row_counts()
    not_a_backup = tmp_path / "notes.tar"
    with tarfile.open(not_a_backup, "w") as archive:
        archive.add(__file__, "notes.py")
    (tmp_path / "garbage.tar").write_bytes(b"\x00" * 1000)

    for path in (not_a_backup, tmp_path / "garbage.tar", tmp_path / "missing.tar"):
        with pytest.raises(CommandError):
            call_command("restore", str(path), "--yes", verbosity=0)
    assert backup.row_counts() == counts


def test_restore_asks_first(monkeypatch, tmp_path):
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    with pytest.raises(CommandError, match="Nothing restored"):
        call_command("restore", str(tmp_path / "any.tar"))

"""The upload storage on its own: a file is either complete under its name or not there at all."""

import errno
import os

from django.core.files.base import ContentFile, File

import pytest

from journos.core.storage import AtomicFileSystemStorage


class FailingUpload(File):
    """An upload whose disk fills up after the first chunk has been written."""

    def __init__(self):
        super().__init__(None, name="big.pdf")

    def chunks(self, chunk_size=None):
        yield b"first chunk"
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def storage(tmp_path):
    return AtomicFileSystemStorage(location=tmp_path / "media")


def test_a_write_that_fails_half_way_leaves_no_file_and_no_folder(storage, tmp_path):
    with pytest.raises(OSError, match="No space left"):
        storage.save("documents/abc/big.pdf", FailingUpload())

    assert list((tmp_path / "media/documents").iterdir()) == []


def test_a_taken_name_is_never_overwritten(storage):
    first = storage.save("images/photo.jpg", ContentFile(b"first"))
    second = storage.save("images/photo.jpg", ContentFile(b"second"))

    assert first == "images/photo.jpg" and second != first
    assert storage.open(first).read() == b"first"
    assert storage.open(second).read() == b"second"
    assert sorted(os.listdir(storage.path("images"))) == sorted([first.split("/")[1], second.split("/")[1]])


def test_without_hard_links_the_file_still_arrives_whole(storage, monkeypatch):
    def no_links(*args):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    storage.save("images/photo.jpg", ContentFile(b"first"))
    second = storage.save("images/photo.jpg", ContentFile(b"second"))

    assert storage.open("images/photo.jpg").read() == b"first"
    assert storage.open(second).read() == b"second"
    assert sorted(os.listdir(storage.path("images"))) == sorted(["photo.jpg", second.split("/")[1]])

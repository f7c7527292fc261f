"""Uploads on local disk that are complete or absent, and a clear answer when the disk is full.

Django's FileSystemStorage writes straight into the final name, so an upload that
fails half way (a full disk, a quota) leaves a truncated or empty file that the site
then serves as if it were whole. This storage writes to a hidden partial name in the
same folder and links it into place only once every byte is on disk; on any error the
partial file (and the folder made for it) is removed.
"""

import contextlib
import errno
import logging
import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import HttpResponse
from django.template import loader
from django.utils.crypto import get_random_string

logger = logging.getLogger("journos.storage")

DISK_FULL = (errno.ENOSPC, errno.EDQUOT)
NO_HARD_LINKS = (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK)


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        made_directory = not os.path.isdir(directory)
        os.makedirs(directory, mode=self.directory_permissions_mode or 0o777, exist_ok=True)
        partial = os.path.join(directory, f".partial-{get_random_string(12)}")
        try:
            write_partial(partial, content)
            full_path = self.link_into_place(partial, name)
        except BaseException:
            remove(partial)
            if made_directory:
                remove_empty_directory(directory)
            raise
        remove(partial)  # the file now lives under its final name only
        if self.file_permissions_mode is not None:
            os.chmod(full_path, self.file_permissions_mode)
        return os.path.relpath(full_path, self.location).replace("\\", "/")

    def link_into_place(self, partial: str, name: str) -> str:
        while True:
            full_path = self.path(name)
            try:
                place(partial, full_path, overwrite=self._allow_overwrite)
                return full_path
            except FileExistsError:
                name = self.get_available_name(name)


def place(partial: str, full_path: str, *, overwrite: bool) -> None:
    """Give the complete file its final name at once; FileExistsError if another file has it."""
    if overwrite:
        os.replace(partial, full_path)
        return
    try:
        os.link(partial, full_path)  # atomic, and unlike a rename never replaces another upload
    except OSError as error:
        if error.errno not in NO_HARD_LINKS:
            raise
        # A filesystem without hard links: take the name first, then move the file over it.
        os.close(os.open(full_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        os.replace(partial, full_path)


def write_partial(path: str, content) -> None:
    # O_EXCL: never write into someone else's file; 0o666 less the umask, as Django does.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    with os.fdopen(fd, "wb") as file:
        for chunk in content.chunks():
            file.write(chunk if isinstance(chunk, bytes) else chunk.encode())
        file.flush()
        os.fsync(file.fileno())  # a full disk can refuse the data only now (e.g. on NFS)


def remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def remove_empty_directory(path: str) -> None:
    with contextlib.suppress(OSError):  # not empty: another upload uses it
        os.rmdir(path)


class DiskFullMiddleware:
    """A full disk (or quota) while saving an upload: 507 with a plain message, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OSError) and exception.errno in DISK_FULL:
            logger.error("Disk full while handling %s %s: %s", request.method, request.path, exception)
            body = loader.render_to_string("507.html", {"site_name": settings.WAGTAIL_SITE_NAME})
            return HttpResponse(body, status=507)
        return None

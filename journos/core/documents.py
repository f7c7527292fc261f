"""Where documents are stored and how their files reach readers.

Documents are only ever served through Wagtail's document view (/documents/<id>/<name>),
which checks the collection's privacy first; the web server refuses /media/documents/.
Each file lives in a folder of its own with an unguessable name,
`documents/<16 random characters>/<original name>`, so a path that leaks (a log, a
backup listing) does not lead to the file either, and the reader still downloads the
file under its original name.
"""

import posixpath
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.utils.crypto import get_random_string

FOLDER = "documents"
RANDOM_LENGTH = 16


def random_folder_name(filename: str) -> str:
    """documents/<random>/<file name>: the name a new document file is stored under."""
    return posixpath.join(FOLDER, get_random_string(RANDOM_LENGTH), posixpath.basename(filename))


def in_random_folder(name: str) -> bool:
    parts = name.split("/")
    return len(parts) == 3 and parts[0] == FOLDER and len(parts[1]) == RANDOM_LENGTH


def store_in_random_folders(document_model) -> None:
    """Make the model's file field store new files under documents/<random>/.

    The field's generate_filename is replaced rather than its upload_to, so Wagtail's
    migrations (which record upload_to="documents") stay as they are.
    """
    field = document_model._meta.get_field("file")

    def generate_filename(instance, filename):
        return field.storage.generate_filename(random_folder_name(field.storage.get_valid_name(filename)))

    field.generate_filename = generate_filename


class AcceleratedResponse(HttpResponse):
    """An empty answer that tells nginx which file to send.

    Wagtail's sendfile() sets Content-Length (and Content-Encoding) from the file on the
    response; this one has no body, so those would be false on the way through gunicorn
    and Varnish. nginx sets them from the file it sends.
    """

    def __setitem__(self, header, value):
        if header.lower() not in ("content-length", "content-encoding"):
            super().__setitem__(header, value)


def sendfile(request, filename, **kwargs):
    """SENDFILE_BACKEND for production: nginx sends the file once the app has said yes.

    Wagtail's serve view has checked the collection's privacy and adds Content-Disposition,
    Content-Type, nosniff and its CSP; nginx keeps Content-Disposition and Content-Type and
    serves the file from its `internal;` location DOCUMENTS_X_ACCEL_PREFIX (deploy/nginx).
    """
    relative = Path(filename).resolve().relative_to(Path(settings.MEDIA_ROOT).resolve())
    response = AcceleratedResponse()
    response["X-Accel-Redirect"] = settings.DOCUMENTS_X_ACCEL_PREFIX.rstrip("/") + "/" + quote(relative.as_posix())
    return response

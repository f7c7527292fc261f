"""The site's URLs plus views that fail the way a request does when the database is down."""

from django.db import InterfaceError, OperationalError
from django.urls import include, path

from journos.urls import handler500  # noqa: F401  (Django reads it from the ROOT_URLCONF module)


def database_down(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def connection_lost(request):
    raise InterfaceError("connection already closed")


def bug(request):
    raise ZeroDivisionError("a bug")


urlpatterns = [
    path("database-down/", database_down),
    path("connection-lost/", connection_lost),
    path("bug/", bug),
    path("", include("journos.urls")),
]

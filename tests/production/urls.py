"""Views that make per-reader content visible, for the page-cache safety tests."""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.cache import never_cache

from journos.core.caching.page_cache import mark_public


def whoami(request):
    return mark_public(HttpResponse(f"Hello {request.user}"))


def public_with_cookie(request):
    response = mark_public(HttpResponse("Here is a cookie"))
    response.set_cookie("flavour", "oat")
    return response


@never_cache
def private(request):
    return HttpResponse("Private")


urlpatterns = [
    path("whoami/", whoami),
    path("cookie/", public_with_cookie),
    path("private/", private),
    path("", include("journos.urls")),
]

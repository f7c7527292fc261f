"""What every account page shares: never cached, never indexed, and a safe `next`."""

from functools import wraps

from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme

NEXT_MAX_LENGTH = 2000


def account_page(view):
    """Per-reader pages: no shared cache may keep them, no search engine may list them."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def is_site_path(url: str) -> bool:
    """A path on this site ("/politics/"), never another host ("//evil.example", "https://...")."""
    return (
        0 < len(url) <= NEXT_MAX_LENGTH
        and url.startswith("/")
        and url_has_allowed_host_and_scheme(url, allowed_hosts=set())
    )


def safe_next(request, default: str = "") -> str:
    """Where to go after signing in or out: the `next` parameter if it is a site path."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    return candidate if is_site_path(candidate) else default

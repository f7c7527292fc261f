"""Security headers the app adds to every response, and requests it refuses before any view runs.

Django's SecurityMiddleware already sends HSTS (on HTTPS), X-Content-Type-Options,
Referrer-Policy and Cross-Origin-Opener-Policy; this adds what Django 5.2 lacks:
a Content-Security-Policy (strict on the public site, which has no inline script or
style; looser on the Wagtail admin, which needs inline ones), Permissions-Policy and
Cross-Origin-Resource-Policy. nginx adds the same to the /media/ files it serves
itself (deploy/nginx/journos.conf); docs/security.md explains every header.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseNotFound

# No page uses these devices or APIs; embedded players keep fullscreen and autoplay (their defaults).
PERMISSIONS_POLICY = (
    "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)


def origin(url: str) -> str:
    """'https://cdn.example.org' for an absolute URL, '' for a path like '/media/'."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def media_sources() -> list[str]:
    """Where images and other uploads come from: this site, plus the media host if uploads live elsewhere (S3)."""
    return [source for source in ("'self'", origin(settings.MEDIA_URL), *settings.CSP_MEDIA_SOURCES) if source]


def policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([name, *dict.fromkeys(sources)]) for name, sources in directives.items())


def public_policy() -> str:
    """The public site: scripts and styles from its own files only, embeds from the allowed players."""
    return policy(
        {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": [*media_sources(), "data:"],
            "media-src": media_sources(),
            "frame-src": settings.CSP_FRAME_SOURCES or ["'none'"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'none'"],
        }
    )


def admin_policy() -> str:
    """Wagtail's admin: its own scripts, plus the inline scripts and styles its templates and widgets use.

    It previews pages in a frame of its own (frame-ancestors 'self') and shows embeds while
    editing. It asks no other site for anything (no Gravatar, no update check: settings/base.py).
    """
    return policy(
        {
            "default-src": ["'self'"],
            "script-src": ["'self'", "'unsafe-inline'"],
            "style-src": ["'self'", "'unsafe-inline'"],
            "img-src": [*media_sources(), "data:", "blob:"],
            "media-src": media_sources(),
            "font-src": ["'self'", "data:"],
            "connect-src": ["'self'"],
            "frame-src": ["'self'", *settings.CSP_FRAME_SOURCES],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'self'"],
        }
    )


def is_file_path(path: str) -> bool:
    return path.startswith((settings.STATIC_URL, settings.MEDIA_URL))


class SecurityHeadersMiddleware:
    """First in MIDDLEWARE, so cached pages and WhiteNoise's static files carry the headers too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refused = refuse_nul_bytes(request)
        response = refused or self.get_response(request)
        is_admin = request.path.startswith(("/admin/", "/django-admin/"))
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = admin_policy() if is_admin else public_policy()
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Files may be shown by other sites (a newsletter's images in webmail); pages and answers may not.
        resource_policy = "cross-origin" if is_file_path(request.path) else "same-origin"
        response.setdefault("Cross-Origin-Resource-Policy", resource_policy)
        return response


def refuse_nul_bytes(request):
    """A NUL byte in the address is never a real link: answer it here, before a database sees it.

    PostgreSQL refuses NUL in text ("A string literal cannot contain NUL"), which
    would otherwise surface as a 500 from whichever lookup the path or query reaches.
    """
    if "\x00" in request.path:
        return HttpResponseNotFound("Not found.", content_type="text/plain; charset=utf-8")
    query = request.META.get("QUERY_STRING", "")
    if "%00" in query or "\x00" in query:
        return HttpResponseBadRequest("The address contains a NUL byte.", content_type="text/plain; charset=utf-8")
    return None

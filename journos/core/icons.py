"""The browser's icon addresses at the site root: /favicon.ico, /apple-touch-icon.png, /manifest.webmanifest.

Browsers and crawlers ask for the first two without reading any page, so they
answer 200 at the root (not a redirect); the files are the ones in static/
(drawn by `manage.py draw_brand_icons`). The manifest names the site and its
icons for "Add to home screen". All three are public and cacheable.
"""

import json
from functools import cache

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from journos.core.brand import BRAND_RED
from journos.core.caching.page_cache import mark_public
from journos.core.seo import site_name

ROOT_FILES = {"favicon.ico": "image/x-icon", "icons/apple-touch-icon.png": "image/png"}
MANIFEST_ICONS = [
    ("favicon.svg", "any", "image/svg+xml", "any"),
    ("icons/icon-192.png", "192x192", "image/png", "any"),
    ("icons/icon-512.png", "512x512", "image/png", "any"),
    ("icons/icon-maskable-512.png", "512x512", "image/png", "maskable"),
]
BACKGROUND = "#ffffff"


@cache
def static_file(name: str) -> bytes:
    """A file of static/: from the source folders (development, tests) or the collected files (production)."""
    path = finders.find(name)
    if path:
        with open(path, "rb") as file:
            return file.read()
    with staticfiles_storage.open(name) as file:
        return file.read()


def serve_static(name: str):
    @require_safe
    def view(request):
        return mark_public(HttpResponse(static_file(name), content_type=ROOT_FILES[name]))

    return view


favicon = serve_static("favicon.ico")
apple_touch_icon = serve_static("icons/apple-touch-icon.png")


@require_safe
def manifest(request):
    name = site_name(request)
    data = {
        "name": name,
        "short_name": name[:12],
        "start_url": "/",
        "scope": "/",
        "display": "browser",
        "background_color": BACKGROUND,
        "theme_color": BRAND_RED,
        "icons": [
            {"src": static(path), "sizes": sizes, "type": kind, "purpose": purpose}
            for path, sizes, kind, purpose in MANIFEST_ICONS
        ],
    }
    body = json.dumps(data, ensure_ascii=False, indent=1)
    return mark_public(HttpResponse(body, content_type="application/manifest+json"))

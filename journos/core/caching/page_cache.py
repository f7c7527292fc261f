"""Full-page cache for anonymous readers, and the dependency tags of every public response.

Every request is collected (`collecting`): whatever it renders tags it. A
response the view marked public (`mark_public`) carries its tags in
`X-Cache-Tags`, so the caching proxy can ban it when one of them changes
(deploy/varnish/default.vcl strips the header before readers see it).

Only two kinds of request ever meet the page cache itself: a GET or HEAD
without a session cookie or credentials (an anonymous reader), and only a
public response that sets no cookie is stored, with its tags and the time its
render began. A hit is served only while none of its tags changed since
(journos.core.caching.store), so a purge is immediate for every variant of a
page (any query string, any host) and a render racing a purge cannot put the
old page back.

Why not wagtail-cache or Django's cache middleware: both purge by URL, and
neither knows which pages show a changed headline.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from journos.core.caching.dependencies import collecting
from journos.core.caching.store import lookup, store_entry, unchanged_since

HEADER = "X-Page-Cache"
TAGS_HEADER = "X-Cache-Tags"
# Past this, proxies would refuse the header: such a page is not kept by shared caches.
MAX_TAGS_HEADER = 7000
# Vary values that do not change an anonymous reader's page here.
HARMLESS_VARY = {"cookie", "accept-encoding"}


def mark_public(response):
    """Let browsers and shared caches (proxy, CDN) keep a public page."""
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_CACHE_MAX_AGE,
        s_maxage=settings.PAGE_CACHE_S_MAXAGE,
        stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
    )
    return response


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


class PageCacheMiddleware:
    """Serve anonymous page views from the cache; tag and store what views marked public."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        use_cache = settings.PAGE_CACHE_ENABLED and is_anonymous_read(request)
        key = entry_key(request) if use_cache else None
        if use_cache:
            entry, fresh = lookup(page_cache(), key)
            if fresh:
                return thaw(entry[2])
        with collecting() as frame:
            response = self.get_response(request)
        if not is_public(response):
            return response
        tags = f",{','.join(sorted(frame.tags))},"  # commas around each, as deploy/varnish/default.vcl bans them
        if frame.used_stale or len(tags) > MAX_TAGS_HEADER or not replica_caught_up(frame):
            # Part of it is known to be out of date: shared caches may keep it only for a moment.
            patch_cache_control(response, max_age=0, s_maxage=settings.PAGE_CACHE_STALE_SECONDS)
            return response
        response[TAGS_HEADER] = tags
        if use_cache and request.method == "GET" and is_shareable(response):
            store_entry(page_cache(), key, frame, freeze(response), shared_lifetime(response))
            response[HEADER] = "miss"
        return response


def replica_caught_up(frame) -> bool:
    """Whether a render read from a replica (journos.core.replicas) surely shows every change purged so far.

    Its frame counts as begun as long before as the replica may lag: a change since then may be missing.
    """
    from journos.core.replicas import stale_allowance_ns

    return not stale_allowance_ns() or unchanged_since(frame.started, frame.tags)


def is_anonymous_read(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def is_public(response) -> bool:
    return bool(response.get("Cache-Control")) and shared_lifetime(response) > 0


def shared_lifetime(response) -> int:
    """Seconds a shared cache may keep the response: 0 unless it is public."""
    directives = {}
    for part in response.get("Cache-Control", "").lower().split(","):
        name, _, value = part.strip().partition("=")
        directives[name] = value
    if "public" not in directives or {"private", "no-store", "no-cache"} & directives.keys():
        return 0
    age = directives.get("s-maxage", directives.get("max-age", "0"))
    return int(age) if age.isdigit() else 0


def is_shareable(response) -> bool:
    vary = {value.strip().lower() for value in response.get("Vary", "").split(",") if value.strip()}
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Content-Encoding")
        and vary <= HARMLESS_VARY
    )


def freeze(response) -> tuple:
    return (response.status_code, list(response.items()), response.content)


def thaw(frozen: tuple) -> HttpResponse:
    status, headers, content = frozen
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response[HEADER] = "hit"
    return response


def entry_key(request) -> str:
    parts = (request.scheme, request.get_host(), request.path, request.META.get("QUERY_STRING", ""))
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()

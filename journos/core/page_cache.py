"""Full-page cache for anonymous readers, in Django's cache framework.

Only two kinds of request ever meet the cache: a GET or HEAD without a
session cookie or credentials (an anonymous reader), and only a response the
view itself marked `Cache-Control: public` (journos.core.cache.mark_public),
that sets no cookie, is stored. A signed-in reader carries a session cookie,
so their pages are neither read from nor written to the cache.

Purging is by path: each path has a random "generation" token that is part of
its entries' keys. `purge_paths()` replaces the tokens, so every cached
variant of the path (any query string, any host) becomes unreachable at once.
A render that began before a purge stores its result under the old token,
where no one looks again: a purge can never be undone by a slow request.

Why not wagtail-cache or Django's cache middleware: both key entries by URL
plus Vary headers and purge through a shared key map (wagtail-cache) or
private key functions (Django), and neither can drop all query-string
variants of a path at once nor survive a render racing a purge.
"""

import hashlib
import re
import secrets

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

HEADER = "X-Page-Cache"
# Vary values that do not change an anonymous reader's page here.
HARMLESS_VARY = {"cookie", "accept-encoding"}
MAX_AGE = re.compile(r"(?:^|,)\s*(s-maxage|max-age)\s*=\s*(\d+)", re.IGNORECASE)
NOT_SHARED = re.compile(r"(?:^|,)\s*(private|no-store|no-cache)\b", re.IGNORECASE)


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


class PageCacheMiddleware:
    """Serve anonymous page views from the cache; store what views marked public."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.PAGE_CACHE_ENABLED and is_anonymous_read(request)):
            return self.get_response(request)
        cache = page_cache()
        key = entry_key(request, generation(cache, request.path))
        entry = cache.get(key)
        if entry is not None:
            return thaw(entry)
        response = self.get_response(request)
        timeout = shared_lifetime(response)
        if request.method == "GET" and timeout and is_shareable(response):
            cache.set(key, freeze(response), timeout)
            response[HEADER] = "miss"
        return response


def is_anonymous_read(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def shared_lifetime(response) -> int:
    """Seconds a shared cache may keep the response: 0 unless it is public."""
    cache_control = response.get("Cache-Control", "")
    if "public" not in cache_control.lower() or NOT_SHARED.search(cache_control):
        return 0
    ages = {name.lower(): int(value) for name, value in MAX_AGE.findall(cache_control)}
    return ages.get("s-maxage", ages.get("max-age", 0))


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


def thaw(entry: tuple) -> HttpResponse:
    status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response[HEADER] = "hit"
    return response


def generation_key(path: str) -> str:
    return "generation:" + hashlib.sha256(path.encode()).hexdigest()


def generation(cache, path: str) -> str:
    key = generation_key(path)
    token = cache.get(key)
    if token is None:
        token = secrets.token_hex(8)
        if not cache.add(key, token, timeout=None):
            token = cache.get(key, token)
    return token


def entry_key(request, token: str) -> str:
    parts = (request.scheme, request.get_host(), request.path, request.META.get("QUERY_STRING", ""), token)
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def purge_paths(paths) -> None:
    """Forget every cached variant of these paths (whatever the host or query string)."""
    tokens = {generation_key(path): secrets.token_hex(8) for path in set(paths)}
    if tokens:
        page_cache().set_many(tokens, timeout=None)


def purge_all() -> None:
    page_cache().clear()

"""Caching helpers: public Cache-Control, and the content generation.

Cached HTML fragments (listings, article bodies, sidebars) include the
*content generation* in their keys. Publishing, unpublishing, moving or
deleting any page bumps it, so every fragment that might show that page is
rebuilt on next view; untouched fragments simply expire. Within one request
the generation is read once (ContentGenerationMiddleware): a consistent
snapshot, and one cache round trip instead of one per fragment.
"""

import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import patch_cache_control

GENERATION_KEY = "journos:content-generation"
_request_generation: ContextVar[list | None] = ContextVar("journos_request_generation", default=None)


class ContentGenerationMiddleware:
    """Remember the content generation for the rest of the request once it has been read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_generation.set([])
        try:
            return self.get_response(request)
        finally:
            _request_generation.reset(token)


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


def content_generation() -> int:
    remembered = _request_generation.get()
    if remembered:
        return remembered[0]
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = time.time_ns()
        cache.add(GENERATION_KEY, generation, None)
    if remembered is not None:  # inside a request: keep it for the request's other fragments
        remembered.append(generation)
    return generation


def cached_until_content_changes(name: str, compute):
    """`compute()`'s result, kept under the current content generation (None is never stored)."""
    key = f"journos:{name}:{content_generation()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        if value is not None:
            cache.set(key, value, settings.FRAGMENT_CACHE_SECONDS)
    return value


def bump_content_generation(**kwargs) -> None:
    """Signal receiver: published content changed, so cached fragments are stale.

    Bumped at once and again when the transaction commits: a reader who renders
    between the two (still seeing the old content) cannot leave a stale fragment
    under the generation that stays.
    """
    new_content_generation()
    transaction.on_commit(new_content_generation)


def new_content_generation() -> None:
    cache.set(GENERATION_KEY, time.time_ns(), None)
    remembered = _request_generation.get()
    if remembered:  # this request changed content: what it renders next uses the new generation
        remembered.clear()

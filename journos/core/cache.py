"""Caching helpers: public Cache-Control, and the content generation.

Cached HTML fragments (listings, article bodies, sidebars) include the
*content generation* in their keys. Publishing, unpublishing, moving or
deleting any page bumps it, so every fragment that might show that page is
rebuilt on next view; untouched fragments simply expire.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import patch_cache_control

GENERATION_KEY = "journos:content-generation"


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
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = time.time_ns()
        cache.add(GENERATION_KEY, generation, None)
    return generation


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

from django.conf import settings
from django.utils.cache import patch_cache_control


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

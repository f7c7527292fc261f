"""Whether any page is private (has a view restriction), cached.

Almost no news page is private, so asking the database on every request is
waste; when no restriction exists anywhere the answer is known without a
query. The flag is cleared whenever a restriction is saved or deleted, and
expires after a minute as a safety net for per-process caches.
"""

from django.core.cache import cache

from wagtail.models import PageViewRestriction

RESTRICTIONS_KEY = "journos:any-view-restrictions"


def any_view_restrictions() -> bool:
    value = cache.get(RESTRICTIONS_KEY)
    if value is None:
        value = PageViewRestriction.objects.exists()
        cache.set(RESTRICTIONS_KEY, value, 60)
    return value


def forget_view_restrictions(**kwargs) -> None:
    cache.delete(RESTRICTIONS_KEY)

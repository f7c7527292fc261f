"""Publishing changes that must show at once in the cached widgets and the beacon."""

from django.core.cache import cache

from journos.engagement import widgets


def article_changed(sender, instance, **kwargs):
    """An article was published, unpublished or deleted: drop what was cached about it."""
    cache.delete(f"engagement:countable:{instance.pk}")
    widgets.forget_sidebar()

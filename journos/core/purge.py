"""What to purge when a page changes, from the app's page cache and the caching proxy.

`urls_to_purge(page)` is the page itself, its ancestors (the sections and the
home page that list it) and whatever the apps add through the Wagtail hook
`journos_purge_urls`: a function taking the page and returning the URLs (full,
or paths on the page's site) of everything else that shows it, e.g.

    @hooks.register("journos_purge_urls")
    def feed_urls(page):
        return feed_urls_for(page) if isinstance(page, ArticlePage) else []

Publishing, unpublishing, moving, renaming and deleting a page purge those
URLs once the database transaction commits (a purge before the commit would
let a reader re-cache the old version): the page cache at once, the caching
proxy through Wagtail's frontend-cache module (a background task).
"""

import logging
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models.signals import pre_delete

from wagtail import hooks
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move, pre_page_move

from journos.core import page_cache
from journos.core.cache import new_content_generation

logger = logging.getLogger("journos.purge")

PURGE_URLS_HOOK = "journos_purge_urls"


def urls_to_purge(page) -> set[str]:
    """Full URLs of every page that shows `page`."""
    page = page.specific_deferred
    root_url = site_root_url(page)
    urls = {page.get_full_url()}
    urls.update(ancestor.get_full_url() for ancestor in page.get_ancestors().filter(depth__gt=1))
    for hook in hooks.get_hooks(PURGE_URLS_HOOK):
        urls.update(urljoin(root_url, url) for url in hook(page) or ())
    urls.discard(None)
    return urls


def site_root_url(page) -> str:
    site = page.get_site()
    return (site.root_url if site else settings.SITE_URL) + "/"


def purge_urls(urls) -> None:
    """Purge now: the page cache by path, the proxy by full URL (a task the worker runs)."""
    urls = sorted(set(urls))
    if not urls:
        return
    logger.info("Purging %d URL(s): %s", len(urls), " ".join(urls))
    new_content_generation()  # first: pages rendered again must not reuse stale fragments
    page_cache.purge_paths(urlsplit(url).path for url in urls)
    purge_urls_from_cache(urls)


def purge_page_on_commit(page) -> None:
    urls = urls_to_purge(page)  # now, while relations (tags, authors) still exist
    transaction.on_commit(lambda: purge_urls(urls))


def on_published_or_unpublished(sender, instance, **kwargs):
    purge_page_on_commit(instance)


def on_slug_changed(sender, instance, instance_before, **kwargs):
    purge_page_on_commit(instance_before)  # the old address; page_published covers the new one


def on_move(sender, instance, **kwargs):
    # Sent before the move (old parents and address) and after it (new ones).
    purge_page_on_commit(instance.specific)


def on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page) and type(instance) is not Page and instance.live:
        purge_page_on_commit(instance)


def connect_signals() -> None:
    page_published.connect(on_published_or_unpublished, dispatch_uid="journos-purge-published")
    page_unpublished.connect(on_published_or_unpublished, dispatch_uid="journos-purge-unpublished")
    page_slug_changed.connect(on_slug_changed, dispatch_uid="journos-purge-slug")
    pre_page_move.connect(on_move, dispatch_uid="journos-purge-pre-move")
    post_page_move.connect(on_move, dispatch_uid="journos-purge-post-move")
    pre_delete.connect(on_delete, dispatch_uid="journos-purge-delete")

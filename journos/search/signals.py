"""Keep search current: the index on publish, and cached searches when editors' picks change.

Wagtail indexes a page on post_save, but a page's child relations (an
article's authors and tags, its extra categories) are written just *after*
that signal, so a publish that only changes them would leave the index a step
behind. Re-indexing the published page once more on `page_published`, when
everything is saved, closes that gap. Unpublish and delete need nothing more:
search only shows live pages, and Wagtail drops deleted pages from the index.

Cached search pages are purged with every article change through the
`journos_purge_urls` hook (wagtail_hooks.py), and here when a promotion changes.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search import index
from wagtail.signals import page_published

from journos.core.purge import purge_urls
from journos.core.urls import absolute_url
from journos.news.models import ArticlePage
from journos.search.wagtail_hooks import search_paths


def reindex_published_article(sender, instance, **kwargs):
    index.insert_or_update_object(instance)


def purge_search_pages(sender, **kwargs):
    urls = [absolute_url(path) for path in search_paths()]
    transaction.on_commit(lambda: purge_urls(urls))


def connect():
    page_published.connect(reindex_published_article, sender=ArticlePage, dispatch_uid="search-reindex-article")
    post_save.connect(purge_search_pages, sender=SearchPromotion, dispatch_uid="search-purge-promotion-saved")
    post_delete.connect(purge_search_pages, sender=SearchPromotion, dispatch_uid="search-purge-promotion-deleted")

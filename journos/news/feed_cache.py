"""Feed responses cached per URL, dropped when an article they list changes.

`feed_urls_for(article)` lists every feed an article appears in; the signal
handlers below delete those cached feeds, and a proxy purge can reuse it.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.encoding import escape_uri_path
from django.views.decorators.http import require_safe

from wagtail.models import Page

from journos.core.cache import mark_public
from journos.news import feeds


def cache_key(path: str) -> str:
    return f"journos:feed:{path}"


@require_safe
def feed_view(request, kind: str, fmt: str, **kwargs):
    """Serve a feed from the cache, building it on a miss. Query strings never bypass the cache."""
    key = cache_key(escape_uri_path(request.path))
    cached = cache.get(key)
    if cached is None:
        response = feeds.FEEDS[kind](fmt)(request, **kwargs)  # Http404 for an unknown section, author or tag
        cached = {
            "content": response.content,
            "content_type": response["Content-Type"],
            "last_modified": response.get("Last-Modified"),
        }
        cache.set(key, cached, settings.FEED_CACHE_SECONDS)
    response = HttpResponse(cached["content"], content_type=cached["content_type"])
    if cached["last_modified"]:
        response["Last-Modified"] = cached["last_modified"]
    return mark_public(response)


def section_feed_urls(page) -> list[str]:
    """Feeds of the sections a page sits in: a section lists its subsections' articles too."""
    sections = Page.objects.ancestor_of(page, inclusive=True).type(_section_model())
    return [url for pk in sections.values_list("pk", flat=True) for url in _both_formats("section-feed", pk=pk)]


def feed_urls_for(article) -> list[str]:
    """Absolute URLs of every feed that lists the article: site, sections, authors, tags."""
    urls = _both_formats("site-feed")
    urls += section_feed_urls(article)
    for pk in article.extra_categories.values_list("pk", flat=True):
        urls += _both_formats("section-feed", pk=pk)
    for author in article.authors:
        urls += _both_formats("author-feed", pk=author.pk)
    for tag in article.tags.all():
        urls += _both_formats("tag-feed", slug=tag.slug)
    return list(dict.fromkeys(urls))


def forget_feeds(urls: list[str]) -> None:
    """Drop the cached feeds now, and again once the publish commits, so that a reader
    fetching a feed in between cannot put the old version back for FEED_CACHE_SECONDS."""
    keys = [cache_key(urlsplit(url).path) for url in urls]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def _both_formats(url_name: str, **kwargs) -> list[str]:
    return [feeds.feed_url(url_name, fmt, **kwargs) for fmt in feeds.FORMATS]


def _section_model():
    from journos.news.models import SectionPage

    return SectionPage


# Signal handlers, connected in NewsConfig.ready().


def on_article_changed(sender, instance, **kwargs):
    forget_feeds(feed_urls_for(instance))


def on_article_moved(sender, instance, parent_page_before, **kwargs):
    if instance.live:
        forget_feeds(feed_urls_for(instance.specific) + section_feed_urls(parent_page_before))


def on_article_deleted(sender, instance, **kwargs):
    if instance.live:
        forget_feeds(feed_urls_for(instance))

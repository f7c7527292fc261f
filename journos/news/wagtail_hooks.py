from django.urls import reverse

from wagtail import hooks

from journos.core.purge import PURGE_URLS_HOOK
from journos.news import selectors
from journos.news.models import ArticlePage

try:  # the feeds (site, section, author, tag) come with the SEO work
    from journos.news.feed_cache import feed_urls_for
except ImportError:

    def feed_urls_for(article):
        return []


@hooks.register(PURGE_URLS_HOOK)
def pages_listing_an_article(page):
    """Besides its sections and the home page: the other pages that show an article."""
    if not isinstance(page, ArticlePage):
        return []
    urls = [section.url for section in page.extra_categories.all()]
    urls += [author.url for author in page.authors]
    urls += [reverse("tag_archive", args=[tag.slug]) for tag in page.tags.all()]
    urls += [neighbour.url for neighbour in selectors.adjacent_articles(article=page) if neighbour]
    urls += feed_urls_for(page)
    urls.append(reverse("sitemap"))
    return urls

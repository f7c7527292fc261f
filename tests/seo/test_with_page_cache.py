"""With the production full-page cache on, feeds and sitemaps are fresh right after a publish."""

import feedparser
import pytest

from journos.core.caching.page_cache import HEADER
from journos.news.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def test_feeds_and_sitemaps_are_purged_when_an_article_is_published(
    client, article, diplomacy, ana, django_capture_on_commit_callbacks
):
    urls = [
        "/feeds/rss/",
        f"/feeds/sections/{diplomacy.pk}/atom/",
        f"/feeds/authors/{ana.pk}/rss/",
        "/feeds/tags/geneva/atom/",
        "/news-sitemap.xml",
        "/sitemap-articles.xml",
    ]
    for url in urls:
        client.get(url)
        assert client.get(url)[HEADER] == "hit", url

    story = ArticlePageFactory(
        parent=diplomacy, title="Breaking: ceasefire", live=False, authors=[ana], tags=["Geneva"], featured_image=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()

    for url in urls:
        response = client.get(url)
        assert response[HEADER] == "miss", f"{url} was served from the page cache"
        content = response.content.decode()
        assert "ceasefire" in content.lower(), url
    assert feedparser.parse(client.get("/feeds/rss/").content).entries[0].title == "Breaking: ceasefire"

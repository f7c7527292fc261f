"""Cached searches (page cache and caching proxy) are dropped when what they list changes."""

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest

from journos.core.caching.page_cache import HEADER


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def warm(client, make_article):
    make_article(title="Walrus colony returns")
    for path in ("/search/", "/search/live/"):
        assert client.get(path, {"q": "walrus"})[HEADER] == "miss"
        assert client.get(path, {"q": "walrus"})[HEADER] == "hit"


def test_publishing_an_article_refreshes_cached_searches(
    client, warm, make_article, django_capture_on_commit_callbacks
):
    article = make_article(title="Walrus census published", live=False, first_published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    page = client.get("/search/", {"q": "walrus"})
    assert page[HEADER] == "miss"
    assert "Walrus census published" in page.content.decode()
    live = client.get("/search/live/", {"q": "walrus"})
    assert "Walrus census published" in [result["title"] for result in live.json()["results"]]


def test_a_new_editors_pick_refreshes_cached_searches(client, warm, make_article, django_capture_on_commit_callbacks):
    pick = make_article(title="Harbour authority report")
    assert client.get("/search/", {"q": "walrus"})[HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        SearchPromotion.objects.create(query=Query.get("walrus"), page=pick, sort_order=0)
    page = client.get("/search/", {"q": "walrus"})
    assert page[HEADER] == "miss"
    assert "Harbour authority report" in page.content.decode()

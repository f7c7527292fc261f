"""Publishing, unpublishing, moving or deleting an article purges every page that shows it."""

from wagtail.models import Page

import pytest

from journos.core.page_cache import HEADER
from journos.core.purge import urls_to_purge
from journos.news.feed_cache import feed_urls_for
from journos.news.models import ArticlePage
from journos.news.sitemaps import sitemap_paths

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

SITE = "http://localhost"
# Any search may list the article (journos.search): the search paths are purged too.
SEARCH_URLS = {SITE + "/search/", SITE + "/search/live/"}


def pages_showing_the_article(newsroom):
    """Everything that shows the article, by URL path."""
    return {
        "article": newsroom["article"].url,
        "primary section": newsroom["diplomacy"].url,
        "parent section": newsroom["politics"].url,
        "extra section": newsroom["economy"].url,
        "home": "/",
        "tag": "/tags/summit/",
        "author": newsroom["author"].url,
        "previous article": newsroom["older"].url,
        "sitemap": "/sitemap.xml",
        "related posts (Load more)": f"/engagement/related/{newsroom['article'].pk}/",
    }


@pytest.fixture
def warm(client, newsroom):
    """Every page that shows the article, cached (feeds and sitemaps: tests/seo/test_with_page_cache.py)."""
    urls = pages_showing_the_article(newsroom)
    urls.pop("sitemap")
    for url in urls.values():
        assert client.get(url)[HEADER] == "miss", url
        assert client.get(url)[HEADER] == "hit", url
    return urls


def assert_all_fresh(client, urls, expect=None):
    for name, url in urls.items():
        response = client.get(url)
        assert response[HEADER] == "miss", f"{name} ({url}) was still served from the cache"
        if expect is not None and name != "article":
            assert (expect in response.content.decode()) is True, f"{name} does not show {expect!r}"


def everything_purged(newsroom) -> set[str]:
    """The pages showing the article, its feeds, every sitemap and the cached searches."""
    pages = {SITE + url for url in pages_showing_the_article(newsroom).values()}
    feeds = set(feed_urls_for(newsroom["article"]))
    return pages | feeds | {SITE + path for path in sitemap_paths()} | SEARCH_URLS


def test_urls_to_purge_lists_every_page_showing_the_article(newsroom):
    assert urls_to_purge(newsroom["article"]) == everything_purged(newsroom)


def test_publishing_purges_every_page_that_shows_the_article(
    client, newsroom, warm, proxy, django_capture_on_commit_callbacks
):
    article = ArticlePage.objects.get(pk=newsroom["article"].pk)
    article.title = "Summit ends with a deal"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    assert_all_fresh(client, warm, expect="Summit ends with a deal")
    assert "Summit ends with a deal" in client.get(article.url).content.decode()
    assert set(proxy.purged) == everything_purged(newsroom)


def test_nothing_is_purged_before_the_transaction_commits(client, newsroom, warm, django_capture_on_commit_callbacks):
    article = ArticlePage.objects.get(pk=newsroom["article"].pk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.save_revision().publish()
        assert client.get(article.url)[HEADER] == "hit"
    assert callbacks


def test_unpublishing_purges_every_page_that_showed_it(client, newsroom, warm, django_capture_on_commit_callbacks):
    article = ArticlePage.objects.get(pk=newsroom["article"].pk)
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()

    assert client.get(warm.pop("article")).status_code == 404
    assert client.get(warm.pop("related posts (Load more)")).status_code == 404
    assert_all_fresh(client, warm)
    for name in ("home", "primary section", "extra section", "tag", "author"):
        assert "Summit ends without deal" not in client.get(warm[name]).content.decode(), name


def test_deleting_purges_every_page_that_showed_it(client, newsroom, warm, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=newsroom["article"].pk).specific.delete()

    assert client.get(warm.pop("article")).status_code == 404
    assert client.get(warm.pop("related posts (Load more)")).status_code == 404
    warm.pop("tag")  # a tag with no articles left is gone: 404 is the freshest answer
    assert_all_fresh(client, warm)
    assert "Summit ends without deal" not in client.get("/").content.decode()


def test_moving_purges_the_old_and_the_new_places(client, newsroom, warm, django_capture_on_commit_callbacks):
    article = ArticlePage.objects.get(pk=newsroom["article"].pk)
    old_url = article.url
    with django_capture_on_commit_callbacks(execute=True):
        article.move(newsroom["economy"], pos="last-child")

    article.refresh_from_db()
    assert client.get(old_url)["Location"] == article.url  # Wagtail's automatic redirect, not the cached page
    assert client.get(article.url).status_code == 200
    assert_all_fresh(client, {name: url for name, url in warm.items() if name != "article"})
    assert "Summit ends without deal" not in client.get(newsroom["diplomacy"].url).content.decode()


def test_renaming_the_address_purges_the_old_one(client, newsroom, warm, django_capture_on_commit_callbacks):
    article = ArticlePage.objects.get(pk=newsroom["article"].pk)
    article.slug = "summit-talks"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    assert client.get(warm["article"])["Location"] == "/politics/diplomacy/summit-talks/"
    assert client.get("/politics/diplomacy/summit-talks/").status_code == 200


def test_other_apps_can_add_what_they_show(newsroom):
    from wagtail import hooks

    with hooks.register_temporarily("journos_purge_urls", lambda page: ["/feeds/latest/"]):
        assert SITE + "/feeds/latest/" in urls_to_purge(newsroom["article"])

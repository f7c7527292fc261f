"""One invalidation model: editing anything refreshes every page that shows it, and nothing else.

Pages are cached in the app's page cache (the production setting); each edit
commits, and then every page showing the edited thing must be rendered afresh
("miss") with the change, the caching proxy must be told its tags, and pages
that do not show it stay cached ("hit"). The same through Varnish:
tests/production/test_stack.py.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, Site

import pytest
from taggit.models import Tag

from journos.core.caching.page_cache import HEADER
from journos.core.models import NavigationSettings, SiteSettings
from journos.engagement.models import RecommendedSettings
from journos.news.factories import ArticlePageFactory
from journos.news.models import ArticlePage, AuthorPage, SectionPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def places(newsroom):
    """Every page that shows the article, by name; `sibling` lists it among its related posts."""
    sibling = ArticlePageFactory(parent=newsroom["diplomacy"], title="Delegates pack up", slug="delegates")
    newsroom["sibling"] = sibling
    article = newsroom["article"]
    return {
        "article": article.url,
        "primary section": newsroom["diplomacy"].url,
        "parent section": newsroom["politics"].url,
        "extra section": newsroom["economy"].url,
        "home": "/",
        "tag": "/tags/summit/",
        "author": newsroom["author"].url,
        "previous article": newsroom["older"].url,
        "related posts of another article": sibling.url,
        "related posts (Load more)": f"/engagement/related/{sibling.pk}/?page=1",
        "site feed": "/feeds/rss/",
        "section feed": f"/feeds/sections/{newsroom['diplomacy'].pk}/atom/",
        "search": "/search/?q=summit",
    }


def warm(client, urls):
    for name, url in urls.items():
        assert client.get(url).status_code == 200, f"{name} ({url})"
        assert client.get(url)[HEADER] == "hit", f"{name} ({url})"


def assert_fresh(client, urls, showing=None):
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, f"{name} ({url})"
        assert response[HEADER] == "miss", f"{name} ({url}) was still served from the cache"
        if showing is not None:
            assert showing in response.content.decode(), f"{name} ({url}) does not show {showing!r}"


def outside_sidebar(html: str) -> str:
    return html.split('class="sidebar"', 1)[0]


def assert_still_cached(client, urls, not_showing):
    for name, url in urls.items():
        response = client.get(url)
        assert not_showing not in response.content.decode(), f"{name} shows {not_showing!r}: pick another page"
        assert response[HEADER] == "hit", f"{name} ({url}) was purged though it does not show the change"


def publish(page, django_capture_on_commit_callbacks, **changes):
    page = type(page).objects.get(pk=page.pk)
    for field, value in changes.items():
        setattr(page, field, value)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    return page


def test_a_new_headline_reaches_every_page_showing_it_and_no_other(
    client, newsroom, places, elsewhere, proxy, django_capture_on_commit_callbacks
):
    warm(client, places | elsewhere)
    publish(newsroom["article"], django_capture_on_commit_callbacks, title="Summit ends with a deal")

    assert_fresh(client, places, showing="Summit ends with a deal")
    assert_still_cached(client, elsewhere, not_showing="Summit ends with a deal")
    assert proxy.banned and f"page:{newsroom['article'].pk}" in proxy.banned[-1]


def test_nothing_is_purged_before_the_transaction_commits(
    client, newsroom, places, proxy, django_capture_on_commit_callbacks
):
    warm(client, places)
    article = ArticlePage.objects.get(pk=newsroom["article"].pk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.save_revision().publish()
    assert callbacks and not proxy.banned


def test_unpublishing_removes_it_from_every_page(client, newsroom, places, django_capture_on_commit_callbacks):
    warm(client, places)
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=newsroom["article"].pk).unpublish()

    assert client.get(places.pop("article")).status_code == 404
    places.pop("tag")  # no article left with the tag: 404 is the fresh answer
    for name, url in places.items():
        response = client.get(url)
        assert response[HEADER] == "miss", name
        assert "Summit ends without deal" not in response.content.decode(), name


def test_deleting_removes_it_from_every_page(client, newsroom, places, django_capture_on_commit_callbacks):
    warm(client, places)
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=newsroom["article"].pk).specific.delete()

    assert client.get(places.pop("article")).status_code == 404
    places.pop("tag")
    for name, url in places.items():
        assert "Summit ends without deal" not in client.get(url).content.decode(), name


def test_moving_refreshes_the_old_and_the_new_places(client, newsroom, places, django_capture_on_commit_callbacks):
    warm(client, places)
    article = ArticlePage.objects.get(pk=newsroom["article"].pk)
    old_url = article.url
    with django_capture_on_commit_callbacks(execute=True):
        article.move(newsroom["economy"], pos="last-child")

    article.refresh_from_db()
    assert client.get(old_url)["Location"] == article.url  # Wagtail's automatic redirect, not the cached page
    old_section = client.get(newsroom["diplomacy"].url).content.decode()
    assert "Summit ends without deal" not in outside_sidebar(old_section)  # Popular News may list it anywhere
    assert article.url in client.get("/").content.decode()


def test_a_new_address_is_served_at_once(client, newsroom, places, django_capture_on_commit_callbacks):
    warm(client, places)
    publish(newsroom["article"], django_capture_on_commit_callbacks, slug="summit-talks")

    assert client.get(places["article"])["Location"] == "/politics/diplomacy/summit-talks/"
    assert client.get("/politics/diplomacy/summit-talks/").status_code == 200
    assert "/politics/diplomacy/summit-talks/" in client.get(places["primary section"]).content.decode()


def test_a_renamed_section_shows_on_its_articles_and_the_home_page(
    client, newsroom, elsewhere, django_capture_on_commit_callbacks
):
    showing = {"article": newsroom["article"].url, "section": newsroom["diplomacy"].url, "home": "/"}
    warm(client, showing | elsewhere)
    publish(newsroom["diplomacy"], django_capture_on_commit_callbacks, title="Foreign affairs")

    assert_fresh(client, showing, showing="Foreign affairs")
    assert_still_cached(client, elsewhere, not_showing="Foreign affairs")


def test_a_renamed_author_shows_in_every_byline(client, newsroom, elsewhere, django_capture_on_commit_callbacks):
    showing = {"article": newsroom["article"].url, "author page": newsroom["author"].url}
    warm(client, showing | elsewhere)
    publish(
        AuthorPage.objects.get(pk=newsroom["author"].pk), django_capture_on_commit_callbacks, title="Ana Ruiz-Vega"
    )

    assert_fresh(client, showing, showing="Ana Ruiz-Vega")
    assert_still_cached(client, elsewhere, not_showing="Ana Ruiz-Vega")


def test_a_renamed_tag_shows_on_its_articles_and_archive(
    client, newsroom, elsewhere, django_capture_on_commit_callbacks
):
    showing = {"article": newsroom["article"].url, "tag archive": "/tags/summit/"}
    warm(client, showing | elsewhere)
    tag = Tag.objects.get(slug="summit")
    tag.name = "Summit diplomacy"
    with django_capture_on_commit_callbacks(execute=True):
        tag.save()

    assert_fresh(client, showing, showing="Summit diplomacy")
    assert_still_cached(client, elsewhere, not_showing="Summit diplomacy")


def test_an_edited_image_shows_wherever_it_is_used(client, newsroom, elsewhere, django_capture_on_commit_callbacks):
    showing = {"article": newsroom["article"].url, "section": newsroom["diplomacy"].url}
    warm(client, showing | elsewhere)
    image = newsroom["article"].featured_image
    image.description = "Delegates leaving the conference hall"
    with django_capture_on_commit_callbacks(execute=True):
        image.save()

    assert_fresh(client, {"article": showing.pop("article")}, showing="Delegates leaving the conference hall")
    assert_fresh(client, showing)  # its card shows the picture (decorative there: no alt text)
    assert_still_cached(client, elsewhere, not_showing="Delegates leaving the conference hall")


def test_navigation_and_site_settings_reach_every_page(
    client, newsroom, places, elsewhere, proxy, django_capture_on_commit_callbacks
):
    everywhere = places | elsewhere
    site = Site.objects.get(is_default_site=True)
    warm(client, everywhere)
    settings = SiteSettings.for_site(site)
    settings.tagline = "News from the lakeside, every hour"
    with django_capture_on_commit_callbacks(execute=True):
        settings.save()
    for name, url in everywhere.items():
        if not url.startswith("/feeds/"):  # feeds have no footer
            assert "News from the lakeside, every hour" in client.get(url).content.decode(), name
    assert "all" in proxy.banned[-1]

    warm(client, everywhere)
    navigation = NavigationSettings.for_site(site)
    navigation.header_links.create(page=newsroom["economy"], label="Money matters")
    with django_capture_on_commit_callbacks(execute=True):
        navigation.save()
    assert_fresh(client, {name: url for name, url in everywhere.items() if "feed" not in name}, "Money matters")


def test_a_recommended_pick_shows_in_every_sidebar(client, newsroom, elsewhere, django_capture_on_commit_callbacks):
    pick = ArticlePageFactory(parent=newsroom["economy"], title="Pension reform explained", slug="pensions")
    pages = {"home": "/", "article": newsroom["article"].url} | elsewhere
    warm(client, pages)
    recommended = RecommendedSettings.for_site(Site.objects.get(is_default_site=True))
    recommended.items.create(article=pick)
    with django_capture_on_commit_callbacks(execute=True):
        recommended.save()

    for name, url in pages.items():
        html = client.get(url).content.decode()
        assert 'class="widget recommended"' in html, name
        # Popular News (the newest, on a new site) may list it anyway: look in Recommended.
        recommended_box = html.split('class="widget recommended"', 1)[-1].split("</section>", 1)[0]
        assert "Pension reform explained" in recommended_box, name


def test_a_search_promotion_refreshes_cached_searches_only(
    client, newsroom, elsewhere, django_capture_on_commit_callbacks
):
    search = {"search": "/search/?q=summit"}
    warm(client, search | elsewhere)
    with django_capture_on_commit_callbacks(execute=True):
        SearchPromotion.objects.create(query=Query.get("summit"), page=newsroom["older"], sort_order=0)

    assert_fresh(client, search, showing="Older story")
    assert_still_cached(client, elsewhere, not_showing="Older story")


def render_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_publishing_in_one_section_leaves_another_sections_fragments_warm(
    client, settings, newsroom, elsewhere, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = False  # measure the fragments themselves
    sports = SectionPage.objects.get(slug="sports")
    client.get(sports.url)
    warm_queries = render_queries(client, sports.url)

    publish(newsroom["article"], django_capture_on_commit_callbacks, title="Summit ends with a deal")

    assert render_queries(client, sports.url) == warm_queries
    assert render_queries(client, newsroom["diplomacy"].url) > warm_queries  # its listing was rebuilt

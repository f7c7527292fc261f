"""In a real browser: the beacon counts the view, a share is recorded, "Load more" appends in place."""

import pytest
from playwright.sync_api import expect

from journos.engagement import selectors
from journos.news.factories import ArticlePageFactory, SectionPageFactory, paragraphs
from tests.engagement.conftest import BROWSER_UA
from tests.utils import make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reader_page(browser):
    """A desktop browser that does not announce itself as headless (headless browsers count as bots)."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, user_agent=BROWSER_UA)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def section():
    return SectionPageFactory(parent=make_site(), title="Science")


def is_beacon(event: str):
    def matches(response):
        request = response.request
        return request.url.endswith("/engagement/beacon/") and f"event={event}" in (request.post_data or "")

    return matches


def test_the_beacon_counts_the_view_and_a_share(live_server, reader_page, section):
    article = ArticlePageFactory(parent=section, title="Tide gauges record a quiet winter")
    reader_page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    counters = reader_page.locator(".counters")
    with reader_page.expect_response(is_beacon("view")) as beacon:
        reader_page.goto(live_server.url + article.url)
    assert beacon.value.status == 202
    # The HTML said 0 (and may be cached); the beacon's answer puts the fresh total in place.
    expect(reader_page.locator("[data-count=views]")).to_have_text("1")
    expect(counters).to_have_attribute("data-article", str(article.pk))

    reader_page.reload()  # the same reader again: not counted twice
    expect(reader_page.locator("[data-counter=views]")).to_have_text("1 view")
    assert selectors.article_totals(article_id=article.pk).views == 1

    with reader_page.expect_response(is_beacon("share")) as share:
        reader_page.get_by_role("link", name="Copy link").click()
    assert share.value.status == 202
    assert "network=copy" in share.value.request.post_data
    expect(reader_page.get_by_text("Link copied.")).to_be_visible()
    assert reader_page.url == live_server.url + article.url  # the copy link did not navigate
    assert selectors.article_totals(article_id=article.pk).by_kind == {"view": 1, "copy": 1}


def test_load_more_appends_related_posts_in_place(live_server, reader_page, section):
    article = ArticlePageFactory(parent=section, title="Main", body=paragraphs("Text."), featured_image=None)
    for number in range(20):
        ArticlePageFactory(parent=section, title=f"Story {number:02}", featured_image=None)
    reader_page.goto(live_server.url + article.url)
    cards = reader_page.locator("#related-posts > li")
    assert cards.count() == 9
    reader_page.get_by_role("link", name="Load more").click()
    cards.nth(17).wait_for()
    assert cards.count() == 18
    assert reader_page.url == live_server.url + article.url
    reader_page.get_by_role("link", name="Load more").click()
    cards.nth(19).wait_for()
    assert cards.count() == 20
    assert reader_page.get_by_role("link", name="Load more").count() == 0

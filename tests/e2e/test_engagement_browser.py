"""In a real browser: the beacon counts the view, a share is recorded, "Load more" appends in place."""

import pytest

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


def test_the_beacon_counts_the_view_and_a_share(live_server, reader_page, section):
    article = ArticlePageFactory(parent=section, title="Tide gauges record a quiet winter")
    reader_page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    with reader_page.expect_response(lambda r: r.url.endswith("/engagement/beacon/")) as beacon:
        reader_page.goto(live_server.url + article.url)
    # (The body of a keepalive response is not kept by Chromium: check the status, then the page.)
    assert beacon.value.status == 202
    assert reader_page.locator("[data-count=views]").inner_text() == "0"  # rendered before the count

    reader_page.reload()
    assert reader_page.locator("[data-count=views]").inner_text() == "1"
    assert " ".join(reader_page.locator(".counters").inner_text().split()).upper() == "1 VIEW 0 SHARES"

    with reader_page.expect_request(lambda r: r.url.endswith("/engagement/beacon/") and r.method == "POST") as share:
        reader_page.get_by_role("link", name="Copy link").click()
    assert "event=share" in share.value.post_data and "network=copy" in share.value.post_data
    reader_page.get_by_text("Link copied.").wait_for()
    assert reader_page.url == live_server.url + article.url  # the copy link did not navigate
    reader_page.reload()  # the share beacon has been answered by now; the page shows it
    assert reader_page.locator("[data-count=shares]").inner_text() == "1"
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

import pytest

from journos.news.factories import ArticlePageFactory, SectionPageFactory
from tests.utils import make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_load_more_appends_the_next_page_in_place(live_server, desktop_page):
    section = SectionPageFactory(parent=make_site(), title="Business", slug="business")
    for number in range(15):
        ArticlePageFactory(parent=section, title=f"Market note {number}")
    desktop_page.goto(live_server.url + "/business/")
    items = desktop_page.locator("#section-articles > li")
    assert items.count() == 12
    desktop_page.get_by_role("link", name="Load more").click()
    items.nth(12).wait_for()
    assert items.count() == 15
    assert desktop_page.url.endswith("/business/")  # stayed on the page
    assert desktop_page.get_by_role("link", name="Load more").count() == 0
    # Focus moves to the first new story, so keyboard and screen-reader users continue from there.
    assert desktop_page.evaluate("document.activeElement.textContent").startswith("Market note")

"""A live blog in Chromium: "N new updates" without moving the page, nothing refused by the CSP, and the
no-JavaScript fallback. (Through gunicorn and Varnish: tests/production/test_live_blog.py.)"""

from wagtail.rich_text import RichText

import pytest
from playwright.sync_api import expect

from journos.news.factories import AuthorPageFactory, LiveBlogPageFactory, SectionPageFactory
from journos.news.models import LiveBlogEntry, LiveBlogPage
from tests.e2e.test_content_security_policy import RECORD_VIOLATIONS
from tests.utils import make_authors_index, make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_blog(settings):
    settings.LIVE_BLOG_POLL_SECONDS = 1
    home = make_site()
    section = SectionPageFactory(parent=home, title="Harbour", slug="harbour")
    author = AuthorPageFactory(parent=make_authors_index(home), title="Ana Ruiz")
    return LiveBlogPageFactory(
        parent=section, title="Storm: live", slug="storm-live", authors=[author], entries=[{"headline": "Winds rise"}]
    )


def publish_update(live_blog, *headlines):
    page = LiveBlogPage.objects.get(pk=live_blog.pk)
    for headline in headlines:
        page.entries.add(LiveBlogEntry(headline=headline, body=[("paragraph", RichText(f"<p>{headline}.</p>"))]))
    page.save_revision().publish()


@pytest.fixture
def reader(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)  # what the CSP refuses ends up in window.__violations
    yield context.new_page()
    context.close()


def test_new_updates_wait_behind_a_button_and_go_on_top_when_pressed(live_server, reader, live_blog):
    page = reader
    page.goto(live_server.url + live_blog.url)
    entries = page.locator("[data-entry-id]")
    button = page.locator("[data-live-new]")
    expect(page.locator("[data-live-refresh]")).to_have_text(
        "Coverage is live: new updates appear here as they are published."
    )
    expect(button).to_be_hidden()

    publish_update(live_blog, "Ferries stop", "Shelters open")
    expect(button).to_have_text("2 new updates")
    expect(entries).to_have_count(1)  # nothing moved under the reader
    button.click()
    expect(entries).to_have_count(3)
    expect(entries.nth(0)).to_contain_text("Shelters open")
    expect(entries.nth(1)).to_contain_text("Ferries stop")
    expect(entries.nth(0)).to_be_focused()
    expect(button).to_be_hidden()
    assert page.evaluate("window.__violations") == []


def test_without_javascript_the_page_offers_a_reload_link(live_server, browser, live_blog):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + live_blog.url)
        publish_update(live_blog, "Ferries stop")
        page.wait_for_timeout(1100)  # the browser keeps the page one poll interval (1 s here)
        page.get_by_role("link", name="Reload the page").click()
        expect(page.locator("[data-entry-id]")).to_have_count(2)
        expect(page.locator("[data-entry-id]").first).to_contain_text("Ferries stop")
    finally:
        context.close()

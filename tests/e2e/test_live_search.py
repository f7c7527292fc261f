"""The header's live search, driven by keyboard in Chromium: the ARIA combobox pattern."""

import re

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest
from playwright.sync_api import expect

from journos.news.factories import ArticlePageFactory, SectionPageFactory
from tests.utils import make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def articles():
    home = make_site()
    science = SectionPageFactory(parent=home, title="Science")
    found = [ArticlePageFactory(parent=science, title=f"Walrus count {n}") for n in range(3)]
    pick = ArticlePageFactory(parent=science, title="Harbour authority report")
    SearchPromotion.objects.create(query=Query.get("walrus"), page=pick, sort_order=0)
    return [pick, *found]


def open_home(page, live_server):
    live_requests = []
    page.on("request", lambda request: "/search/live/" in request.url and live_requests.append(request.url))
    page.goto(live_server.url + "/")
    return page.locator("#header-search-input"), live_requests


def test_results_appear_and_are_chosen_by_keyboard(live_server, desktop_page, articles):
    page = desktop_page
    field, live_requests = open_home(page, live_server)
    listbox = page.locator("#header-search-listbox")
    field.focus()
    field.press_sequentially("walrus", delay=350)  # longer than the pause: a request per character typed

    expect(listbox).to_be_visible()
    options = listbox.locator("[role=option]")
    expect(options).to_have_count(5)  # the pick, three matches, "View All Results"
    expect(options.first).to_contain_text("Editors’ pick")
    expect(options.first).to_contain_text("Harbour authority report")
    expect(options.last).to_have_text("View All Results")
    expect(field).to_have_attribute("role", "combobox")
    expect(field).to_have_attribute("aria-expanded", "true")
    expect(page.locator("[data-live-search-status]")).to_have_text(re.compile(r"^4 results for walrus\."))
    assert not any(url.endswith("q=w") for url in live_requests), "searched before two characters"

    field.press("ArrowDown")
    expect(field).to_have_attribute("aria-activedescendant", options.nth(0).get_attribute("id"))
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    field.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(options.nth(0)).to_have_attribute("aria-selected", "false")
    field.press("ArrowUp")
    field.press("ArrowUp")  # wraps round to the last option
    expect(field).to_have_attribute("aria-activedescendant", options.last.get_attribute("id"))

    field.press("Escape")
    expect(listbox).to_be_hidden()
    expect(field).to_have_attribute("aria-expanded", "false")
    expect(field).not_to_have_attribute("aria-activedescendant", re.compile(".+"))
    expect(field).to_have_value("walrus")

    field.press("ArrowDown")  # reopens on the first option
    field.press("ArrowDown")
    second_title = options.nth(1).locator(".live-search__title").inner_text()
    field.press("Enter")
    page.wait_for_url(re.compile(r"/science/walrus-count-\d/$"))
    expect(page.locator("h1")).to_have_text(second_title)


def test_no_result_then_view_all_results(live_server, desktop_page, articles):
    page = desktop_page
    field, _ = open_home(page, live_server)
    field.focus()
    field.press_sequentially("platypus")
    options = page.locator("#header-search-listbox [role=option]")
    expect(options).to_have_count(2)
    expect(options.first).to_have_text("No Result")
    expect(options.first).to_have_attribute("aria-disabled", "true")
    expect(page.locator("[data-live-search-status]")).to_have_text("No Result for platypus.")
    field.press("ArrowDown")  # skips the "No Result" line
    expect(options.last).to_have_attribute("aria-selected", "true")
    field.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=platypus$"))
    expect(page.locator(".search-results")).to_contain_text("No articles match “platypus”.")


def test_enter_without_choosing_opens_the_results_page(live_server, desktop_page, articles):
    page = desktop_page
    field, _ = open_home(page, live_server)
    field.focus()
    field.press_sequentially("walrus count")
    expect(page.locator("#header-search-listbox")).to_be_visible()
    field.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=walrus\+count$"))
    expect(page.locator("h1")).to_have_text("Search results for “walrus count”")
    expect(page.locator(".search-results .card__title")).to_have_count(3)


def test_without_javascript_the_form_opens_the_results_page(live_server, browser, articles):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.locator("#header-search-input").fill("walrus")
    page.locator("#header-search-input").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=walrus$"))
    expect(page.locator(".search-results .card__title")).to_have_count(4)
    context.close()


def test_asks_for_the_canonical_query_and_says_when_searches_are_refused(
    live_server, desktop_page, articles, rate_limit
):
    rate_limit("searches", 1)  # one uncached search a minute for this reader
    page = desktop_page
    field, live_requests = open_home(page, live_server)
    field.focus()
    field.fill("Walrus  Count")
    listbox = page.locator("#header-search-listbox")
    expect(listbox.locator("[role=option]").first).to_contain_text("Walrus count")
    assert live_requests[-1].endswith("/search/live/?q=walrus+count"), live_requests  # no redirect needed

    field.fill("harbour")
    message = "You have searched a lot in the last minute. Please wait a moment and search again."
    expect(listbox.locator("[role=option]")).to_have_text([message])
    expect(page.locator("[data-live-search-status]")).to_have_text(message)

"""The reader's view in a real browser, at phone and desktop widths."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from journos.core.models import HeaderLink, NavigationSettings
from journos.news.factories import ArticlePageFactory, AuthorPageFactory, SectionPageFactory
from tests.utils import make_authors_index, make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def article():
    home = make_site()
    science = SectionPageFactory(parent=home, title="Science", slug="science")
    climate = SectionPageFactory(parent=home, title="Climate", slug="climate")
    navigation = NavigationSettings.objects.create(site=home.get_site())
    for position, section in enumerate((science, climate)):
        HeaderLink.objects.create(setting=navigation, page=section, sort_order=position)
    author = AuthorPageFactory(parent=make_authors_index(home), title="Lena Park")
    for number in range(3):
        ArticlePageFactory(parent=climate, title=f"Climate story {number}", authors=[author])
    return ArticlePageFactory(
        parent=science, title="Tide gauges record a quiet winter", authors=[author], tags=["tides"]
    )


@pytest.mark.parametrize("page_fixture", ["phone_page", "desktop_page"])
def test_article_reads_well_at_phone_and_desktop_widths(request, live_server, article, page_fixture):
    page = request.getfixturevalue(page_fixture)
    page.goto(live_server.url + article.url)
    assert page.locator("h1").all_inner_texts() == ["Tide gauges record a quiet winter"]
    assert page.locator("figure.story__lead-image img").is_visible()
    assert page.locator(".author-box").is_visible()
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("path", ["/", "/science/", "/science/{slug}/"])
def test_pages_have_no_serious_accessibility_violations(live_server, article, phone_page, desktop_page, path):
    for page in (phone_page, desktop_page):
        page.goto(live_server.url + path.format(slug=article.slug))
        results = Axe().run(page)
        serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], results.generate_report()


def test_section_menu_opens_and_closes_by_keyboard_on_a_phone(live_server, article, phone_page):
    phone_page.goto(live_server.url + "/")
    toggle = phone_page.get_by_role("button", name="Sections")
    menu_link = phone_page.locator("#section-menu").get_by_role("link", name="Climate")
    assert not menu_link.is_visible()
    toggle.focus()
    phone_page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert menu_link.is_visible()
    phone_page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not menu_link.is_visible()


def test_skip_link_moves_focus_to_the_content(live_server, article, desktop_page):
    desktop_page.goto(live_server.url + article.url)
    desktop_page.keyboard.press("Tab")
    skip = desktop_page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("element => element === document.activeElement")
    desktop_page.keyboard.press("Enter")
    assert desktop_page.evaluate("document.activeElement.id") == "main"


def test_cookie_notice_stays_dismissed(live_server, article, desktop_page):
    desktop_page.goto(live_server.url + "/")
    notice = desktop_page.get_by_role("region", name="Cookie notice")
    assert notice.is_visible()
    notice.get_by_role("button", name="OK, got it").click()
    assert not notice.is_visible()
    desktop_page.goto(live_server.url + article.url)
    assert not desktop_page.get_by_role("region", name="Cookie notice").is_visible()
    assert desktop_page.context.cookies() == []  # the choice lives in the browser, not in a cookie


def test_header_date_is_todays_date_in_the_readers_clock(live_server, article, desktop_page):
    desktop_page.clock.set_fixed_time("2031-03-04T10:00:00")
    desktop_page.goto(live_server.url + "/")
    date = desktop_page.locator("[data-today]")
    assert date.inner_text() == "Tuesday, March 4, 2031"
    assert date.get_attribute("datetime") == "2031-03-04"

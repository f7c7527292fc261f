"""Brand, theme and header in Chromium: dark mode by system setting and by the remembered toggle (never a flash
of the other theme), AA contrast in both themes, the sticky bar never covering the focused element, the
section menu's sub-sections by keyboard, the phone menu closed from the first paint, icons and manifest."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from journos.core.factories import ImageFactory
from journos.core.models import HeaderLink, NavigationSettings, SiteSettings
from journos.news.factories import ArticlePageFactory, AuthorPageFactory, SectionPageFactory
from tests.utils import make_authors_index, make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIGHT_BACKGROUND = "rgb(255, 255, 255)"
DARK_BACKGROUND = "rgb(18, 18, 18)"
# Records the theme and html.js as <body> is created (nothing of the page can have been painted yet, and no
# deferred script has run), and what the page looks like once its HTML is parsed.
RECORD_FIRST_STATE = """
new MutationObserver((records, observer) => {
  if (!document.body) return;
  window.__atBody = {theme: document.documentElement.getAttribute("data-theme"),
                     js: document.documentElement.classList.contains("js")};
  observer.disconnect();
}).observe(document, {childList: true, subtree: true});
document.addEventListener("DOMContentLoaded", () => {
  window.__first = {
    theme: document.documentElement.getAttribute("data-theme"),
    background: getComputedStyle(document.body).backgroundColor,
    menuShown: (() => { const m = document.getElementById("section-menu"); return !!m && m.offsetParent !== null; })(),
  };
}, {once: true, capture: true});
"""


@pytest.fixture
def site():
    home = make_site()
    politics = SectionPageFactory(parent=home, title="Politics", slug="politics")
    diplomacy = SectionPageFactory(parent=politics, title="Diplomacy", slug="diplomacy", show_in_menus=True)
    sport = SectionPageFactory(parent=home, title="Sport", slug="sport")
    navigation = NavigationSettings.objects.create(site=home.get_site())
    for position, section in enumerate((politics, sport)):
        HeaderLink.objects.create(setting=navigation, page=section, sort_order=position)
    settings_ = SiteSettings.for_site(home.get_site())
    settings_.logo = ImageFactory(file__width=600, file__height=150, title="Logo")
    settings_.x_url = "https://example.org/x/journos"
    settings_.facebook_url = "https://example.org/facebook/journos"
    settings_.save()
    author = AuthorPageFactory(parent=make_authors_index(home), title="Lena Park")
    for number in range(12):
        ArticlePageFactory(parent=sport, title=f"Match report {number}", authors=[author])
    article = ArticlePageFactory(parent=diplomacy, title="Envoys meet at dawn", authors=[author], tags=["talks"])
    ArticlePageFactory(parent=diplomacy, title="Talks resume", authors=[author])
    return {"home": home, "article": article, "diplomacy": diplomacy}


def new_page(browser, *, width=1280, height=800, **options):
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    context.add_init_script(RECORD_FIRST_STATE)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    return page


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def test_dark_mode_follows_the_system_setting(live_server, browser, site):
    for scheme, expected in (("light", LIGHT_BACKGROUND), ("dark", DARK_BACKGROUND)):
        page = new_page(browser, color_scheme=scheme)
        page.goto(live_server.url + "/")
        assert page.evaluate("window.__first.background") == expected
        assert page.get_attribute("html", "data-theme") is None  # no choice stored: the system decides
        pressed = page.get_by_role("button", name="Dark mode").get_attribute("aria-pressed")
        assert pressed == ("true" if scheme == "dark" else "false")
        page.context.close()


def test_the_toggle_is_remembered_without_a_cookie_and_applies_before_the_first_paint(live_server, browser, site):
    page = new_page(browser, color_scheme="light")
    page.goto(live_server.url + site["article"].url)
    toggle = page.get_by_role("button", name="Dark mode")
    toggle.focus()
    page.keyboard.press("Enter")
    assert page.get_attribute("html", "data-theme") == "dark"
    assert toggle.get_attribute("aria-pressed") == "true"
    assert background(page) == DARK_BACKGROUND
    assert page.context.cookies() == []

    for url in (site["article"].url, "/"):  # a reload and another page: dark before anything is drawn
        page.goto(live_server.url + url)
        assert page.evaluate("window.__atBody") == {"theme": "dark", "js": True}
        assert page.evaluate("window.__first") == {"theme": "dark", "background": DARK_BACKGROUND, "menuShown": True}
    page.get_by_role("button", name="Dark mode").click()  # back to light, remembered too
    page.reload()
    assert page.evaluate("window.__first.theme") == "light"
    assert page.evaluate("window.__first.background") == LIGHT_BACKGROUND
    assert page.errors == []
    page.context.close()


def test_a_light_choice_wins_over_a_dark_system(live_server, browser, site):
    page = new_page(browser, color_scheme="dark")
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Dark mode").click()
    page.reload()
    assert page.evaluate("window.__first.background") == LIGHT_BACKGROUND
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_no_contrast_or_other_serious_violations_in_either_theme(live_server, browser, site, scheme, width):
    page = new_page(browser, width=width, color_scheme=scheme)
    pages = ("/", "/politics/", site["article"].url, "/search/?q=envoys", "/account/login/", "/newsletter/", "/gone/")
    for path in pages:
        page.goto(live_server.url + path)
        page.evaluate("window.localStorage.setItem('journos-cookie-notice-dismissed', '1')")
        results = Axe().run(page)
        serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], (path, results.generate_report())
    page.context.close()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("cookie_notice", ["dismissed", "shown"])
def test_the_sticky_bar_never_covers_the_focused_element(live_server, browser, site, width, cookie_notice):
    page = new_page(browser, width=width, height=600)
    page.goto(live_server.url + "/")
    if cookie_notice == "dismissed":
        page.evaluate("window.localStorage.setItem('journos-cookie-notice-dismissed', '1')")
        page.reload()
    covered, deepest = [], 0
    # Forwards the browser scrolls a link up from the bottom; backwards it brings it down from the top, under the bar.
    for key in ["Tab"] * 60 + ["Shift+Tab"] * 60:
        page.keyboard.press(key)
        state = page.evaluate(
            """() => {
              const el = document.activeElement, nav = document.querySelector("[data-site-nav]");
              const notice = document.querySelector("[data-cookie-notice]");
              if (!el || el === document.body || nav.contains(el) || notice.contains(el)) return null;
              const r = el.getBoundingClientRect(), n = nav.getBoundingClientRect();
              const noticeTop = notice.hidden ? innerHeight : notice.getBoundingClientRect().top;
              return {tag: el.tagName, text: (el.textContent || "").trim().slice(0, 40), top: r.top, bottom: r.bottom,
                      navBottom: n.bottom, stuck: n.top <= 0, noticeTop};
            }"""
        )
        if state and state["stuck"] and state["bottom"] > 0 and state["top"] < state["navBottom"] - 0.5:
            covered.append(state)  # under the sticky bar
        if state and state["bottom"] > state["noticeTop"] + 0.5:
            covered.append(state)  # under the cookie notice
        deepest = max(deepest, page.evaluate("window.scrollY"))
    assert deepest > 300, "the test never scrolled the page"
    assert covered == []
    page.context.close()


def test_the_bar_sticks_and_turns_compact_on_scroll(live_server, browser, site):
    page = new_page(browser)
    page.goto(live_server.url + "/")
    brand = page.locator(".site-nav__brand")
    assert not brand.is_visible()
    page.mouse.wheel(0, 1500)
    # Not wait_for_function with a string: the site's Content-Security-Policy refuses the eval it needs.
    expect(page.locator("[data-site-nav]")).to_have_attribute("data-compact", "true")
    assert page.locator("[data-site-nav]").evaluate("nav => nav.getBoundingClientRect().top") == 0
    assert brand.is_visible()
    page.context.close()


def test_sub_sections_open_by_keyboard_and_close_with_escape(live_server, browser, site):
    page = new_page(browser)
    page.goto(live_server.url + site["article"].url)
    menu = page.locator("#section-menu")
    assert menu.get_by_role("link", name="Politics").get_attribute("aria-current") == "true"
    diplomacy = menu.get_by_role("link", name="Diplomacy")
    assert not diplomacy.is_visible()
    menu.get_by_role("link", name="Politics").focus()
    page.keyboard.press("Tab")
    button = menu.get_by_role("button", name="Politics: sub-sections")
    assert button.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")
    assert diplomacy.evaluate("element => element === document.activeElement")
    assert diplomacy.get_attribute("aria-current") == "true"
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert button.evaluate("element => element === document.activeElement")
    assert not diplomacy.is_visible()
    page.context.close()


def test_on_a_phone_the_menu_is_closed_from_the_first_paint_and_opens_by_touch(live_server, browser, site):
    page = new_page(browser, width=375, height=740, is_mobile=True, has_touch=True)
    page.goto(live_server.url + "/")
    assert page.evaluate("window.__atBody.js") is True  # the menu's closed styles apply from the first paint
    assert page.evaluate("window.__first.menuShown") is False
    page.get_by_role("button", name="Sections").tap()
    page.get_by_role("button", name="Politics: sub-sections").tap()
    page.locator("#section-menu").get_by_role("link", name="Diplomacy").tap()
    page.wait_for_url("**/politics/diplomacy/")
    page.context.close()


def test_icons_manifest_logo_and_json_ld(live_server, browser, site):
    page = new_page(browser)
    page.goto(live_server.url + site["article"].url)
    for path in ("/favicon.ico", "/manifest.webmanifest", "/apple-touch-icon.png"):
        assert page.request.get(live_server.url + path).status == 200, path
    icons = page.eval_on_selector_all("link[rel~='icon'], link[rel='apple-touch-icon']", "ls => ls.map(l => l.href)")
    for href in icons:
        assert page.request.get(href).status == 200, href
    manifest = page.request.get(live_server.url + "/manifest.webmanifest").json()
    for icon in manifest["icons"]:
        assert page.request.get(live_server.url + icon["src"]).status == 200, icon["src"]
    logo = page.locator(".masthead__brand img")
    assert logo.get_attribute("alt") == "Journos"
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
    publisher = page.evaluate(
        """() => [...document.querySelectorAll('script[type="application/ld+json"]')]
              .map(s => JSON.parse(s.textContent)).find(d => d["@type"] === "NewsArticle").publisher"""
    )
    assert page.request.get(publisher["logo"]["url"].replace("http://testserver", live_server.url)).status == 200
    social = page.locator(".site-footer .social-links")
    assert social.get_by_role("link", name="X").is_visible()
    assert social.get_by_role("link", name="Facebook").is_visible()
    assert page.errors == []
    page.context.close()


def test_a_printed_article_is_the_story_with_its_link_addresses(live_server, browser, site):
    article = ArticlePageFactory(
        parent=site["diplomacy"],
        title="Treaty text published",
        source_name="Ministry",
        source_url="https://example.org/treaty",
    )
    page = new_page(browser, color_scheme="dark")
    page.goto(live_server.url + article.url)
    page.emulate_media(media="print")
    for selector in (".site-nav", ".sidebar", ".share", ".site-footer", ".adjacent", ".topbar"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator(".story__title").is_visible()
    after = page.locator(".story__source a").evaluate("a => getComputedStyle(a, '::after').content")
    assert "https://example.org/treaty" in after
    assert background(page) == LIGHT_BACKGROUND  # black on white even for a dark-theme reader
    assert page.locator(".story__standfirst").evaluate("el => getComputedStyle(el).color") == "rgb(0, 0, 0)"
    page.context.close()

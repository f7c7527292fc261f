"""The layout in a real browser: pictures fill their boxes, the phone front page stays short, nothing is
wider than a 320 px screen, every page type has the same title and breadcrumbs, the 404 helps."""

import pytest

from journos.core.models import HeaderLink, NavigationSettings, SiteSettings
from journos.news.factories import ArticlePageFactory, AuthorPageFactory, SectionPageFactory
from journos.pages.factories import ContactPageFactory, StandardPageFactory
from tests.utils import make_authors_index, make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTIONS = ["World", "Politics", "Business", "Technology", "Science"]
SECTIONS += ["Climate", "Health", "Sports", "Culture", "Lifestyle"]
# Headlines and standfirsts as long as the demo's (seed_demo): about 60 and 150 characters.
HEADLINE = "{section} {number}: harbour board approves a plan to widen the ferry quay"
STANDFIRST = (
    "Councillors voted after a long debate; work starts in spring and the quay stays open throughout, "
    "the authority says, with night work kept to a minimum."
)


@pytest.fixture
def newsroom():
    """A front page like the demo's: ten sections of four or more stories, each with a picture."""
    home = make_site()
    navigation = NavigationSettings.objects.create(site=home.get_site())
    author = AuthorPageFactory(parent=make_authors_index(home), title="Ines Halloran")
    sections = {}
    for position, title in enumerate(SECTIONS):
        section = SectionPageFactory(parent=home, title=title, slug=title.lower())
        HeaderLink.objects.create(setting=navigation, page=section, sort_order=position)
        sections[title] = section
        for number in range(5):
            ArticlePageFactory(
                parent=section,
                title=HEADLINE.format(section=title, number=number),
                standfirst=STANDFIRST,
                authors=[author],
                tags=["harbours"],
            )
    StandardPageFactory(parent=home, title="About us", slug="about-us", introduction="Who we are.")
    ContactPageFactory(parent=home, title="Contact us", slug="contact-us")
    article = ArticlePageFactory(
        parent=sections["Science"], title="Tide gauges record a quiet winter", authors=[author], tags=["tides"]
    )
    return {"home": home, "article": article, "author": author}


def browser_page(browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 500)
    return context, context.new_page()


PICTURES = ".card__image img, .story__lead-image img"

# For every shown picture: its width, its box's width, its height and how it loaded.
MEASURE_PICTURES = """(selector) => [...document.querySelectorAll(selector)]
  .filter(img => img.offsetParent !== null)
  .map(img => {
    const box = img.closest('picture').parentElement.getBoundingClientRect();
    const own = img.getBoundingClientRect();
    return {width: own.width, height: own.height, box: box.width, src: img.currentSrc, complete: img.complete};
  })"""


def test_pictures_fill_their_boxes_at_a_fixed_ratio(browser, live_server, newsroom):
    for width in (375, 768, 1280):
        context, page = browser_page(browser, width)
        try:
            for path in ("/", "/science/", newsroom["article"].url):
                page.goto(live_server.url + path)
                pictures = page.evaluate(MEASURE_PICTURES, PICTURES)
                assert pictures, path
                for picture in pictures:
                    assert picture["width"] == pytest.approx(picture["box"], abs=1), (width, path, picture)
                    ratio = picture["height"] / picture["width"]
                    assert ratio == pytest.approx(9 / 16, abs=0.01), (width, path, picture)
                # The first picture loads at once, as AVIF (Chromium reads it).
                first = page.locator(PICTURES).first
                first.evaluate("img => img.complete || new Promise(done => img.addEventListener('load', done))")
                assert page.evaluate(MEASURE_PICTURES, PICTURES)[0]["src"].endswith(".avif"), (width, path)
        finally:
            context.close()


SCROLL_THROUGH = """async () => {
  for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight / 2) {
    window.scrollTo(0, y);
    await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  }
}"""


def test_the_phone_front_page_is_short(browser, live_server, newsroom):
    """Ten sections: each block's first story large, the others as rows; the page stays under 8,000 px."""
    context, page = browser_page(browser, 375)
    try:
        page.goto(live_server.url + "/")
        assert page.locator(".section-block").count() == len(SECTIONS)
        # The second story of a block is a compact row: a small thumbnail beside its headline.
        row = page.locator(".section-block").first.locator(".story-block__more .card").first
        thumbnail = row.locator(".card__image").bounding_box()
        headline = row.locator(".card__title").bounding_box()
        assert thumbnail["width"] < 120
        assert headline["x"] > thumbnail["x"] + thumbnail["width"]
        # Section blocks are laid out as they near the window (content-visibility): scroll through first.
        page.evaluate(SCROLL_THROUGH)
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height < 8000, f"the phone front page is {height} px tall"
    finally:
        context.close()


VISIBLE_CARD_TITLES = """() => [...document.querySelectorAll('main .card__title a')]
  .filter(link => link.offsetParent !== null).map(link => link.textContent.trim())"""


def test_the_phone_front_page_leaves_out_the_ticker_it_repeats(browser, live_server, newsroom):
    """The ticker lists the newest stories, which the front page shows right below it (lead, top stories,
    latest news): on a phone the front page leaves it out, to stay short; other pages keep it."""
    settings = SiteSettings.for_site(newsroom["home"].get_site())
    settings.ticker_active = True
    settings.save()
    context, page = browser_page(browser, 375)
    try:
        page.goto(live_server.url + "/")
        headlines = page.locator(".ticker__list a").all_text_contents()
        assert len(headlines) == 5
        assert not page.locator(".ticker").is_visible()
        assert {headline.strip() for headline in headlines} <= set(page.evaluate(VISIBLE_CARD_TITLES))
        page.goto(live_server.url + "/science/")
        assert page.locator(".ticker").is_visible()
    finally:
        context.close()


def test_the_desktop_front_page_is_balanced(browser, live_server, newsroom):
    """At 1280 px the lead and the top stories end within a short distance of each other, and a block's
    first story sits beside its other stories (no card alone on a row)."""
    context, page = browser_page(browser, 1280)
    try:
        page.goto(live_server.url + "/")
        lead = page.locator(".front__lead").bounding_box()
        top = page.locator(".front__top").bounding_box()
        assert top["x"] > lead["x"] + lead["width"] - 1
        assert abs((lead["y"] + lead["height"]) - (top["y"] + top["height"])) < 250
        block = page.locator(".section-block").first
        first = block.locator(".story-block__lead").bounding_box()
        others = block.locator(".story-block__more").bounding_box()
        assert others["x"] > first["x"] + first["width"] - 1
        assert others["y"] == pytest.approx(first["y"], abs=2)
    finally:
        context.close()


def every_page(newsroom):
    article = newsroom["article"]
    return {
        "standard": "/about-us/",
        "contact": "/contact-us/",
        "newsletter": "/newsletter/",
        "log in": "/account/login/",
        "register": "/account/register/",
        "password": "/account/password/reset/",
        "search": "/search/?q=harbour",
        "tag": "/tags/harbours/",
        "author": newsroom["author"].url,
        "section": "/science/",
        "article": article.url,
        "not found": "/no-such-page/",
    }


def test_nothing_is_wider_than_a_320_px_screen(browser, live_server, newsroom):
    context, page = browser_page(browser, 320)
    try:
        for name, path in {"home": "/", **every_page(newsroom)}.items():
            page.goto(live_server.url + path)
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= 320, f"{name} ({path}) is {wide} px wide"
    finally:
        context.close()


TITLE_STYLE = """() => {
  const h1 = document.querySelector('main h1');
  const style = getComputedStyle(h1);
  return {family: style.fontFamily, size: style.fontSize, header: !!h1.closest('.page-header, .listing-header')};
}"""


@pytest.mark.parametrize("width", [375, 1280])
def test_every_page_type_has_the_same_title_and_breadcrumbs(browser, live_server, newsroom, width):
    context, page = browser_page(browser, width)
    try:
        styles = {}
        for name, path in every_page(newsroom).items():
            if name == "article":
                continue  # an article has its own, larger headline under the same breadcrumbs
            page.goto(live_server.url + path)
            crumbs = page.get_by_role("navigation", name="Breadcrumb")
            assert crumbs.is_visible(), name
            assert crumbs.get_by_role("link").first.inner_text() == "Home", name
            assert crumbs.locator("[aria-current=page]").count() == 1, name
            styles[name] = page.evaluate(TITLE_STYLE)
            assert styles[name]["header"], name
            assert "Georgia" in styles[name]["family"], name
        assert len({style["size"] for style in styles.values()}) == 1, styles
    finally:
        context.close()


def test_the_404_page_offers_a_search_box_and_the_latest_stories(browser, live_server, newsroom):
    context, page = browser_page(browser, 375)
    try:
        response = page.goto(live_server.url + "/politics/no-such-story/")
        assert response.status == 404
        assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
        page.get_by_role("searchbox", name="Search our articles").fill("harbour")
        latest = page.locator(".not-found__latest .card__title")
        assert latest.count() == 6
        assert "Tide gauges record a quiet winter" in latest.all_inner_texts()
        page.get_by_role("main").get_by_role("button", name="Search").click()
        page.wait_for_url("**/search/?q=harbour")
        assert page.locator(".search-results .card").count() > 0
    finally:
        context.close()

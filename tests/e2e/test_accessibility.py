"""Accessibility sweep: axe-core finds no WCAG 2.2 AA violation on any public page type, and no page logs an error.

Each page type is opened at 375 px (a phone) and 1280 px (a laptop), in the
light and the dark colour scheme, and axe-core (as bundled with axe-playwright-python,
requirements-dev.txt) checks it against the WCAG 2.0, 2.1 and 2.2 A and AA rules (target
size included). Chromium's console must stay free of errors (a failed load,
say) and of uncaught exceptions on the way.
"""

from pathlib import Path

from django.utils import timezone

from wagtail.rich_text import RichText

import axe_playwright_python
import pytest

from journos.core.factories import ImageFactory
from journos.news.factories import ArticlePageFactory, AuthorPageFactory, SectionPageFactory, paragraphs
from journos.pages.factories import ContactPageFactory, StandardPageFactory
from tests.utils import make_authors_index, make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VIEWPORTS = {"phone": {"width": 375, "height": 740}, "laptop": {"width": 1280, "height": 900}}
SCHEMES = ["light", "dark"]

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(" ") + " :: " + node.failureSummary),
  }));
}"""


@pytest.fixture
def site():
    """One of each public page type, with the parts that carry markup: images, bylines, tags, quotes."""
    home = make_site()
    politics = SectionPageFactory(parent=home, title="Politics", slug="politics")
    diplomacy = SectionPageFactory(parent=politics, title="Diplomacy", slug="diplomacy")
    authors = make_authors_index(home)
    author = AuthorPageFactory(parent=authors, title="Ines Halloran", slug="ines-halloran", photo=ImageFactory())
    body = [
        *paragraphs("Ministers met for a third day of talks on Tuesday.", "The summit ends on Friday."),
        ("heading", "What happens next"),
        ("pull_quote", {"quote": "We are closer than we were.", "attribution": "A negotiator"}),
        ("image", {"image": ImageFactory(), "caption": "The conference hall.", "credit": "Journos"}),
        ("related_posts", None),
        ("paragraph", RichText('<p>Read the <a href="https://example.org/communique">communiqué</a>.</p>')),
    ]
    now = timezone.now()
    article = ArticlePageFactory(
        parent=diplomacy,
        title="Summit ends without a deal",
        slug="summit",
        body=body,
        tags=["summit", "trade"],
        authors=[author],
        extra_categories=[politics],
        source_name="AP News",
        source_title="Talks stall",
        source_url="https://example.org/talks",
    )
    for number in range(6):
        ArticlePageFactory(
            parent=diplomacy if number % 2 else politics,
            title=f"Summit briefing {number}",
            tags=["summit"],
            authors=[author],
            first_published_at=now - timezone.timedelta(days=number + 1),
        )
    about = StandardPageFactory(parent=home, title="About us", slug="about-us")
    contact = ContactPageFactory(parent=home)
    return {
        "home": "/",
        "section": politics.url,
        "subsection": diplomacy.url,
        "article": article.url,
        "authors": authors.url,
        "author": author.url,
        "tag": "/tags/summit/",
        "search results": "/search/?q=summit",
        "search without results": "/search/?q=walrus",
        "standard page": about.url,
        "contact": contact.url,
        "newsletter": "/newsletter/",
        "login": "/account/login/",
        "register": "/account/register/",
        "password reset": "/account/password/reset/",
        "not found": "/no-such-page/",
    }


def check(browser, url: str, *, viewport: dict, scheme: str, status: int) -> list[str]:
    """What is wrong on the page at this size and scheme: axe's violations and console errors, as lines."""
    context = browser.new_context(viewport=viewport, color_scheme=scheme, is_mobile=viewport["width"] < 600)
    context.add_init_script(path=str(AXE))  # runs in every frame before the page's scripts, CSP or not
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))

    def on_console(message):
        source = message.location.get("url", "")
        # The 404 page's own status is logged as a failed load: that one is expected.
        if message.type != "error" or (status == 404 and source == url):
            return
        errors.append(f"console: {message.text} ({source})")

    page.on("console", on_console)
    try:
        response = page.goto(url)
        assert response.status == status, f"{url}: {response.status}"
        page.wait_for_load_state("networkidle")
        violations = page.evaluate(RUN_AXE, WCAG_22_AA)
    finally:
        context.close()
    problems = [
        f"axe {violation['id']} ({violation['impact']}): {violation['help']}\n      "
        + "\n      ".join(violation["nodes"])
        for violation in violations
    ]
    return problems + errors


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "section",
        "subsection",
        "article",
        "authors",
        "author",
        "tag",
        "search results",
        "search without results",
        "standard page",
        "contact",
        "newsletter",
        "login",
        "register",
        "password reset",
        "not found",
    ],
)
def test_no_wcag_22_aa_violations_or_console_errors(live_server, browser, site, name):
    status = 404 if name == "not found" else 200
    found = {}  # each problem, with the sizes and schemes it shows at
    for viewport in VIEWPORTS.values():
        for scheme in SCHEMES:
            for problem in check(
                browser, live_server.url + site[name], viewport=viewport, scheme=scheme, status=status
            ):
                found.setdefault(problem, []).append(f"{viewport['width']} px {scheme}")
    report = "\n".join(f"[{', '.join(where)}] {problem}" for problem, where in found.items())
    assert not found, f"{name} ({site[name]}):\n{report}"

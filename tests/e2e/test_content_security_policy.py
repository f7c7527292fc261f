"""Chromium enforces the site's Content-Security-Policy and finds nothing to refuse (issue 13, item 8).

Every refusal shows both as a `securitypolicyviolation` event and as a console error; the test listens
to both on the reader's pages and while an editor edits and saves an article in the Wagtail admin.
"""

from django.contrib.auth import get_user_model

import pytest

from journos.news.factories import ArticlePageFactory, AuthorPageFactory, SectionPageFactory
from tests.utils import make_authors_index, make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def article():
    home = make_site()
    section = SectionPageFactory(parent=home, title="Politics", slug="politics")
    author = AuthorPageFactory(parent=make_authors_index(home), title="Ana Ruiz", slug="ana-ruiz")
    return ArticlePageFactory(
        parent=section, title="Summit ends without deal", slug="summit", tags=["summit"], authors=[author]
    )


@pytest.fixture
def watched_page(browser):
    """A page whose CSP refusals (events and console messages) end up in `page.refusals`."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.refusals = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            page.refusals.append(message.text)

    page.on("console", on_console)
    yield page
    context.close()


def refusals(page) -> list[str]:
    return page.refusals + page.evaluate("window.__violations || []")


@pytest.mark.parametrize("path", ["/", "{article}", "/search/?q=summit", "/tags/summit/", "/account/login/",
                                  "/account/register/", "/newsletter/"])  # fmt: skip
def test_reader_pages_load_with_nothing_refused(live_server, watched_page, article, path):
    page = watched_page
    response = page.goto(live_server.url + path.format(article=article.url))
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    # The site's own scripts ran (they mark the page), so 'self' lets them in.
    assert page.evaluate("document.documentElement.classList.contains('js')")
    assert refusals(page) == []


def test_an_editor_edits_and_saves_an_article_with_nothing_refused(live_server, watched_page, article):
    get_user_model().objects.create_superuser("editor", "editor@example.org", "editor-pass-123")
    page = watched_page
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "editor-pass-123")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")

    page.goto(live_server.url + f"/admin/pages/{article.pk}/edit/")
    page.wait_for_load_state("networkidle")
    title = page.locator("#id_title")
    title.fill("Summit ends with a deal")
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state("networkidle")
    assert "has been updated" in page.locator(".messages").first.inner_text()
    article.refresh_from_db()
    assert article.get_latest_revision().content["title"] == "Summit ends with a deal"
    assert refusals(page) == []

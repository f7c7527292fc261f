import pytest

from journos.news.factories import ArticlePageFactory, AuthorPageFactory, SectionPageFactory
from tests.utils import make_authors_index, make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def article():
    home = make_site()
    section = SectionPageFactory(parent=home, title="Science")
    author = AuthorPageFactory(parent=make_authors_index(home), title="Lena Park")
    return ArticlePageFactory(parent=section, title="Tide gauges record a quiet winter", authors=[author])


@pytest.mark.parametrize("page_fixture", ["phone_page", "desktop_page"])
def test_article_opens_in_browser(request, live_server, article, page_fixture):
    page = request.getfixturevalue(page_fixture)
    page.goto(live_server.url + article.url)
    assert page.locator("h1").inner_text() == "Tide gauges record a quiet winter"
    assert page.locator("h1").count() == 1
    # No horizontal scrolling at this width.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

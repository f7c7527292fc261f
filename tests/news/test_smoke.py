import pytest

from journos.news.factories import ArticlePageFactory, AuthorPageFactory, SectionPageFactory
from tests.utils import make_authors_index, make_site


@pytest.mark.django_db
def test_article_page_renders(client):
    home = make_site()
    section = SectionPageFactory(parent=home, title="Politics")
    authors = make_authors_index(home)
    author = AuthorPageFactory(parent=authors, title="Ana Ruiz")
    article = ArticlePageFactory(parent=section, title="Budget vote delayed", authors=[author])
    response = client.get(article.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Budget vote delayed" in html
    assert 'rel="author"' in html
    for url in ("/", section.url, author.url):
        assert client.get(url).status_code == 200

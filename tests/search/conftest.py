import pytest

from journos.news.factories import ArticlePageFactory, AuthorPageFactory, SectionPageFactory, paragraphs
from tests.utils import make_authors_index


@pytest.fixture
def science(home):
    return SectionPageFactory(parent=home, title="Science")


@pytest.fixture
def politics(home):
    return SectionPageFactory(parent=home, title="Politics")


@pytest.fixture
def make_article(science):
    """An article in Science unless told otherwise, with a neutral body of some length."""

    def make(**kwargs):
        kwargs.setdefault("parent", science)
        kwargs.setdefault("body", paragraphs(*["Reporters checked the figures with officials on Monday."] * 6))
        return ArticlePageFactory(**kwargs)

    return make


@pytest.fixture
def author(home):
    return AuthorPageFactory(parent=make_authors_index(home), title="Marta Quillon")

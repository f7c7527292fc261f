import pytest

from journos.news.factories import AuthorPageFactory, SectionPageFactory
from tests.utils import make_authors_index, make_site


@pytest.fixture
def home(db):
    return make_site()


@pytest.fixture
def politics(home):
    return SectionPageFactory(parent=home, title="Politics", slug="politics")


@pytest.fixture
def diplomacy(politics):
    return SectionPageFactory(parent=politics, title="Diplomacy", slug="diplomacy")


@pytest.fixture
def authors_index(home):
    return make_authors_index(home)


@pytest.fixture
def author(authors_index):
    return AuthorPageFactory(
        parent=authors_index,
        title="Amara Osei",
        role="Diplomatic correspondent",
        x_url="https://x.example.org/amara",
    )

import pytest

from journos.news.factories import AuthorPageFactory


@pytest.fixture
def author(authors_index):
    return AuthorPageFactory(
        parent=authors_index,
        title="Amara Osei",
        role="Diplomatic correspondent",
        x_url="https://x.example.org/amara",
    )

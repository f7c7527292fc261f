import pytest

from journos.core.factories import ImageFactory
from journos.news.factories import ArticlePageFactory, AuthorPageFactory, SectionPageFactory


@pytest.fixture
def author(authors_index):
    return AuthorPageFactory(parent=authors_index, title="Amara Osei", role="Diplomatic correspondent")


@pytest.fixture
def article(politics, author):
    image = ImageFactory(
        title="Harbour", description="Boats in the harbour", caption="The old harbour", credit="Jo Lee / Journos"
    )
    return ArticlePageFactory(
        parent=politics,
        title="Harbour reopens",
        slug="harbour-reopens",
        standfirst="Ships are back after a year.",
        featured_image=image,
        authors=[author],
        tags=["harbour", "Shipping"],
    )


@pytest.fixture
def sports(home):
    return SectionPageFactory(parent=home, title="Sports", slug="sports")


def get(client, url, **params):
    response = client.get(url, params)
    assert response["Content-Type"].startswith("application/json"), response.content[:300]
    return response

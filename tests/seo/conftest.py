"""A small newsroom: nested sections, two authors, and an article with a large picture."""

import json

import pytest
from bs4 import BeautifulSoup

from journos.core.factories import ImageFactory
from journos.news.factories import ArticlePageFactory, AuthorPageFactory, SectionPageFactory


@pytest.fixture
def world(home):
    return SectionPageFactory(parent=home, title="World", slug="world")


@pytest.fixture
def ana(authors_index):
    return AuthorPageFactory(
        parent=authors_index,
        title="Ana Ruiz",
        slug="ana-ruiz",
        role="Diplomatic correspondent",
        bio="<p>Ana covers <b>treaties</b> &amp; summits.</p>",
        x_url="https://x.example.org/anaruiz",
        photo=ImageFactory(file__width=800, file__height=800),
    )


@pytest.fixture
def ben(authors_index):
    return AuthorPageFactory(parent=authors_index, title="Ben Okafor", slug="ben-okafor")


@pytest.fixture
def big_image():
    return ImageFactory(file__width=1200, file__height=1200, description="Delegates around a table")


@pytest.fixture
def article(diplomacy, world, ana, ben, big_image):
    return ArticlePageFactory(
        parent=diplomacy,
        title="Treaty talks resume in Geneva",
        slug="treaty-talks",
        standfirst="Negotiators return after a six-month pause.",
        featured_image=big_image,
        authors=[ana, ben],
        extra_categories=[world],
        tags=["treaties", "Geneva"],
    )


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def meta_content(page: BeautifulSoup, **attrs) -> str | None:
    tag = page.find("meta", attrs=attrs)
    return tag["content"] if tag else None


def json_ld(page: BeautifulSoup) -> dict[str, dict]:
    """The page's structured data, by @type (each type appears once)."""
    items = [json.loads(script.string) for script in page.find_all("script", type="application/ld+json")]
    by_type = {item["@type"]: item for item in items}
    assert len(by_type) == len(items), "a structured-data type appears twice"
    return by_type

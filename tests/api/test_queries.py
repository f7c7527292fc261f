"""An API answer's SQL query count does not grow with what is in it.

Each answer is fetched once (renditions are made), the cache emptied, then
measured with one of everything and with ten (articles, each with ten authors,
ten tags and ten corrections; authors with photos; tags; a body with ten pictures): the count
must be the pinned number both times.
"""

from django.core.cache import cache

from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

import pytest

from journos.core.factories import ImageFactory
from journos.news.factories import (
    ArticleCorrectionFactory,
    ArticlePageFactory,
    AuthorPageFactory,
    SectionPageFactory,
)

pytestmark = pytest.mark.django_db

# Articles: count, page of articles (with their pictures), renditions, authors, tags (2), corrections,
# sections (8), plus the Site, its root paths for html_url and whether any page is private (3, cached).
ARTICLE_LISTING_QUERIES = 11
# One article: the article with its picture, renditions, tags (2), corrections, authors with their
# photos' renditions (2), its section (breadcrumbs), the body's pictures with their renditions (2),
# and the same 3 as a listing; plus the pages the body links to (none here).
ARTICLE_DETAIL_QUERIES = 13
# Authors: count, page of authors with photos, renditions; sections: count, page; tags: count, page;
# each plus the same 3 as articles (tags: only whether any page is private).
AUTHOR_LISTING_QUERIES = 6
SECTION_LISTING_QUERIES = 5
TAG_LISTING_QUERIES = 3


@pytest.fixture
def newsroom(home, politics, authors_index):
    def make(count):
        authors = [AuthorPageFactory(parent=authors_index, photo=ImageFactory()) for _ in range(count)]
        for _ in range(count):
            SectionPageFactory(parent=politics)
        body = [("paragraph", RichText("<p>Text.</p>"))] + [
            ("image", {"image": ImageFactory(), "caption": "", "credit": ""}) for _ in range(count)
        ]
        articles = [
            ArticlePageFactory(parent=politics, authors=authors, tags=[f"tag {n}" for n in range(count)], body=body)
            for _ in range(count)
        ]
        for article in articles:
            ArticleCorrectionFactory.create_batch(count, page=article)
        return articles[0]

    return make


def measure(client, url, django_assert_num_queries, expected):
    assert client.get(url).status_code == 200  # makes renditions once
    cache.clear()
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("count", [1, 10])
def test_listings_cost_the_same_whatever_they_hold(client, newsroom, django_assert_num_queries, count):
    article = newsroom(count)
    listing = measure(client, "/api/v2/articles/", django_assert_num_queries, ARTICLE_LISTING_QUERIES)
    assert len(listing["items"]) == count
    assert all(len(item["authors"]) == count and len(item["tags"]) == count for item in listing["items"])
    measure(client, f"/api/v2/articles/{article.pk}/", django_assert_num_queries, ARTICLE_DETAIL_QUERIES)
    measure(client, "/api/v2/authors/", django_assert_num_queries, AUTHOR_LISTING_QUERIES)
    measure(client, "/api/v2/sections/", django_assert_num_queries, SECTION_LISTING_QUERIES)
    measure(client, "/api/v2/tags/", django_assert_num_queries, TAG_LISTING_QUERIES)


@pytest.mark.parametrize("count", [1, 10])
def test_a_private_page_somewhere_adds_two_queries(client, newsroom, home, django_assert_num_queries, count):
    newsroom(count)
    private = SectionPageFactory(parent=home, title="Desk")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    # Which pages are private: once to filter the articles, once to check the pages embedded in them.
    measure(client, "/api/v2/articles/", django_assert_num_queries, ARTICLE_LISTING_QUERIES + 2)

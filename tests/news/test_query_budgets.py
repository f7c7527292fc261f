"""A page's SQL query count does not grow with what is on it.

Each page is rendered once to create image renditions, then the whole cache
is emptied (fragments, navigation, Wagtail's site paths) and the page measured:
once with one of everything and once with ten. Both must cost exactly the
pinned number of queries. With warm fragments a page costs only its routing.
"""

from django.core.cache import cache

from wagtail.models import Site
from wagtail.rich_text import RichText

import pytest

from journos.core.factories import ImageFactory
from journos.news.factories import ArticlePageFactory, AuthorPageFactory, SectionPageFactory

pytestmark = pytest.mark.django_db

# Cold counts include the newsletter box's lists and the head's share/structured-data renditions,
# and engagement: the sidebar 10 (Popular News: ranking in the window, in the longer window, the newest,
# then the cards, their renditions, authors and sections, as it is never empty; Recommended: picks, ranking,
# newest older articles) and, on articles, views/shares 1 and related posts 2 (pins, ranking).
# Engagement's fixed costs with content to show are pinned in tests/engagement/test_pages.py.
# Articles: +1 for the corrections and updates log (one query however many entries; the note under the
# headline, the log at the foot and the JSON-LD `correction` entries all read it: ArticlePage.correction_log).
# Comments (journos/comments/selectors.py): +2, the count, and the page of conversations (1 more with comments).
ARTICLE_QUERIES = 22 + 13 + 1 + 2
SECTION_QUERIES = 18 + 10
HOME_QUERIES = 19 + 10
AUTHOR_QUERIES = 16
# With warm caches the Site, its home page and every page's address come from the cache:
# the home page costs nothing, any other page only the query that loads it.
CACHED_HOME_QUERIES = 0
CACHED_PAGE_QUERIES = 1


def rich_article(section, authors_index, sections, count):
    authors = [AuthorPageFactory(parent=authors_index, photo=ImageFactory()) for _ in range(count)]
    body = [("paragraph", RichText("<p>Text.</p>"))] + [
        ("image", {"image": ImageFactory(), "caption": "", "credit": ""}) for _ in range(count)
    ]
    return ArticlePageFactory(
        parent=section,
        authors=authors,
        extra_categories=sections[:count],
        tags=[f"tag {n}" for n in range(count)],
        body=body,
    )


def measure(client, url, django_assert_num_queries, expected):
    client.get(url)  # creates renditions and settings rows once
    cache.clear()
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [1, 10])
def test_article_page_queries_are_constant(client, home, politics, authors_index, django_assert_num_queries, count):
    sections = [SectionPageFactory(parent=home) for _ in range(10)]
    article = rich_article(politics, authors_index, sections, count)
    measure(client, article.url, django_assert_num_queries, ARTICLE_QUERIES)


@pytest.mark.parametrize("count", [1, 10])
def test_section_page_queries_are_constant(
    client, home, politics, diplomacy, authors_index, django_assert_num_queries, count
):
    sections = [SectionPageFactory(parent=home) for _ in range(10)]
    for _ in range(count):
        rich_article(diplomacy, authors_index, sections, count)
    measure(client, politics.url, django_assert_num_queries, SECTION_QUERIES)


@pytest.mark.parametrize("count", [1, 10])
def test_home_page_queries_are_constant(client, home, authors_index, django_assert_num_queries, count):
    sections = [SectionPageFactory(parent=home) for _ in range(count)]
    for number in range(12):  # enough to fill the front, the section blocks and the latest list
        rich_article(sections[number % count], authors_index, sections, count)
    measure(client, "/", django_assert_num_queries, HOME_QUERIES)


@pytest.mark.parametrize("count", [1, 10])
def test_author_page_queries_are_constant(
    client, home, politics, author, authors_index, django_assert_num_queries, count
):
    for _ in range(count):
        ArticlePageFactory(parent=politics, authors=[author, AuthorPageFactory(parent=authors_index)])
    measure(client, author.url, django_assert_num_queries, AUTHOR_QUERIES)


def test_cached_fragments_leave_only_routing_queries(client, home, politics, authors_index, django_assert_num_queries):
    article = rich_article(politics, authors_index, [], 3)
    for url, expected in (
        ("/", CACHED_HOME_QUERIES),
        (politics.url, CACHED_PAGE_QUERIES),
        (article.url, CACHED_PAGE_QUERIES),
    ):
        client.get(url)
        with django_assert_num_queries(expected):
            client.get(url)


def test_publishing_refreshes_cached_fragments(client, politics):
    article = ArticlePageFactory(parent=politics, title="First headline")
    assert b"First headline" in client.get(politics.url).content
    article.title = "Corrected headline"
    article.save_revision().publish()
    assert b"Corrected headline" in client.get(politics.url).content
    assert b"Corrected headline" in client.get(article.url).content


def test_a_renamed_article_is_found_at_its_new_address_at_once(client, politics):
    article = ArticlePageFactory(parent=politics, title="First headline", slug="first")
    old_url = article.url
    assert client.get(old_url).status_code == 200  # its address is now cached
    article.slug = "second"
    article.save_revision().publish()
    assert b"First headline" in client.get(f"{politics.url}second/").content
    assert client.get(old_url, follow=False).status_code != 200


def test_a_new_home_page_for_the_site_is_served_at_once(client, home, politics):
    site = Site.objects.get(is_default_site=True)
    assert client.get("/").wsgi_request._wagtail_site.root_page.pk == home.pk  # now cached
    site.root_page = politics
    site.save()
    assert client.get("/").wsgi_request._wagtail_site.root_page.pk == politics.pk

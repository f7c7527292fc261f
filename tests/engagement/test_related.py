"""Related posts: pinned first, then by shared sections and tags; inline, below, and "Load more"."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from journos.core.visibility import any_view_restrictions
from journos.engagement import selectors
from journos.news.factories import SectionPageFactory, paragraphs
from journos.news.models import ArticleRelatedPin
from tests.engagement.conftest import make_article

pytestmark = pytest.mark.django_db

WITH_INLINE_BLOCK = [*paragraphs("Opening paragraph."), ("related_posts", None), *paragraphs("More text.")]


def titles(articles):
    return [article.title for article in articles]


def pin(article, *pinned):
    for position, other in enumerate(pinned):
        ArticleRelatedPin.objects.create(page=article, article=other, sort_order=position)


def test_pinned_articles_come_first_in_the_editors_order(home, section):
    elsewhere = SectionPageFactory(parent=home)
    article = make_article(section, title="Main")
    make_article(section, title="Sibling")
    first_pin = make_article(elsewhere, title="Pinned first")
    second_pin = make_article(section, title="Pinned second")
    pin(article, first_pin, second_pin)
    assert titles(selectors.related_articles(article=article)) == ["Pinned first", "Pinned second", "Sibling"]


def test_never_the_article_itself_nor_unpublished_ones(home, section):
    article = make_article(section, title="Main")
    draft = make_article(section, title="Draft", live=False)
    withdrawn = make_article(section, title="Withdrawn")
    withdrawn.unpublish()
    make_article(section, title="Sibling")
    pin(article, article, draft, withdrawn)
    assert titles(selectors.related_articles(article=article)) == ["Sibling"]


def test_relevance_from_primary_section_tags_and_other_sections_then_recency(home, section):
    economy = SectionPageFactory(parent=home, title="Economy")
    sport = SectionPageFactory(parent=home, title="Sport")
    article = make_article(section, title="Main", tags=["budget", "tax"], extra_categories=[economy])
    make_article(sport, title="Unrelated", tags=["football"])
    make_article(economy, title="In our extra section")  # 1
    make_article(section, title="Sibling sharing a tag", tags=["budget"])  # 4 + 2
    make_article(sport, title="Sharing both tags", tags=["tax", "budget"])  # 2 + 2
    make_article(section, title="Sibling")  # 4
    make_article(sport, title="Lists our section", extra_categories=[section])  # 4
    make_article(sport, title="Also in Economy", extra_categories=[economy])  # 1
    assert titles(selectors.related_articles(article=article)) == [
        "Sibling sharing a tag",
        "Lists our section",  # ties at 4: newest first
        "Sibling",
        "Sharing both tags",
        "Also in Economy",
        "In our extra section",
    ]


def test_ranking_costs_the_same_queries_however_much_the_articles_share(home, section, django_assert_num_queries):
    economy, sport = SectionPageFactory(parent=home), SectionPageFactory(parent=home)
    plain = make_article(section, title="Plain")
    rich = make_article(sport, tags=["a", "b", "c", "d", "e"], extra_categories=[economy, section])
    for number in range(12):
        make_article([section, economy, sport][number % 3], tags=["a", "c"][: number % 3])
    pin(rich, plain, *selectors.related_articles(article=plain)[:3])
    any_view_restrictions()  # a cached flag, asked once a minute at most
    for article in (plain, rich):
        assert article.categories and article.tag_list is not None  # loaded by the article page too
        with django_assert_num_queries(2):  # the pins, then the ranking
            list(selectors.related_ranking(article=article)[:9])
    with CaptureQueriesContext(connection) as plain_queries:
        selectors.related_articles(article=plain)
    with CaptureQueriesContext(connection) as rich_queries:
        selectors.related_articles(article=rich)
    assert len(plain_queries) == len(rich_queries)


def related_lists(html):
    inline = re.search(r'<aside class="related related--inline".*?</aside>', html, re.S)
    below = re.search(r'<ul class="related__list" id="related-posts".*?</ul>', html, re.S)
    card_titles = re.compile(r'<h3 class="related-card__title card__title"><a href="[^"]+">([^<]+)</a>')
    return (
        card_titles.findall(inline.group(0)) if inline else [],
        card_titles.findall(below.group(0)) if below else [],
    )


def load_more_link(html):
    match = re.search(r'href="([^"]+)" rel="next" data-load-more="related-posts"', html)
    return match.group(1).replace("&amp;", "&") if match else None


def test_four_inline_nine_below_and_load_more_the_rest(client, home, section):
    article = make_article(section, title="Main", body=WITH_INLINE_BLOCK)
    for number in range(20):
        make_article(section, title=f"Story {number:02}")

    html = client.get(article.url).content.decode()
    inline, below = related_lists(html)
    assert inline == ["Story 19", "Story 18", "Story 17", "Story 16"]
    assert below == [f"Story {number:02}" for number in range(15, 6, -1)]
    next_url = load_more_link(html)
    assert next_url == f"/engagement/related/{article.pk}/?page=2"

    # What "Load more" fetches, and what a reader without JavaScript opens: a real page.
    response = client.get(next_url)
    assert response.status_code == 200
    page_html = response.content.decode()
    assert "<h1>Related to “Main”</h1>" in page_html
    assert '<meta name="robots" content="noindex, follow">' in page_html
    assert "public" in response["Cache-Control"]
    assert related_lists(page_html)[1] == [f"Story {number:02}" for number in range(6, -1, -1)]
    assert load_more_link(page_html) is None  # nothing after the last page
    assert "Main" not in related_lists(page_html)[1]


def test_the_load_more_pages_chain_until_the_end(client, home, section):
    article = make_article(section, title="Main")  # no inline block: the list below starts at the top
    for number in range(25):
        make_article(section, title=f"Story {number:02}")
    seen = related_lists(client.get(article.url).content.decode())[1]
    url = f"/engagement/related/{article.pk}/?page=2"
    while url:
        html = client.get(url).content.decode()
        seen += related_lists(html)[1]
        url = load_more_link(html)
    assert sorted(seen) == [f"Story {number:02}" for number in range(25)]


def test_an_article_without_related_posts_shows_no_list(client, home, section):
    article = make_article(section, title="Alone", body=WITH_INLINE_BLOCK)
    assert related_lists(client.get(article.url).content.decode()) == ([], [])
    assert "Related posts" not in client.get(article.url).content.decode()


@pytest.mark.parametrize("query", ["?page=0", "?page=abc", "?page=-1", "?page=5", "?page=99999999999999999999"])
def test_pages_that_do_not_exist_get_404(client, home, section, query):
    article = make_article(section)
    for _ in range(3):
        make_article(section)
    assert client.get(f"/engagement/related/{article.pk}/{query}").status_code == 404


def test_load_more_of_unknown_or_unpublished_articles_gets_404(client, home, section):
    draft = make_article(section, live=False)
    assert client.get("/engagement/related/999999/").status_code == 404
    assert client.get(f"/engagement/related/{draft.pk}/").status_code == 404
    assert client.get(f"/engagement/related/{section.pk}/").status_code == 404


def test_load_more_accepts_only_reads(client, home, section):
    article = make_article(section)
    assert client.post(f"/engagement/related/{article.pk}/?page=1").status_code == 405
    assert client.head(f"/engagement/related/{article.pk}/?page=1").status_code == 200


def test_load_more_pages_cost_the_same_queries_however_full(client, home, section):
    sport = SectionPageFactory(parent=home)
    few = make_article(section)
    for _ in range(11):
        make_article(section)
    many = make_article(sport, tags=["x"])
    for number in range(30):
        make_article(sport, tags=["x", "y"][: number % 2 + 1])
    counts = []
    for article in (few, many):
        for _ in range(2):  # warm up the cached header and footer
            client.get(f"/engagement/related/{article.pk}/?page=2")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/engagement/related/{article.pk}/?page=2").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]

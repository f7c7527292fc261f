"""On PostgreSQL a search ranks only its newest matches, so a common word costs the same in a huge archive.

journos/search/backends/postgres.py; the archive table and its triggers: journos/search/models.py.
"""

from datetime import timedelta
from unittest import mock

from django.db import connection
from django.utils import timezone

import pytest

from journos.search.backends import postgres
from journos.search.models import PageWords
from journos.search.selectors import find_articles, search_terms

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the archive table is PostgreSQL's")


@pytest.fixture
def window_of_three(settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": {**settings.WAGTAILSEARCH_BACKENDS["default"], "NEWEST_MATCHES": 3}}


def titles(query, **kwargs):
    return [article.title for article in find_articles(terms=search_terms(query), **kwargs).results]


def days_ago(days):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def walrus_coverage(make_article):
    """Five stories naming the walrus, one a day; the oldest has it in the headline."""
    make_article(title="Walrus colony returns to the bay", first_published_at=days_ago(9))
    for day in range(4, 0, -1):
        make_article(
            title=f"Harbour report, day {day}", standfirst="A walrus was seen.", first_published_at=days_ago(day)
        )


def test_a_common_word_ranks_only_its_newest_matches(window_of_three, walrus_coverage, make_article):
    make_article(title="Walrus spotted again", first_published_at=days_ago(3))  # a headline within the window
    # The window is the three newest (days 1, 2 and 3); the headline wins among them.
    assert titles("walrus") == ["Walrus spotted again", "Harbour report, day 1", "Harbour report, day 2"]
    assert titles("walrus", order="newest") == [
        "Harbour report, day 1",
        "Harbour report, day 2",
        "Walrus spotted again",
    ]


def test_a_rarer_word_is_ranked_across_the_whole_archive(window_of_three, walrus_coverage):
    assert titles("colony") == ["Walrus colony returns to the bay"]
    assert titles("walrus bay") == ["Walrus colony returns to the bay"]


def test_without_the_window_every_match_is_ranked(walrus_coverage):
    assert titles("walrus")[0] == "Walrus colony returns to the bay"
    assert len(titles("walrus")) == 5


def test_the_results_page_says_there_are_more_matches_than_it_ranked(window_of_three, walrus_coverage, client):
    html = client.get("/search/?q=walrus").content.decode()
    assert "3+ results" in html
    assert "These are the newest 3, best match first: add a word to narrow the search." in html
    html = client.get("/search/?q=colony").content.decode()
    assert "1 result." in html and "newest 3" not in html


def test_without_the_rum_index_the_newest_matches_are_the_same(window_of_three, walrus_coverage):
    with_rum = titles("walrus")
    with mock.patch.object(postgres, "has_rum_index", return_value=False):
        assert titles("walrus") == with_rum


def test_the_archive_follows_publishing_editing_and_deleting(make_article):
    article = make_article(title="Walrus colony returns", standfirst="Back after ten years.")
    words = PageWords.objects.get(page_id=article.pk)
    assert words.published_at == article.first_published_at
    article.title = "Seal colony returns"
    article.save_revision().publish()
    assert titles("seal") == ["Seal colony returns"] and titles("walrus") == []
    article.first_published_at = days_ago(400)
    article.save()
    assert PageWords.objects.get(page_id=article.pk).published_at == article.first_published_at
    article.delete()
    assert not PageWords.objects.filter(page_id=article.pk).exists()


def test_the_newest_matches_come_from_the_index_in_date_order(make_article):
    if not postgres.has_rum_index(connection.alias):
        pytest.skip("the rum extension is not installed here (Debian: postgresql-15-rum; .ci/run installs it)")
    make_article(title="Walrus colony returns")
    with connection.cursor() as cursor:
        # A tiny table would be read whole and sorted: ask whether the index can hand out the order.
        cursor.execute(
            "SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off"
        )
        cursor.execute(
            "EXPLAIN SELECT page_id FROM search_pagewords WHERE vector @@ to_tsquery('walrus') "
            "ORDER BY published_at <=| '9999-12-31'::timestamptz LIMIT 1000"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Scan using search_pagewords_newest" in plan and "Sort" not in plan, plan

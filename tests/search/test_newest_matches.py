"""On PostgreSQL a search ranks only its newest matches, so a common word costs the same in a huge archive.

journos/search/backends/postgres.py; the archive table and its triggers: journos/search/models.py.
"""

from datetime import timedelta
from unittest import mock

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.utils import timezone

import pytest

from journos.news.demo.bulk import search_archive_ready
from journos.search.backends import postgres
from journos.search.models import PageWords
from journos.search.selectors import find_articles, search_terms
from journos.search.tasks import make_archive_partitions

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


def cursor_rows(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def partition_of(page):
    return cursor_rows("SELECT tableoid::regclass::text FROM search_pagewords WHERE page_id = %s", [page.pk])[0][0]


def test_a_search_reads_this_and_last_years_partitions_from_the_index_in_date_order(make_article):
    if not postgres.has_rum_index(connection.alias):
        pytest.skip("the rum extension is not installed here (Debian: postgresql-15-rum; .ci/run installs it)")
    make_article(title="Walrus colony returns")
    year = timezone.now().year
    # A tiny table would be read whole and sorted: ask whether the index can hand out the order.
    with connection.cursor() as cursor:
        cursor.execute(
            "SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off"
        )
    recent = PageWords.objects.filter(
        vector=SearchQuery("walrus"),
        published_at__gte=postgres.recent_years_start(),
        published_at__lt=postgres.next_year_start(),
    )
    plan = recent.order_by(postgres.newest_first(connection.alias))[:200].explain()
    assert f"on search_pagewords_{year} " in plan and f"on search_pagewords_{year - 1} " in plan, plan
    assert f"search_pagewords_{year + 1}" not in plan and "undated" not in plan and "Sort  (" not in plan, plan


def test_older_years_fill_the_window_when_recent_ones_do_not(window_of_three, make_article):
    make_article(title="Walrus colony returns", first_published_at=days_ago(2))
    make_article(title="Walrus count falls", first_published_at=days_ago(5 * 365))
    make_article(title="Walrus first seen", first_published_at=days_ago(8 * 365))
    make_article(title="Walrus left the bay", first_published_at=days_ago(9 * 365))
    assert titles("walrus", order="newest") == ["Walrus colony returns", "Walrus count falls", "Walrus first seen"]


def test_an_older_year_gets_its_partition_and_its_articles(make_article):
    old = make_article(title="Walrus count falls", first_published_at=days_ago(5 * 365))
    assert partition_of(old) == "search_pagewords_undated"  # no partition for that year yet
    year = old.first_published_at.year
    assert PageWords.make_partitions(year, year) == 1
    assert partition_of(old) == f"search_pagewords_{year}"
    assert titles("walrus") == ["Walrus count falls"]
    assert PageWords.make_partitions(year, year) == 0  # made once


def test_an_earlier_publication_date_moves_the_article_to_its_year(make_article):
    article = make_article(title="Walrus colony returns")
    last_year = timezone.now().year - 1
    article.first_published_at = article.first_published_at.replace(year=last_year)
    article.save()
    assert partition_of(article) == f"search_pagewords_{last_year}"


def test_the_worker_makes_next_years_partition_before_it_is_needed(db):
    in_two_years = timezone.now() + timedelta(days=2 * 366)
    with mock.patch.object(timezone, "now", return_value=in_two_years):
        assert make_archive_partitions.call() == 2  # that year and the next
    tables = [f"search_pagewords_{in_two_years.year + offset}" for offset in (0, 1)]
    assert cursor_rows("SELECT to_regclass(%s)::text, to_regclass(%s)::text", tables) == [tuple(tables)]


def test_a_large_load_builds_the_archive_text_indexes_again(make_article):
    make_article(title="Walrus colony returns")
    indexes = "SELECT indexdef FROM pg_indexes WHERE tablename = 'search_pagewords' ORDER BY indexname"
    before = cursor_rows(indexes)
    year = timezone.now().year
    with search_archive_ready(year, year, rebuild=True):
        assert len(cursor_rows(indexes)) < len(before)
        make_article(title="Walrus count falls")
    assert cursor_rows(indexes) == before
    assert titles("walrus", order="newest") == ["Walrus count falls", "Walrus colony returns"]

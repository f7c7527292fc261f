"""Popular News: the most viewed articles of the last days, and its cached sidebar."""

from datetime import timedelta

from django.test import RequestFactory
from django.utils import timezone

import pytest

from journos.core.visibility import any_view_restrictions
from journos.engagement import selectors, widgets
from tests.engagement.conftest import count, make_article

pytestmark = pytest.mark.django_db


def titles(articles):
    return [article.title for article in articles]


def test_most_viewed_of_the_last_seven_days_come_first(section):
    steady = make_article(section, title="Steady")
    burst = make_article(section, title="Burst")
    old_hit = make_article(section, title="Old hit")
    make_article(section, title="Unread")
    count(steady, 10, days_ago=0)
    count(steady, 15, days_ago=6)
    count(burst, 20, days_ago=3)
    count(old_hit, 500, days_ago=7)  # the eighth day back: outside the window
    count(old_hit, 1, days_ago=1)
    assert titles(selectors.most_read(days=7, limit=5)) == ["Steady", "Burst", "Old hit"]
    # Suggestions for search and newsletters fill a quiet week's empty places with the newest articles.
    assert titles(selectors.popular_articles()) == ["Steady", "Burst", "Old hit", "Unread"]


def test_with_no_views_at_all_popular_news_shows_the_newest(client, home, section):
    now = timezone.now()
    for days_ago in (3, 1, 2):
        make_article(section, title=f"{days_ago} days old", first_published_at=now - timedelta(days=days_ago))
    assert titles(selectors.popular_articles(limit=2)) == ["1 days old", "2 days old"]
    assert selectors.most_read(days=7, limit=2) == []  # the dashboard lists only articles that were read
    html = client.get("/").content.decode()
    popular = html[html.index('<section class="widget popular"') :]
    assert "Popular News" in popular
    assert popular.index("1 days old") < popular.index("2 days old") < popular.index("3 days old")


def test_a_quiet_week_falls_back_to_the_most_read_of_a_longer_window_then_the_newest(section, settings):
    settings.ENGAGEMENT_POPULAR_FALLBACK_DAYS = 30
    this_week = make_article(section, title="Read this week")
    last_month = make_article(section, title="Read last month")
    long_ago = make_article(section, title="Read long ago")
    make_article(section, title="Never read")
    count(this_week, 2, days_ago=1)
    count(last_month, 90, days_ago=20)
    count(long_ago, 900, days_ago=60)  # outside both windows
    assert titles(selectors.popular_articles(days=7, limit=3)) == ["Read this week", "Read last month", "Never read"]


def test_with_no_views_in_the_window_the_longer_window_leads(section):
    make_article(section, title="Newest, unread")
    older_hit = make_article(section, title="Older hit", first_published_at=timezone.now() - timedelta(days=40))
    count(older_hit, 50, days_ago=30)
    assert titles(selectors.popular_articles(days=7, limit=2)) == ["Older hit", "Newest, unread"]


def test_the_window_is_configurable(section):
    recent = make_article(section, title="Recent")
    older = make_article(section, title="Older")
    count(recent, 5)
    count(older, 50, days_ago=20)
    assert titles(selectors.most_read(days=7, limit=5)) == ["Recent"]
    assert titles(selectors.most_read(days=30, limit=5)) == ["Older", "Recent"]


def test_ties_go_to_the_newest_article(section):
    now = timezone.now()
    older = make_article(section, title="Older", first_published_at=now - timedelta(days=2))
    newer = make_article(section, title="Newer", first_published_at=now - timedelta(days=1))
    count(older, 8)
    count(newer, 8)
    assert titles(selectors.most_read(days=7, limit=5)) == ["Newer", "Older"]


def test_only_published_articles_and_at_most_the_limit(section):
    articles = [make_article(section, title=f"Story {n}") for n in range(7)]
    for position, article in enumerate(articles):
        count(article, 100 - position)
    articles[0].unpublish()
    assert titles(selectors.most_read(days=7, limit=5)) == [f"Story {n}" for n in range(1, 6)]


def test_share_totals_come_with_the_articles(section):
    article = make_article(section)
    count(article, 3)
    count(article, 2, kind="facebook", days_ago=30)  # shares of all time
    count(article, 1, kind="email")
    (popular,) = selectors.most_read(days=7, limit=5)
    assert (popular.period_views, popular.total_shares) == (3, 3)


def test_ranking_is_one_query_whatever_the_number_of_articles(section, django_assert_num_queries):
    for number in range(12):
        article = make_article(section)
        count(article, number + 1, days_ago=number % 7)
        count(article, 2, kind="x")
    any_view_restrictions()  # a cached flag, asked once a minute at most
    # One query ranks, one fetches the five cards (with shares), one their authors, one their sections.
    with django_assert_num_queries(4):
        popular = selectors.most_read(days=7, limit=5)
    assert [article.period_views for article in popular] == [12, 11, 10, 9, 8]
    assert [article.total_shares for article in popular] == [2] * 5
    with django_assert_num_queries(6):  # also the longer window and the newest, asked whatever the week was
        assert selectors.popular_articles() == popular


def test_the_sidebar_shows_popular_news_with_share_counts(client, home, section):
    article = make_article(section, title="Harbour reopens")
    count(article, 40)
    count(article, 1234, kind="whatsapp")
    for url in ("/", section.url, article.url):
        html = client.get(url).content.decode()
        assert "Popular News" in html
        assert "Harbour reopens" in html
        assert "1.2K shares" in html


def test_the_sidebar_is_cached_and_costs_no_query_when_fresh(home, section, django_assert_num_queries):
    count(make_article(section), 3)
    request = RequestFactory().get("/", SERVER_NAME="localhost")
    first = widgets.sidebar_html(request=request)
    with django_assert_num_queries(0):
        assert widgets.sidebar_html(request=request) == first


def test_unpublishing_an_article_removes_it_from_the_cached_sidebar(client, home, section):
    article = make_article(section, title="Retracted story")
    count(article, 10)
    assert "Retracted story" in client.get("/").content.decode()
    article.unpublish()
    assert "Retracted story" not in client.get("/").content.decode()


def test_newsletter_helper_signature_still_works(section):
    article = make_article(section)
    count(article, 1)
    assert selectors.popular_articles(days=7, limit=5) == [article]

"""Views per hour (the dashboard's "today" chart): written by the flush in a few statements, pruned after two days."""

from datetime import timedelta
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from journos.engagement import selectors, services
from journos.engagement.models import HourlyCount
from tests.engagement.conftest import BROWSER_UA, make_article
from tests.engagement.test_redis_buffer import view

pytestmark = pytest.mark.django_db


def hourly(article):
    return dict(HourlyCount.objects.filter(article=article, kind="view").values_list("hour", "count"))


@pytest.mark.redis
def test_the_flush_writes_each_batch_to_the_hour_it_runs_in(client, section, redis_buffer):
    first, second = make_article(section), make_article(section)
    ten = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    for reader in range(3):
        view(client, first, reader)
    view(client, second, 0)
    with mock.patch.object(services, "current_hour", return_value=ten):
        assert services.flush_buffer() == 4
    assert hourly(first) == {ten: 3}
    assert hourly(second) == {ten: 1}
    view(client, first, 7)
    with mock.patch.object(services, "current_hour", return_value=ten):
        services.flush_buffer()
    view(client, first, 8)
    with mock.patch.object(services, "current_hour", return_value=ten + timedelta(hours=1)):
        services.flush_buffer()
    assert hourly(first) == {ten: 4, ten + timedelta(hours=1): 1}


@pytest.mark.redis
def test_a_flush_costs_the_same_queries_for_two_or_twelve_articles(client, section, redis_buffer):
    def flush_queries(articles):
        for reader, article in enumerate(articles):
            view(client, article, reader)
        with CaptureQueriesContext(connection) as queries:
            assert services.flush_buffer() == len(articles)
        return len(queries)

    few = flush_queries([make_article(section) for _ in range(2)])
    many = flush_queries([make_article(section) for _ in range(12)])
    assert few == many
    assert few <= 12


def test_without_redis_a_view_is_counted_in_its_hour(client, article):
    response = client.post("/engagement/beacon/", {"article": article.pk, "event": "view"}, HTTP_USER_AGENT=BROWSER_UA)
    assert response.status_code == 202
    assert list(hourly(article).values()) == [1]
    assert selectors.hourly_views_today(article_id=article.pk)[timezone.localtime().hour][1] == 1


def test_hourly_counts_older_than_two_days_are_pruned(article):
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for hours_ago in (1, 47, 49, 72):
        services.add_hourly_counts({(article.pk, "view"): hours_ago}, hour=now - timedelta(hours=hours_ago))
    services.prune_old_readers()
    assert sorted(hourly(article).values()) == [1, 47]

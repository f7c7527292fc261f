"""Counting through Redis: no database write per view, and a flush that survives crashes."""

from unittest import mock

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from journos.engagement import buffer, selectors, services
from journos.engagement.models import DailyCount, FlushBatch
from journos.news.factories import ArticlePageFactory
from tests.engagement.conftest import BROWSER_UA

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


class Crash(Exception):
    """Stands for the process dying (killed, out of memory, database gone) half-way."""


def view(client, article, reader: int):
    response = client.post(
        "/engagement/beacon/",
        {"article": article.pk, "event": "view"},
        HTTP_USER_AGENT=BROWSER_UA,
        REMOTE_ADDR=f"10.0.{reader // 256}.{reader % 256}",
    )
    assert response.status_code == 202
    return response.json()["counted"]


def views_of(article):
    return selectors.article_totals(article_id=article.pk).views


def writes(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_a_burst_of_views_writes_nothing_to_the_database_until_the_flush(client, article, redis_buffer):
    view(client, article, reader=0)  # makes the day's key, a write once a day
    with CaptureQueriesContext(connection) as queries:
        for reader in range(1, 30):
            assert view(client, article, reader) is True
    assert writes(queries) == []
    assert views_of(article) == 0
    assert buffer.pending_total() == 30

    assert services.flush_buffer() == 30
    assert views_of(article) == 30
    assert buffer.pending_total() == 0


def test_redis_deduplicates_the_same_reader(client, article, redis_buffer):
    assert view(client, article, reader=1) is True
    assert view(client, article, reader=1) is False
    services.flush_buffer()
    assert views_of(article) == 1


def test_run_periodic_enqueues_the_flush(client, article, redis_buffer, settings):
    assert settings.PERIODIC_TASKS["journos.engagement.tasks.flush_counts"] == settings.ENGAGEMENT_FLUSH_INTERVAL
    view(client, article, reader=1)
    call_command("run_periodic", "--once")  # the immediate backend runs what it enqueues
    assert views_of(article) == 1


def test_a_flush_that_dies_while_writing_loses_nothing(client, article, redis_buffer, section):
    other = ArticlePageFactory(parent=section)
    for reader in range(10):
        view(client, article, reader)
        view(client, other, reader)

    # The daily counts are written, then the flush dies writing the hourly ones.
    with mock.patch.object(services, "add_hourly_counts", side_effect=Crash), pytest.raises(Crash):
        services.flush_buffer()
    # The half-written transaction was rolled back; the batch waits in Redis.
    assert views_of(article) == views_of(other) == 0
    assert not FlushBatch.objects.exists()

    view(client, article, reader=99)  # arrives before the retry
    assert services.flush_buffer() == 21
    assert (views_of(article), views_of(other)) == (11, 10)
    assert buffer.pending_total() == 0


def test_a_flush_that_dies_after_writing_counts_nothing_twice(client, article, redis_buffer):
    for reader in range(7):
        view(client, article, reader)
    with mock.patch.object(buffer, "release_batch", side_effect=Crash), pytest.raises(Crash):
        services.flush_buffer()
    assert views_of(article) == 7  # written and committed, but Redis still holds the batch
    assert buffer.pending_total() == 7

    view(client, article, reader=50)
    assert services.flush_buffer() == 1  # the old batch is recognised and dropped; only the new view is added
    assert views_of(article) == 8
    assert buffer.pending_total() == 0


def test_counts_of_a_deleted_article_do_not_block_the_flush(client, article, redis_buffer, section):
    doomed = ArticlePageFactory(parent=section)
    view(client, article, reader=1)
    view(client, doomed, reader=1)
    doomed.delete()
    assert services.flush_buffer() == 1
    assert views_of(article) == 1


def test_the_flush_command_reports_what_it_wrote(client, article, redis_buffer, capsys):
    view(client, article, reader=1)
    view(client, article, reader=2)
    call_command("flush_engagement_counts")
    assert "Flushed 2 count(s)" in capsys.readouterr().out
    assert DailyCount.objects.get(article=article).count == 2


def test_the_flush_task_flushes(client, article, redis_buffer):
    from journos.engagement.tasks import flush_counts

    view(client, article, reader=1)
    assert flush_counts.enqueue().return_value == 1
    assert views_of(article) == 1


def test_when_redis_is_down_views_are_counted_in_the_database(client, settings, article):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    assert view(client, article, reader=1) is True
    assert view(client, article, reader=1) is False
    assert views_of(article) == 1

"""Exact totals when several processes count at once (PostgreSQL: real row locks and concurrency)."""

import multiprocessing

from django.db import connection

import pytest

from journos.engagement import selectors, services
from journos.news.factories import ArticlePageFactory, SectionPageFactory
from tests.engagement.concurrent_readers import send_views
from tests.utils import make_site

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite locks the whole database: concurrency is tested on PostgreSQL",
    ),
]
PROCESSES = 2
VIEWS_EACH = 500


def run_readers(article, overrides=None, meanwhile=None):
    context = multiprocessing.get_context("spawn")
    name = connection.settings_dict["NAME"]
    processes = [
        context.Process(target=send_views, args=(name, overrides or {}, article.pk, number, VIEWS_EACH))
        for number in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    while meanwhile and any(process.is_alive() for process in processes):
        meanwhile()
    for process in processes:
        process.join(timeout=300)
    assert [process.exitcode for process in processes] == [0] * PROCESSES


@pytest.fixture
def article():
    home = make_site()
    return ArticlePageFactory(parent=SectionPageFactory(parent=home))


def test_two_processes_counting_in_the_database_add_exactly_1000(article):
    run_readers(article)
    assert selectors.article_totals(article_id=article.pk).views == PROCESSES * VIEWS_EACH


@pytest.mark.redis
def test_two_processes_counting_through_redis_add_exactly_1000(article, redis_buffer, settings):
    overrides = {"REDIS_URL": settings.REDIS_URL, "ENGAGEMENT_REDIS_PREFIX": settings.ENGAGEMENT_REDIS_PREFIX}
    flushed = []
    run_readers(article, overrides, meanwhile=lambda: flushed.append(services.flush_buffer()))  # flush while counting
    flushed.append(services.flush_buffer())
    assert sum(flushed) == PROCESSES * VIEWS_EACH
    assert selectors.article_totals(article_id=article.pk).views == PROCESSES * VIEWS_EACH

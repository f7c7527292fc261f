"""The worker runs background tasks; run_periodic feeds it the periodic jobs."""

import io
import threading
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

import pytest
import time_machine
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from journos.news.factories import ArticlePageFactory
from journos.news.models import ArticlePage

# The worker takes its own transactions (SQLite: BEGIN IMMEDIATE), so these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)

PUBLISH = "journos.core.tasks.publish_scheduled_pages"


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def scheduled_article(newsroom):
    """A draft scheduled in the admin to go live in an hour; the clock then moves past that hour."""
    article = ArticlePageFactory(parent=newsroom["economy"], title="Embargoed story", live=False)
    article.go_live_at = timezone.now() + timedelta(hours=1)
    article.save_revision().publish()
    assert not ArticlePage.objects.get(pk=article.pk).live
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        yield article


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")


@pytest.mark.usefixtures("database_queue")
def test_the_worker_runs_a_scheduled_publish(scheduled_article):
    call_command("run_periodic", "--once")
    assert not ArticlePage.objects.get(pk=scheduled_article.pk).live  # only enqueued so far

    run_worker()

    assert ArticlePage.objects.get(pk=scheduled_article.pk).live
    assert DBTaskResult.objects.get(task_path=PUBLISH).status == TaskResultStatus.SUCCESSFUL


@pytest.mark.usefixtures("database_queue")
def test_a_job_still_waiting_is_not_enqueued_twice(db):
    call_command("run_periodic", "--once")
    call_command("run_periodic", "--once")
    assert DBTaskResult.objects.filter(task_path=PUBLISH).count() == 1

    run_worker()
    call_command("run_periodic", "--once")
    assert DBTaskResult.objects.filter(task_path=PUBLISH, status=TaskResultStatus.READY).count() == 1


@pytest.mark.usefixtures("database_queue")
def test_a_job_left_running_by_a_dead_worker_is_enqueued_again(db):
    call_command("run_periodic", "--once")
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(hours=1))
    call_command("run_periodic", "--once")
    assert DBTaskResult.objects.filter(task_path=PUBLISH, status=TaskResultStatus.READY).count() == 1


def test_without_a_queue_the_job_runs_at_once(scheduled_article):
    call_command("run_periodic", "--once")
    assert ArticlePage.objects.get(pk=scheduled_article.pk).live


@pytest.mark.usefixtures("database_queue")
def test_schedulers_on_several_servers_enqueue_each_job_once(db):
    """run_periodic on every app server at the same moment: each job is still enqueued once."""
    start = threading.Barrier(4)

    def scheduler():
        start.wait()
        try:
            call_command("run_periodic", "--once", stdout=io.StringIO())
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for task_path in settings.PERIODIC_TASKS:
        assert DBTaskResult.objects.filter(task_path=task_path).count() == 1, task_path

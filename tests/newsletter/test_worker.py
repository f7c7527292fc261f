"""The production path: tasks queued in the database and run by `manage.py db_worker`; the throttle."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from journos.newsletter import sending, tasks
from journos.newsletter.factories import IssueFactory, SubscriberFactory
from journos.newsletter.models import Issue

# db_worker takes its own (exclusive) transactions: these tests cannot run inside the test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def newsletter_tasks():
    return DBTaskResult.objects.filter(task_path__startswith="journos.newsletter.")


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--no-reload", stdout=io.StringIO())


def test_send_now_queues_work_for_the_database_worker(database_queue, smtp, newsletter):
    SubscriberFactory.create_batch(5, newsletters=[newsletter])
    issue = IssueFactory(newsletter=newsletter)
    tasks.send_now(issue)
    assert smtp.mailbox.messages == []  # nothing happens in the request
    assert newsletter_tasks().filter(task_path__endswith="send_issue").count() == 1

    run_worker()

    assert len(smtp.mailbox.messages) == 5
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_scheduled_issue_waits_in_the_queue_until_due(database_queue, smtp, newsletter):
    SubscriberFactory(newsletters=[newsletter])
    issue = IssueFactory(newsletter=newsletter)
    when = timezone.now() + timedelta(hours=1)
    tasks.schedule(issue, when)
    assert newsletter_tasks().get().run_after == when

    run_worker()
    assert smtp.mailbox.messages == []
    with time_machine.travel(when + timedelta(seconds=1)):
        run_worker()
    assert len(smtp.mailbox.messages) == 1


def test_retries_are_queued_for_when_they_are_due(database_queue, smtp, newsletter):
    SubscriberFactory(email="busy@example.com", newsletters=[newsletter])
    smtp.mailbox.refuse["busy@example.com"] = "451 4.7.1 Try again later"
    issue = IssueFactory(newsletter=newsletter)
    tasks.send_now(issue)
    run_worker()
    retry_at = issue.deliveries.get().next_attempt_at
    follow_up = newsletter_tasks().filter(status="READY").get()
    assert follow_up.run_after == retry_at

    del smtp.mailbox.refuse["busy@example.com"]
    with time_machine.travel(retry_at + timedelta(seconds=1)):
        run_worker()
    assert smtp.mailbox.recipients() == ["busy@example.com"]


@pytest.mark.django_db(transaction=False)
def test_throttle_spaces_e_mails_at_the_configured_rate(monkeypatch):
    clock = {"now": 100.0}
    sleeps = []
    monkeypatch.setattr(sending.time, "monotonic", lambda: clock["now"])

    def fake_sleep(seconds):
        sleeps.append(seconds)
        clock["now"] += seconds

    monkeypatch.setattr(sending.time, "sleep", fake_sleep)
    throttle = sending.Throttle(rate=20)
    for _ in range(41):
        throttle.wait()
        clock["now"] += 0.01  # sending one e-mail takes 10 ms
    assert clock["now"] - 100.0 == pytest.approx(40 * 0.05 + 0.01)  # 41 e-mails, 20 per second
    assert sending.Throttle(rate=0).interval == 0


def test_run_periodic_starts_due_issues_through_the_worker(database_queue, smtp, settings, newsletter):
    assert "journos.newsletter.tasks.resume_sending" in settings.PERIODIC_TASKS
    SubscriberFactory(email="ana@example.com", newsletters=[newsletter])
    issue = IssueFactory(newsletter=newsletter)
    when = timezone.now() + timedelta(minutes=5)
    tasks.schedule(issue, when)
    newsletter_tasks().delete()  # as if the deferred task had been lost: the periodic job is the safety net

    with time_machine.travel(when + timedelta(seconds=1)):
        call_command("run_periodic", "--once", stdout=io.StringIO())
        run_worker()
    assert smtp.mailbox.recipients() == ["ana@example.com"]

"""Sending issues through a real SMTP server: content, batches, failures, retries, resuming."""

import io
import re
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

import pytest
import time_machine

from journos.news.factories import ArticlePageFactory, SectionPageFactory
from journos.newsletter import conf, sending, tasks
from journos.newsletter.factories import IssueFactory, NewsletterListFactory, SubscriberFactory
from journos.newsletter.models import Delivery, Issue, Subscriber, Subscription
from tests.newsletter.test_signup import confirm_path, sign_up
from tests.utils import make_site

pytestmark = pytest.mark.django_db


def make_subscribers(newsletter, count, *, prefix="reader"):
    """Many confirmed subscribers, quickly."""
    now = timezone.now()
    Subscriber.objects.bulk_create(
        Subscriber(email=f"{prefix}{n}@example.com", state=Subscriber.State.CONFIRMED, confirmed_at=now)
        for n in range(count)
    )
    subscribers = Subscriber.objects.filter(email__startswith=prefix)
    Subscription.objects.bulk_create(
        Subscription(subscriber=subscriber, newsletter=newsletter, confirmed_at=now) for subscriber in subscribers
    )
    return [f"{prefix}{n}@example.com" for n in range(count)]


def issue_with_articles(newsletter, count=2):
    home = make_site()
    section = SectionPageFactory(parent=home, title="Politics")
    articles = [ArticlePageFactory(parent=section, title=f"Story number {n}") for n in range(count)]
    return IssueFactory(newsletter=newsletter, subject="Tuesday briefing", articles=articles), articles


def assert_each_received_once(mailbox, addresses):
    received = mailbox.recipients()
    assert sorted(received) == sorted(addresses), "every subscriber exactly once"


def test_sign_up_confirm_receive_then_one_click_unsubscribe(client, smtp, newsletter):
    sign_up(client, email="ana@example.com")
    client.post(confirm_path(smtp.mailbox.to("ana@example.com")[0]))
    issue, articles = issue_with_articles(newsletter)

    tasks.send_now(issue)

    [message] = [m for m in smtp.mailbox.to("ana@example.com") if m["Subject"] == "Tuesday briefing"]
    unsubscribe = re.fullmatch(
        r"<(http://testserver(/newsletter/unsubscribe/[^>]+/))>", message["List-Unsubscribe"].strip()
    )
    assert unsubscribe, message["List-Unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "morning" in message["List-Id"]
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    # Styles are inlined onto the elements; only the media queries stay in the head.
    assert re.search(r"<style>(.*?)</style>", html, re.S)[1].strip().startswith("@media")
    assert re.search(r'<td class="story" style="[^"]*padding', html)
    assert f'href="http://testserver{articles[0].url}"' in html
    assert re.search(r'src="http://testserver/media/images/[^"]+\.jpg"', html)
    assert html.index("Story number 0") < html.index("Story number 1")
    assert unsubscribe[1] in html and unsubscribe[1] in text
    assert f"http://testserver{articles[1].url}" in text
    assert "Five stories to start the day." in html  # the preheader

    response = client.post(
        unsubscribe[2], data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscriber = Subscriber.objects.get(email="ana@example.com")
    assert subscriber.state == Subscriber.State.UNSUBSCRIBED

    tasks.send_now(IssueFactory(newsletter=newsletter, subject="Wednesday briefing"))
    assert [m["Subject"] for m in smtp.mailbox.to("ana@example.com")].count("Wednesday briefing") == 0


def test_only_confirmed_subscribers_of_the_list_receive_it(smtp, newsletter):
    other = NewsletterListFactory()
    SubscriberFactory(email="yes@example.com", newsletters=[newsletter])
    SubscriberFactory(email="pending@example.com", state=Subscriber.State.PENDING, newsletters=[newsletter])
    SubscriberFactory(email="left@example.com", state=Subscriber.State.UNSUBSCRIBED, newsletters=[newsletter])
    SubscriberFactory(email="bounced@example.com", state=Subscriber.State.BOUNCED, newsletters=[newsletter])
    SubscriberFactory(email="other@example.com", newsletters=[other])
    tasks.send_now(IssueFactory(newsletter=newsletter))
    assert smtp.mailbox.recipients() == ["yes@example.com"]


def test_a_thousand_subscribers_are_sent_in_batches(smtp, settings, newsletter):
    settings.NEWSLETTER_BATCH_SIZE = 100
    addresses = make_subscribers(newsletter, 1000)
    issue = IssueFactory(newsletter=newsletter)

    tasks.send_now(issue)

    assert_each_received_once(smtp.mailbox, addresses)
    assert smtp.mailbox.sessions == 10  # one SMTP connection per batch of 100
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert sending.report(issue) == {"total": 1000, "sent": 1000, "failed": 0, "skipped": 0, "pending": 0, "retry": 0}


class WorkerDied(BaseException):
    """Stands for the process being killed between two e-mails."""


def test_a_worker_that_dies_half_way_is_resumed_with_no_duplicate_and_no_gap(smtp, settings, newsletter, monkeypatch):
    settings.NEWSLETTER_BATCH_SIZE = 100
    addresses = make_subscribers(newsletter, 1000)
    issue = IssueFactory(newsletter=newsletter)
    sending.start_sending(issue)

    calls = {"n": 0}
    real_wait = sending.Throttle.wait

    def dying_wait(self):
        calls["n"] += 1
        if calls["n"] > 250:
            raise WorkerDied
        real_wait(self)

    monkeypatch.setattr(sending.Throttle, "wait", dying_wait)
    with pytest.raises(WorkerDied):
        sending.run(issue.pk)
    monkeypatch.setattr(sending.Throttle, "wait", real_wait)
    assert len(smtp.mailbox.messages) == 250
    assert issue.deliveries.filter(state=Delivery.State.SENDING).count() == 50  # the rest of its batch

    # While the claims are fresh the worker may be alive: the resume command leaves the issue alone.
    call_command("newsletter_resume", stdout=io.StringIO())
    assert len(smtp.mailbox.messages) == 250

    with time_machine.travel(timezone.now() + timedelta(seconds=conf.get("CLAIM_LEASE_SECONDS") + 1)):
        call_command("newsletter_resume", stdout=io.StringIO())

    assert_each_received_once(smtp.mailbox, addresses)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_smtp_server_down_then_up(smtp, settings, newsletter):
    settings.NEWSLETTER_RETRY_BASE_SECONDS = 60
    addresses = make_subscribers(newsletter, 30)
    issue = IssueFactory(newsletter=newsletter)
    smtp.stop()

    tasks.send_now(issue)

    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENDING
    retry = issue.deliveries.get(subscriber__email="reader0@example.com")
    assert retry.state == Delivery.State.RETRY
    assert retry.attempts == 1
    assert "Connection refused" in retry.last_error or "ConnectionRefused" in retry.last_error
    assert sending.report(issue)["pending"] == 30

    smtp.start()
    call_command("newsletter_resume", "--release-claims", stdout=io.StringIO())
    assert smtp.mailbox.messages == []  # backing off: not due yet

    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        call_command("newsletter_resume", stdout=io.StringIO())
    assert_each_received_once(smtp.mailbox, addresses)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_permanent_refusal_marks_the_subscriber_bounced(smtp, newsletter):
    SubscriberFactory(email="fine@example.com", newsletters=[newsletter])
    gone = SubscriberFactory(email="gone@example.com", newsletters=[newsletter])
    smtp.mailbox.refuse["gone@example.com"] = "550 5.1.1 No such user"
    issue = IssueFactory(newsletter=newsletter)

    tasks.send_now(issue)

    assert smtp.mailbox.recipients() == ["fine@example.com"]
    delivery = issue.deliveries.get(subscriber=gone)
    assert delivery.state == Delivery.State.FAILED
    assert "550" in delivery.last_error
    gone.refresh_from_db()
    assert gone.state == Subscriber.State.BOUNCED
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert sending.report(issue)["failed"] == 1


def test_temporary_refusal_is_retried_with_backoff_then_given_up(smtp, settings, newsletter):
    settings.NEWSLETTER_MAX_ATTEMPTS = 3
    settings.NEWSLETTER_RETRY_BASE_SECONDS = 60
    busy = SubscriberFactory(email="busy@example.com", newsletters=[newsletter])
    smtp.mailbox.refuse["busy@example.com"] = "451 4.7.1 Try again later"
    issue = IssueFactory(newsletter=newsletter)
    start = timezone.now()

    tasks.send_now(issue)
    delivery = issue.deliveries.get(subscriber=busy)
    first_wait = delivery.next_attempt_at - start
    with time_machine.travel(start + timedelta(seconds=61)):
        tasks.send_issue.enqueue(issue.pk)
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.RETRY and delivery.attempts == 2
    assert delivery.next_attempt_at - (start + timedelta(seconds=61)) > first_wait  # the wait doubles

    with time_machine.travel(start + timedelta(seconds=300)):
        tasks.send_issue.enqueue(issue.pk)
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.FAILED
    assert delivery.last_error.startswith("Gave up")
    busy.refresh_from_db()
    assert busy.state == Subscriber.State.CONFIRMED  # not a bounce: the address may be fine


def test_starting_twice_adds_nobody_twice(newsletter):
    make_subscribers(newsletter, 20)
    issue = IssueFactory(newsletter=newsletter)
    assert sending.start_sending(issue) == 20
    SubscriberFactory(newsletters=[newsletter])  # joins after the send started
    assert sending.start_sending(issue) == 20
    assert issue.deliveries.count() == 20


def test_two_workers_never_claim_the_same_deliveries(newsletter):
    make_subscribers(newsletter, 25)
    issue = IssueFactory(newsletter=newsletter)
    sending.start_sending(issue)
    _, first = sending.claim(issue.pk, size=10)
    _, second = sending.claim(issue.pk, size=10)
    _, third = sending.claim(issue.pk, size=10)
    ids = [d.pk for d in first + second + third]
    assert len(ids) == len(set(ids)) == 25


def test_a_reader_who_leaves_during_the_send_is_skipped(smtp, newsletter):
    make_subscribers(newsletter, 3)
    issue = IssueFactory(newsletter=newsletter)
    sending.start_sending(issue)
    from journos.newsletter import services

    services.unsubscribe(subscriber=Subscriber.objects.get(email="reader1@example.com"))
    sending.run(issue.pk)
    assert sorted(smtp.mailbox.recipients()) == ["reader0@example.com", "reader2@example.com"]
    assert sending.report(issue)["skipped"] == 1


def test_scheduled_issue_goes_out_when_due(smtp, newsletter):
    SubscriberFactory(email="ana@example.com", newsletters=[newsletter])
    issue = IssueFactory(newsletter=newsletter)
    when = timezone.now() + timedelta(hours=2)
    tasks.schedule(issue, when)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SCHEDULED

    call_command("newsletter_resume", stdout=io.StringIO())
    assert smtp.mailbox.messages == []

    with time_machine.travel(when + timedelta(minutes=1)):
        call_command("newsletter_resume", stdout=io.StringIO())
    assert smtp.mailbox.recipients() == ["ana@example.com"]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT

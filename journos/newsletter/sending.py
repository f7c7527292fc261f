"""Sending an issue: idempotent, resumable, batched and throttled.

1. `start_sending` snapshots the list's confirmed subscribers into one
   Delivery row each (unique per issue and subscriber, so running it twice
   adds nobody twice).
2. Workers `claim` a batch: a conditional UPDATE stamps rows with the
   worker's claim token, so two workers never hold the same row (PostgreSQL
   also skips rows another worker is claiming, with SKIP LOCKED).
3. Each e-mail is marked sent only after the SMTP server accepted it. A
   worker that dies leaves its unsent rows claimed; after CLAIM_LEASE_SECONDS
   any worker takes them over. The only possible duplicate is a message the
   server accepted in the instant before its row was marked sent.
4. Temporary failures wait with exponential backoff; permanent ones (5xx)
   fail the delivery and mark the subscriber bounced.
"""

import contextlib
import logging
import smtplib
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from journos.core.mail import describe, is_permanent
from journos.newsletter import conf, emails, selectors, services
from journos.newsletter.models import Delivery, Issue

logger = logging.getLogger(__name__)
State = Delivery.State
UNFINISHED = (State.PENDING, State.SENDING, State.RETRY)
INSERT_CHUNK = 2000


# Starting ------------------------------------------------------------------


def start_sending(issue: Issue) -> int:
    """Freeze the recipients and mark the issue as sending. Returns the number of deliveries."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status in (Issue.Status.DRAFT, Issue.Status.SCHEDULED):
            issue.status = Issue.Status.SENDING
            issue.send_started_at = timezone.now()
            issue.save(update_fields=["status", "send_started_at"])
            _create_deliveries(issue)
    return issue.deliveries.count()


def _create_deliveries(issue: Issue) -> None:
    recipient_ids = (
        selectors.audience(issue.newsletter_id).order_by("subscriber_id").values_list("subscriber_id", flat=True)
    )
    chunk = []
    for subscriber_id in recipient_ids.iterator(chunk_size=INSERT_CHUNK):
        chunk.append(Delivery(issue_id=issue.pk, subscriber_id=subscriber_id))
        if len(chunk) >= INSERT_CHUNK:
            Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
            chunk = []
    Delivery.objects.bulk_create(chunk, ignore_conflicts=True)


def schedule(issue: Issue, when) -> None:
    Issue.objects.filter(pk=issue.pk, status__in=[Issue.Status.DRAFT, Issue.Status.SCHEDULED]).update(
        status=Issue.Status.SCHEDULED, scheduled_at=when
    )


def unschedule(issue: Issue) -> None:
    Issue.objects.filter(pk=issue.pk, status=Issue.Status.SCHEDULED).update(
        status=Issue.Status.DRAFT, scheduled_at=None
    )


def due_scheduled_issues():
    return Issue.objects.filter(status=Issue.Status.SCHEDULED, scheduled_at__lte=timezone.now())


# Claiming ------------------------------------------------------------------


def claimable(issue_id: int, now):
    lease = timedelta(seconds=conf.get("CLAIM_LEASE_SECONDS"))
    return Delivery.objects.filter(issue_id=issue_id).filter(
        Q(state=State.PENDING)
        | Q(state=State.RETRY, next_attempt_at__lte=now)
        | Q(state=State.SENDING, claimed_at__lt=now - lease)
    )


def claim(issue_id: int, *, size: int) -> tuple[str, list[Delivery]]:
    """Take up to `size` deliveries for this worker; nobody else will send them."""
    token = uuid.uuid4().hex
    now = timezone.now()
    with transaction.atomic():
        candidates = claimable(issue_id, now).order_by("pk")
        if db_connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:size])
        # The conditional UPDATE re-checks the state, so a row another worker got first is left alone.
        claimable(issue_id, now).filter(pk__in=ids).update(state=State.SENDING, claim_token=token, claimed_at=now)
    rows = list(
        Delivery.objects.filter(claim_token=token, state=State.SENDING).select_related("subscriber").order_by("pk")
    )
    return token, rows


# Sending -------------------------------------------------------------------


@dataclass
class Outcome:
    sent: int = 0
    retry: int = 0
    failed: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


class Throttle:
    """Space e-mails 1/rate seconds apart (per worker)."""

    def __init__(self, rate: float):
        self.interval = 1.0 / rate if rate else 0.0
        self.next_at = time.monotonic()

    def wait(self) -> None:
        if not self.interval:
            return
        delay = self.next_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self.next_at = max(self.next_at, time.monotonic() - self.interval) + self.interval


def send_batch(issue: Issue, *, size: int | None = None, throttle: Throttle | None = None, rendered=None) -> Outcome:
    """Claim one batch and send it over one SMTP connection."""
    token, rows = claim(issue.pk, size=size or conf.get("BATCH_SIZE"))
    outcome = Outcome()
    if not rows:
        return outcome
    rendered = rendered or emails.render_issue(issue)
    throttle = throttle or Throttle(conf.get("SEND_RATE"))
    still_subscribed = _still_subscribed(issue, rows)
    connection = emails.newsletter_connection()
    try:
        for delivery in rows:
            if delivery.subscriber_id not in still_subscribed:
                _finish(delivery, token, State.SKIPPED)
                outcome.skipped += 1
                continue
            throttle.wait()
            _send_one(issue, rendered, delivery, token, connection, outcome)
    finally:
        _close_quietly(connection)
    return outcome


def _still_subscribed(issue: Issue, rows: list[Delivery]) -> set[int]:
    """Readers who left (or bounced) after the send started are skipped, not mailed."""
    return set(
        selectors.audience(issue.newsletter_id)
        .filter(subscriber_id__in=[row.subscriber_id for row in rows])
        .values_list("subscriber_id", flat=True)
    )


def _send_one(issue, rendered, delivery, token, connection, outcome) -> None:
    subscriber = delivery.subscriber
    message = emails.issue_message(
        rendered,
        to=subscriber.email,
        unsubscribe=emails.unsubscribe_url(subscriber, issue.newsletter),
        connection=connection,
    )
    try:
        connection.open()  # no-op while open; reopens after a failure closed it
        accepted = message.send()
        if not accepted:
            raise smtplib.SMTPException("The e-mail backend accepted nothing.")
    except Exception as error:  # any backend: SMTP, anymail, console...
        _record_failure(delivery, token, error, outcome)
        _close_quietly(connection)  # the next message opens a fresh connection
        return
    _finish(delivery, token, State.SENT, sent_at=timezone.now())
    outcome.sent += 1


def _finish(delivery: Delivery, token: str, state: str, **fields) -> None:
    with transaction.atomic():
        if db_connection.vendor == "postgresql" and conf.get("ASYNC_COMMIT"):
            # Don't wait for the disk flush: a killed worker loses nothing (the server has the
            # commit); only a crash of PostgreSQL itself could forget the last moment's marks.
            with db_connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        Delivery.objects.filter(pk=delivery.pk, claim_token=token).update(state=state, claim_token="", **fields)


def _record_failure(delivery: Delivery, token: str, error: Exception, outcome: Outcome) -> None:
    reason = describe(error)
    outcome.errors.append(f"{delivery.subscriber.email}: {reason}")
    attempts = delivery.attempts + 1
    if is_permanent(error):
        _finish(delivery, token, State.FAILED, attempts=attempts, last_error=reason)
        services.mark_bounced(subscriber_id=delivery.subscriber_id, reason=reason)
        outcome.failed += 1
    elif attempts >= conf.get("MAX_ATTEMPTS"):
        _finish(delivery, token, State.FAILED, attempts=attempts, last_error=f"Gave up: {reason}")
        outcome.failed += 1
    else:
        backoff = conf.get("RETRY_BASE_SECONDS") * 2 ** (attempts - 1)
        next_at = timezone.now() + timedelta(seconds=backoff)
        _finish(delivery, token, State.RETRY, attempts=attempts, last_error=reason, next_attempt_at=next_at)
        outcome.retry += 1
    logger.warning("Newsletter delivery %s failed: %s", delivery.pk, reason)


def _close_quietly(connection) -> None:
    with contextlib.suppress(Exception):  # a broken connection is being thrown away anyway
        connection.close()


# Running -------------------------------------------------------------------


def run(issue_id: int, *, time_budget: float | None = None) -> str:
    """Send batches until the issue is done or the time budget is spent.

    Returns "done", "more" (claimable work left: run again now) or "waiting"
    (only retries not yet due, or rows another worker holds).
    """
    issue = Issue.objects.select_related("newsletter").get(pk=issue_id)
    if issue.status != Issue.Status.SENDING:
        return "done"
    budget = conf.get("TASK_TIME_BUDGET") if time_budget is None else time_budget
    deadline = time.monotonic() + budget
    rendered = emails.render_issue(issue)
    throttle = Throttle(conf.get("SEND_RATE"))
    while time.monotonic() < deadline:
        outcome = send_batch(issue, throttle=throttle, rendered=rendered)
        if not (outcome.sent or outcome.retry or outcome.failed or outcome.skipped):
            break
    return finish_if_done(issue)


def finish_if_done(issue: Issue) -> str:
    if claimable(issue.pk, timezone.now()).exists():
        return "more"
    if Delivery.objects.filter(issue=issue, state__in=UNFINISHED).exists():
        return "waiting"
    Issue.objects.filter(pk=issue.pk, status=Issue.Status.SENDING).update(
        status=Issue.Status.SENT, sent_at=timezone.now()
    )
    return "done"


def held_by_a_worker(issue: Issue) -> bool:
    """A worker holds a claim younger than the lease: it may be alive, leave the issue to it."""
    since = timezone.now() - timedelta(seconds=conf.get("CLAIM_LEASE_SECONDS"))
    return issue.deliveries.filter(state=State.SENDING, claimed_at__gte=since).exists()


def release_claims(issue: Issue) -> int:
    """Only when no worker runs: hand a dead worker's claimed deliveries back at once."""
    return issue.deliveries.filter(state=State.SENDING).update(state=State.PENDING, claim_token="")


def next_wake_up(issue: Issue):
    """When the earliest retry or stale claim becomes claimable."""
    lease = timedelta(seconds=conf.get("CLAIM_LEASE_SECONDS"))
    found = Delivery.objects.filter(issue=issue).aggregate(
        retry=Min("next_attempt_at", filter=Q(state=State.RETRY)),
        claimed=Min("claimed_at", filter=Q(state=State.SENDING)),
    )
    moments = [found["retry"], found["claimed"] + lease if found["claimed"] else None]
    moments = [moment for moment in moments if moment]
    return min(moments) if moments else None


def report(issue: Issue) -> dict:
    """Deliveries per state, for the admin's delivery report."""
    counts = dict(Delivery.objects.filter(issue=issue).values_list("state").annotate(count=Count("pk")).order_by())
    return {
        "total": sum(counts.values()),
        "sent": counts.get(State.SENT, 0),
        "failed": counts.get(State.FAILED, 0),
        "skipped": counts.get(State.SKIPPED, 0),
        "pending": sum(counts.get(state, 0) for state in UNFINISHED),
        "retry": counts.get(State.RETRY, 0),
    }


RATE_WINDOW = timedelta(minutes=1)


def progress(issue: Issue, *, now=None) -> dict:
    """The report, plus how far the send is, its pace over the last minute and when it should end."""
    now = now or timezone.now()
    numbers = report(issue)
    done = numbers["total"] - numbers["pending"]
    recent = Delivery.objects.filter(issue=issue, state=State.SENT, sent_at__gte=now - RATE_WINDOW).count()
    per_minute = recent * 60 / RATE_WINDOW.total_seconds()
    expected_end = None
    if per_minute and numbers["pending"]:
        expected_end = now + timedelta(minutes=numbers["pending"] / per_minute)
    return numbers | {
        "done": done,
        "percent": done * 100 // numbers["total"] if numbers["total"] else 100,
        "per_minute": round(per_minute),
        "expected_end": expected_end,
    }

"""Background work on django-tasks: immediate in development, `manage.py db_worker` in production."""

from django.utils import timezone

from django_tasks import task

from journos.core.mail import email_task
from journos.newsletter import conf, emails, sending
from journos.newsletter.models import Issue, Subscriber


@email_task
def send_confirmation(subscriber_id: int) -> None:
    """The double opt-in e-mail: sign-up views only enqueue this, so a mail server that is down fails no request."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is not None:  # gone if the address was removed meanwhile (a deleted account)
        emails.send_confirmation(subscriber)


@task()
def send_issue(issue_id: int) -> str:
    """Send for a while, then hand over to a fresh task (or wake up when retries are due)."""
    state = sending.run(issue_id)
    if state == "more":
        send_issue.enqueue(issue_id)
    elif state == "waiting" and can_defer():
        wake_up = sending.next_wake_up(Issue.objects.get(pk=issue_id))
        if wake_up:
            send_issue.using(run_after=wake_up).enqueue(issue_id)
    return state


@task()
def start_scheduled_issue(issue_id: int) -> str:
    """Runs at the scheduled time; does nothing if the issue was unscheduled or moved later."""
    issue = Issue.objects.filter(pk=issue_id, status=Issue.Status.SCHEDULED).first()
    if issue is None or issue.scheduled_at > timezone.now():
        return "not due"
    send_now(issue)
    return "started"


@task()
def resume_sending() -> list[str]:
    """Periodic job (settings.PERIODIC_TASKS): start due issues, resume sends whose worker died."""
    return resume_due_work()


def resume_due_work(*, release_claims: bool = False) -> list[str]:
    """Start scheduled issues that are due; restart sends nobody is working on. Safe to repeat."""
    done = []
    for issue in sending.due_scheduled_issues():
        count = send_now(issue)
        done.append(f"Started '{issue}' ({count} deliveries).")
    for issue in Issue.objects.filter(status=Issue.Status.SENDING):
        if release_claims:
            released = sending.release_claims(issue)
            done.append(f"Released {released} claimed deliveries of '{issue}'.")
        if release_claims or not sending.held_by_a_worker(issue):
            send_issue.enqueue(issue.pk)
            done.append(f"Resumed '{issue}': {sending.report(issue)}")
    return done


def can_defer() -> bool:
    return send_issue.get_backend().supports_defer


def send_now(issue: Issue) -> int:
    """Freeze the recipients and start PARALLEL_TASKS workers on them (claims keep them apart)."""
    count = sending.start_sending(issue)
    for _ in range(max(1, conf.get("PARALLEL_TASKS"))):
        send_issue.enqueue(issue.pk)
    return count


def schedule(issue: Issue, when) -> None:
    """Send at `when`: a deferred task with the database worker, else `manage.py newsletter_resume` (cron)."""
    sending.schedule(issue, when)
    if can_defer():
        start_scheduled_issue.using(run_after=when).enqueue(issue.pk)

"""Start scheduled issues that are due and resume sends nobody is working on.

Safe to run as often as you like (cron, every minute): deliveries are claimed,
so a send that is already running is never doubled.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from journos.newsletter import conf, sending, tasks
from journos.newsletter.models import Delivery, Issue


class Command(BaseCommand):
    help = "Send scheduled issues that are due; resume sends left unfinished (killed worker, retries due)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--release-claims",
            action="store_true",
            help="Only when no worker is running: hand back e-mails a killed worker had claimed, "
            "without waiting for the claim lease to expire.",
        )

    def handle(self, *args, release_claims=False, **options):
        for issue in sending.due_scheduled_issues():
            count = tasks.send_now(issue)
            self.stdout.write(f"Started '{issue}' ({count} deliveries).")
        for issue in Issue.objects.filter(status=Issue.Status.SENDING):
            if release_claims:
                released = issue.deliveries.filter(state=Delivery.State.SENDING).update(
                    state=Delivery.State.PENDING, claim_token=""
                )
                self.stdout.write(f"Released {released} claimed deliveries of '{issue}'.")
            if release_claims or not held_by_a_worker(issue):
                tasks.send_issue.enqueue(issue.pk)
                self.stdout.write(f"Resumed '{issue}': {sending.report(issue)}")


def held_by_a_worker(issue: Issue) -> bool:
    """A worker holds a claim younger than the lease: it may be alive, leave it be."""
    since = timezone.now() - timedelta(seconds=conf.get("CLAIM_LEASE_SECONDS"))
    return issue.deliveries.filter(state=Delivery.State.SENDING, claimed_at__gte=since).exists()

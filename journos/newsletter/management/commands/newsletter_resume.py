"""Start scheduled issues that are due and resume sends nobody is working on.

`manage.py run_periodic` already does this every minute (the task
journos.newsletter.tasks.resume_sending); this command is for cron or by hand.
Safe to repeat: deliveries are claimed, so a send that is running is never doubled.
"""

from django.core.management.base import BaseCommand

from journos.newsletter import tasks


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
        for line in tasks.resume_due_work(release_claims=release_claims):
            self.stdout.write(line)

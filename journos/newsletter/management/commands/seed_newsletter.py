"""Demo newsletters (a daily briefing and a weekly digest), created only if there are none."""

from django.core.management.base import BaseCommand

from journos.newsletter.models import NewsletterList

DEMO_LISTS = [
    {
        "slug": "morning-briefing",
        "name": "Morning briefing",
        "description": "The stories you need to start the day, chosen by our editors.",
        "frequency": "Every weekday at 7am",
        "is_default": True,
        "sort_order": 0,
    },
    {
        "slug": "weekly-digest",
        "name": "Weekly digest",
        "description": "The week's most read stories and the best of our long reads.",
        "frequency": "Every Saturday",
        "is_default": False,
        "sort_order": 1,
    },
]


class Command(BaseCommand):
    help = "Create the demo newsletter lists if no list exists yet."

    def handle(self, *args, **options):
        if NewsletterList.objects.exists():
            self.stdout.write("Newsletter lists already exist: nothing to do.")
            return
        for values in DEMO_LISTS:
            NewsletterList.objects.create(**values)
        self.stdout.write(f"Created {len(DEMO_LISTS)} newsletter lists.")

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from journos.core.progress import Progress
from journos.news.demo.administrator import demo_admin, ensure_demo_admin, login_message
from journos.news.demo.bulk import add_generated_articles
from journos.news.demo.seed import has_content, seed_demo


class Command(BaseCommand):
    help = (
        "Load the demo site: sections, authors, 60 articles, footer pages, settings and a demo administrator. "
        "Safe to run again: it refreshes the demo content without duplicating it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the site already has content (what `make run` uses).",
        )
        parser.add_argument(
            "--articles",
            type=int,
            default=0,
            metavar="N",
            help="Also add N generated articles, for scale tests (on PostgreSQL about 1,000 a second).",
        )

    def handle(self, *args, if_empty: bool, articles: int, **options):
        if articles < 0:
            raise CommandError("--articles takes a number of articles, 0 or more.")
        if if_empty and has_content():
            self.stdout.write("The site already has content, so the demo was not loaded.")
            self.announce(login_message(demo_admin()))
            return
        admin = ensure_demo_admin()
        started = time.monotonic()
        summary = seed_demo()
        call_command("seed_newsletter", stdout=self.stdout)  # the lists the sign-up forms offer
        made = ", ".join(f"{count} {name}" for name, count in summary.items())
        self.stdout.write(f"Demo content ready in {time.monotonic() - started:.1f}s: {made}.")
        if articles:
            started = time.monotonic()
            progress = Progress("Articles", articles, stream=self.stdout)
            added = add_generated_articles(articles, on_progress=progress.advance)
            progress.done()
            self.stdout.write(f"Added {added} generated articles in {time.monotonic() - started:.1f}s.")
        self.announce(login_message(admin))

    def announce(self, message: str):
        rule = "=" * 72
        self.stdout.write(self.style.SUCCESS(f"\n{rule}\n{message}\n{rule}\n"))

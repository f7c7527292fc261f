"""`manage.py restore PATH`: put back a `manage.py backup` archive, replacing the site's content."""

from django.core.management.base import BaseCommand, CommandError

from journos.core import backup


class Command(BaseCommand):
    help = "Replace the database and media with a backup's, then check every row count and file against it."

    def add_arguments(self, parser):
        parser.add_argument("path", help="An archive written by `manage.py backup`.")
        parser.add_argument("--yes", action="store_true", help="Don't ask before replacing the site's content.")

    def handle(self, *args, path, yes=False, **options):
        if not yes and input(f"Replace this site's database and media with {path}? [y/N] ").lower() != "y":
            raise CommandError("Nothing restored.")
        try:
            summary = backup.restore(path)
        except backup.RestoreError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {summary.rows} rows and {summary.files} media files ({summary.bytes:,} bytes) from {path}; "
            "every count and file matches the backup."
        )

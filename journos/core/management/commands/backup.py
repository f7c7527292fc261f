"""`manage.py backup [PATH]`: the site's database and media in one archive (journos.core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from journos.core import backup


class Command(BaseCommand):
    help = "Write the database and every media file to one tar archive, with a manifest to check a restore by."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="Archive to write (default: journos-backup-<time>.tar here).")

    def handle(self, *args, path=None, **options):
        target = Path(path or f"journos-backup-{timezone.now():%Y%m%d-%H%M%S}.tar")
        summary = backup.backup(target)
        self.stdout.write(
            f"Backed up {summary.rows} rows and {summary.files} media files ({summary.bytes:,} bytes) to {target}."
        )

"""`manage.py draw_brand_icons`: write the favicon, touch icon and app icons (journos.core.brand) to static/."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from journos.core.brand import ICONS


class Command(BaseCommand):
    help = "Draw the site's icons (favicon.svg/.ico, touch and app icons) into static/ from journos/core/brand.py."

    def add_arguments(self, parser):
        parser.add_argument("--to", default=str(settings.BASE_DIR / "static"), help="Folder to write into.")

    def handle(self, *args, to: str, **options):
        folder = Path(to)
        for name, make in ICONS.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(make())
            self.stdout.write(f"{path} ({path.stat().st_size} bytes)")

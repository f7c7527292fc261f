from django.core.management.base import BaseCommand

from journos.engagement import buffer, services


class Command(BaseCommand):
    help = (
        "Write the view and share counts buffered in Redis to the database (safe to run at any time, "
        "also after a crash), and forget the previous days' reader hashes."
    )

    def handle(self, *args, **options):
        if not buffer.enabled():
            services.prune_old_readers()
            self.stdout.write("REDIS_URL is not set: counts go straight to the database, nothing to flush.")
            return
        written = services.flush_buffer()
        services.prune_old_readers()
        self.stdout.write(self.style.SUCCESS(f"Flushed {written} count(s) to the database."))

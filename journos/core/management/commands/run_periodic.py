"""Enqueue the periodic jobs for the worker, each on its own interval.

django-tasks has no scheduler, so this small loop is one: every job in
settings.PERIODIC_TASKS ("task path": seconds) is enqueued when due, unless
the same job is still waiting or running. `--once` enqueues every job once
and exits, for cron.

Several may run at once (one per app server): the check and the enqueue of a
job happen under one lock in the database (PostgreSQL: an advisory lock for
the job; SQLite: its one writer), so a job is enqueued once however many ask.
"""

import logging
import signal
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("journos.periodic")

# A job "running" for longer than this is taken for a worker that died with it.
STALE_AFTER = timedelta(minutes=15)


def is_pending(task_path: str) -> bool:
    recent = timezone.now() - STALE_AFTER
    pending = DBTaskResult.objects.filter(task_path=task_path, status=TaskResultStatus.READY)
    running = DBTaskResult.objects.filter(task_path=task_path, status=TaskResultStatus.RUNNING, started_at__gte=recent)
    return pending.exists() or running.exists()


def enqueue(task_path: str) -> bool:
    """Enqueue the job unless it is already waiting or running; True if enqueued."""
    task = import_string(task_path)
    if not task.get_backend().__class__.__module__.startswith("django_tasks_db"):
        task.enqueue()  # no queue (development): the job runs now
        return True
    with transaction.atomic():  # SQLite: BEGIN IMMEDIATE, the write lock
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # held until the transaction ends
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"journos-periodic:{task_path}"])
        if is_pending(task_path):
            logger.info("Not enqueuing %s: still waiting or running.", task_path)
            return False
        task.enqueue()
    return True


class Command(BaseCommand):
    help = "Enqueue the periodic jobs (settings.PERIODIC_TASKS) for the worker; safe to run on every server."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue every job once, then exit (for cron).")

    def handle(self, *args, once=False, **options):
        self.stopping = False
        if not once:
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)
        due = dict.fromkeys(settings.PERIODIC_TASKS, 0.0)
        while not self.stopping:
            if not once:
                close_old_connections()  # a database restart costs a reconnect, not the scheduler
            for task_path, every in settings.PERIODIC_TASKS.items():
                if time.monotonic() >= due[task_path]:
                    self.run_job(task_path)
                    due[task_path] = time.monotonic() + every
            if once:
                return
            time.sleep(1)

    def run_job(self, task_path: str) -> None:
        try:
            if enqueue(task_path):
                self.stdout.write(f"Enqueued {task_path}")
        except Exception:  # keep scheduling the other jobs; the next tick retries this one
            logger.exception("Could not enqueue %s", task_path)

    def stop(self, *args):
        self.stopping = True

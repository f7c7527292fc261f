"""Background tasks the worker (`manage.py db_worker`) runs; `run_periodic` enqueues them on a schedule."""

import io

from django.core.management import call_command
from django.db import transaction

from django_tasks import task


@task()
def publish_scheduled_pages():
    """Wagtail's scheduled publishing and expiry, all or nothing.

    One transaction: a worker killed part-way publishes nothing, and the next
    run (a minute later) does the whole batch again. Purges follow the commit.
    """
    with transaction.atomic():
        call_command("publish_scheduled", stdout=io.StringIO())


@task()
def clear_expired_breaking_news():
    """Take down breaking-news bars past their expiry (journos.core.breaking); saving them purges every page."""
    from journos.core.breaking import clear_expired

    clear_expired()

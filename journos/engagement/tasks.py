"""Background work of the engagement app, run by django-tasks (`manage.py db_worker` in production)."""

from django_tasks import task

from journos.engagement import services


@task()
def flush_counts() -> int:
    """Move the counts buffered in Redis to the database, and forget the previous days' reader hashes.

    In settings.PERIODIC_TASKS, so `run_periodic` enqueues it every ENGAGEMENT_FLUSH_INTERVAL seconds.
    """
    written = services.flush_buffer()
    services.prune_old_readers()
    return written


@task()
def prune_old_readers() -> None:
    """Forget the previous days' reader hashes; enqueued when a day's first key is made."""
    services.prune_old_readers()

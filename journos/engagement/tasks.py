"""Background work of the engagement app, run by django-tasks (`manage.py db_worker` in production)."""

from django_tasks import task

from journos.engagement import services


@task()
def flush_counts() -> int:
    """Move the counts buffered in Redis to the database (in settings.PERIODIC_TASKS for run_periodic)."""
    return services.flush_buffer()


@task()
def prune_old_readers() -> None:
    """Forget the previous days' reader hashes; enqueued when a day's first key is made."""
    services.prune_old_readers()

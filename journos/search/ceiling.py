"""The cost ceiling of a search that misses every cache: what one may cost, and how many run at once.

A cached search costs nothing, but anyone can send searches nobody sent
before (random words), and each then runs a full-text query on a worker.
Before a search runs, `admit` checks, in this order:

- the client's own limit (RATE_LIMITS["searches"], journos.core.ratelimit) → 429;
- a free slot among SEARCH_CONCURRENCY for the whole host (a slot is a lock on
  a file in SEARCH_SLOTS_DIR, so every gunicorn process shares them, and the
  kernel frees a slot when its process dies) → 503: the other workers stay
  free for articles;

and the search's queries run under a PostgreSQL statement timeout
(SEARCH_STATEMENT_TIMEOUT_MS) → 503. deploy/nginx/journos.conf adds the same
kind of ceiling in front of the workers (README "Search").
"""

import fcntl
import os
from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, connections, router, transaction

from wagtail.models import Page

from journos.core import ratelimit
from journos.core.clients import client_ip

QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout


class Refused(Exception):
    """A search not run: `status` (429 or 503), a message for the reader, and seconds to wait."""

    def __init__(self, status: int, message: str, retry_after: int):
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after


@contextmanager
def admit(request):
    """Run the block as one search of this client, or raise Refused."""
    if not ratelimit.allow("searches", client_ip(request)):
        message = "You have searched a lot in the last minute. Please wait a moment and search again."
        raise Refused(429, message, ratelimit.window("searches"))
    with search_slot(), statement_timeout():
        yield


@contextmanager
def search_slot():
    """Hold one of the host's SEARCH_CONCURRENCY slots while the block runs; Refused (503) when all are taken."""
    descriptor = take_slot()
    if descriptor is None:
        message = "Search is very busy right now. Please try again in a few seconds."
        raise Refused(503, message, settings.SEARCH_RETRY_AFTER)
    try:
        yield
    finally:
        os.close(descriptor)  # closing the file releases its lock


def take_slot() -> int | None:
    """An open, locked slot file, or None when every slot is held (by this or another process)."""
    folder = settings.SEARCH_SLOTS_DIR
    os.makedirs(folder, mode=0o700, exist_ok=True)
    for number in range(settings.SEARCH_CONCURRENCY):
        descriptor = os.open(os.path.join(folder, f"slot-{number}"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return descriptor
        except BlockingIOError:
            os.close(descriptor)
    return None


@contextmanager
def statement_timeout():
    """On PostgreSQL, cancel any of the block's queries that runs past SEARCH_STATEMENT_TIMEOUT_MS (Refused, 503).

    SET LOCAL lasts until the transaction around the block ends, so the
    worker's other queries keep the server's own timeout. SQLite has no such
    setting: there the block just runs. The transaction is on the database
    that searches read (the replica, when there is one: journos.core.replicas).
    """
    alias = router.db_for_read(Page)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        yield
        return
    try:
        with transaction.atomic(using=alias):
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(timeout_ms())])
            yield
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) != QUERY_CANCELED:
            raise
        message = "This search took too long. Please try again, perhaps with fewer or other words."
        raise Refused(503, message, settings.SEARCH_RETRY_AFTER) from error


def timeout_ms() -> int:
    return max(1, settings.SEARCH_STATEMENT_TIMEOUT_MS)

"""Reads that may be a little stale go to a PostgreSQL replica; everything else to the primary.

With DATABASE_REPLICA_URL set, an anonymous reader's GET or HEAD (the requests the page cache may
serve: no session, no credentials) reads from the "replica" database: page renders, feeds, sitemaps,
search. Everything else reads the primary: signed-in readers and staff (so whoever just changed
something reads their own write), every write and every transaction, tasks and commands.

The replica is used only while it answers and lags at most REPLICA_MAX_LAG seconds, checked at most
every REPLICA_CHECK_SECONDS per process; otherwise reads fall back to the primary. A read that fails
because the replica went away meanwhile is retried on the primary (ReplicaReadsMiddleware).

A render from the replica may show what a purge a moment ago already replaced, so every cached entry
built from it counts as begun REPLICA_MAX_LAG + REPLICA_CHECK_SECONDS earlier than it did
(journos.core.caching.dependencies): a change within that window makes it stale at once, and shared
caches keep such a page only briefly (journos.core.caching.page_cache).
"""

import logging
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections

from journos.core.caching.page_cache import is_anonymous_read

logger = logging.getLogger("journos.replicas")

REPLICA = "replica"
_reads_may_be_stale: ContextVar[bool] = ContextVar("journos_reads_may_be_stale", default=False)


def configured() -> bool:
    return REPLICA in settings.DATABASES


def stale_allowance_ns() -> int:
    """How far a read in this context may be behind the primary, in nanoseconds (0 on the primary)."""
    if not (_reads_may_be_stale.get() and configured()):
        return 0
    return int((settings.REPLICA_MAX_LAG + settings.REPLICA_CHECK_SECONDS) * 1e9)


class Health:
    """Whether the replica answers and keeps up, asked at most every REPLICA_CHECK_SECONDS."""

    def __init__(self):
        self.usable = False
        self.checked_at = float("-inf")

    def is_usable(self) -> bool:
        if time.monotonic() - self.checked_at >= settings.REPLICA_CHECK_SECONDS:
            self.usable = self.check()
            self.checked_at = time.monotonic()
        return self.usable

    def check(self) -> bool:
        try:
            lag = replica_lag()
        except DatabaseError:
            logger.warning("The replica does not answer: reading from the primary.")
            connections[REPLICA].close()
            return False
        if lag > settings.REPLICA_MAX_LAG:
            logger.warning("The replica lags %.1f s: reading from the primary.", lag)
            return False
        return True

    def failed(self) -> None:
        self.usable, self.checked_at = False, time.monotonic()
        connections[REPLICA].close()


def replica_lag() -> float:
    """Seconds the replica is behind: 0 when it has replayed all it received."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
            " ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
        )
        return float(cursor.fetchone()[0])


health = Health()


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reads_may_be_stale.get() and not connections["default"].in_atomic_block and health.is_usable():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"  # also for an instance read from the replica

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """Let anonymous reads use the replica; retry a read the vanished replica failed, on the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (configured() and is_anonymous_read(request)):
            return self.get_response(request)
        token = _reads_may_be_stale.set(True)
        try:
            return self.get_response(request)
        finally:
            _reads_may_be_stale.reset(token)

    def process_exception(self, request, exception):
        retried = getattr(request, "journos_replica_retried", False)
        if retried or not (_reads_may_be_stale.get() and isinstance(exception, DatabaseError)):
            return None
        logger.warning("A read from the replica failed (%s): retrying on the primary.", exception)
        health.failed()
        request.journos_replica_retried = True
        return self.get_response(request)

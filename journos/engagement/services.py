"""Writes of reader engagement: recording views and shares, flushing the buffer, pruning.

Without Redis a view is one database transaction (dedup row + atomic
increment). With REDIS_URL set it is buffered in Redis (see buffer.py) and
flushed by the `flush_counts` task, which `manage.py run_periodic` enqueues
every ENGAGEMENT_FLUSH_INTERVAL seconds: a burst of views costs no database
write per view.
"""

import logging
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

import redis

from journos.engagement import buffer, readers
from journos.engagement.models import DailyCount, DailyKey, FlushBatch, Kind, ReaderFingerprint

logger = logging.getLogger(__name__)

# A flush applies a leftover batch (if a previous flush died) and then the current one.
MAX_BATCHES_PER_FLUSH = 3
FLUSH_BATCH_RETENTION = timedelta(days=30)


def record_event(*, article_id: int, kind: str, address: str, user_agent: str) -> bool:
    """Count a view or share by one reader, once per day. True if it was counted."""
    day = readers.today()
    digest = readers.fingerprint(day=day, article_id=article_id, kind=kind, address=address, user_agent=user_agent)
    if buffer.enabled():
        try:
            counted = buffer.record(
                article_id=article_id, day=day, kind=kind, digest=digest, seen_for=_seconds_left_in(day) + 3600
            )
        except redis.RedisError:
            logger.warning("Redis is unavailable: counting in the database instead", exc_info=True)
        else:
            return counted
    return _record_in_database(article_id=article_id, day=day, kind=kind, digest=digest)


def _record_in_database(*, article_id: int, day: date, kind: str, digest: str) -> bool:
    with transaction.atomic():
        try:
            with transaction.atomic():
                ReaderFingerprint.objects.create(digest=digest, day=day)
        except IntegrityError:
            return False  # this reader was already counted today
        add_counts(article_id=article_id, day=day, kind=kind, amount=1)
    return True


def add_counts(*, article_id: int, day: date, kind: str, amount: int) -> None:
    """Add to a daily count atomically: UPDATE ... SET count = count + n, or INSERT the first one."""
    row = DailyCount.objects.filter(article_id=article_id, day=day, kind=kind)
    if row.update(count=F("count") + amount):
        return
    try:
        with transaction.atomic():
            DailyCount.objects.create(article_id=article_id, day=day, kind=kind, count=amount)
    except IntegrityError:  # another request inserted it first: now the UPDATE finds it
        row.update(count=F("count") + amount)


def _seconds_left_in(day: date) -> int:
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return max(1, int((end - timezone.now()).total_seconds()))


def flush_buffer() -> int:
    """Write the Redis-buffered counts to the database. Returns how many counts were written."""
    if not buffer.enabled():
        return 0
    written = 0
    for _ in range(MAX_BATCHES_PER_FLUSH):
        batch = buffer.claim_batch()
        if batch is None:
            break
        batch_id, counts = batch
        written += apply_batch(batch_id=batch_id, counts=counts)
        buffer.release_batch(batch_id)
    return written


def apply_batch(*, batch_id: str, counts: dict[str, int]) -> int:
    """Add a batch to the database in one transaction, once: a batch applied before is skipped."""
    from journos.news.models import ArticlePage

    parsed = _parse_counts(counts)
    with transaction.atomic():
        _, created = FlushBatch.objects.get_or_create(batch_id=batch_id)
        if not created:
            return 0
        # Counts of articles deleted since they were read have nowhere to go.
        existing = set(ArticlePage.objects.filter(pk__in={key[0] for key in parsed}).values_list("pk", flat=True))
        written = 0
        for (article_id, day, kind), amount in parsed.items():
            if article_id in existing:
                add_counts(article_id=article_id, day=day, kind=kind, amount=amount)
                written += amount
    return written


def _parse_counts(counts: dict[str, int]) -> dict[tuple[int, date, str], int]:
    parsed = {}
    for name, amount in counts.items():
        key = buffer.parse_field(name)
        if key is None or key[2] not in Kind.values or amount <= 0:
            logger.warning("Skipping a malformed buffered count %r=%r", name, amount)
            continue
        parsed[key] = amount
    return parsed


def prune_old_readers() -> None:
    """Forget yesterday's reader hashes and keys, and old flush records."""
    today = readers.today()
    ReaderFingerprint.objects.filter(day__lt=today).delete()
    DailyKey.objects.filter(day__lt=today).delete()
    FlushBatch.objects.filter(flushed_at__lt=timezone.now() - FLUSH_BATCH_RETENTION).delete()

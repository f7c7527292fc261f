"""Writes of reader engagement: recording views and shares, flushing the buffer, pruning.

Without Redis a view is one database transaction (dedup row + atomic
increment). With REDIS_URL set it is buffered in Redis (see buffer.py) and
flushed by the `flush_counts` task, which `manage.py run_periodic` enqueues
every ENGAGEMENT_FLUSH_INTERVAL seconds: a burst of views costs no database
write per view.
"""

import logging
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Model
from django.utils import timezone

import redis

from journos.engagement import buffer, readers
from journos.engagement.models import DailyCount, DailyKey, FlushBatch, HourlyCount, Kind, ReaderFingerprint

logger = logging.getLogger(__name__)

# A flush applies a leftover batch (if a previous flush died) and then the current one.
MAX_BATCHES_PER_FLUSH = 3
FLUSH_BATCH_RETENTION = timedelta(days=30)
# The dashboard charts today by the hour; older hours are pruned.
HOURLY_RETENTION = timedelta(days=2)
# Rows per INSERT ... ON CONFLICT statement when a flush writes many counts.
UPSERT_CHUNK = 500


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
        add_hourly_counts({(article_id, kind): 1}, hour=current_hour())
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


def current_hour() -> datetime:
    return timezone.now().replace(minute=0, second=0, microsecond=0)


def add_hourly_counts(amounts: dict[tuple[int, str], int], *, hour: datetime) -> None:
    """Add {(article id, kind): amount} to the counts of `hour`."""
    rows = [(article_id, hour, kind, amount) for (article_id, kind), amount in amounts.items()]
    _upsert_increments(HourlyCount, ("article_id", "hour", "kind"), rows)


def _upsert_increments(model: type[Model], key_columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Add each row's last value to `count` of the row with its key, inserting the missing ones.

    One INSERT ... ON CONFLICT DO UPDATE per UPSERT_CHUNK rows (PostgreSQL and SQLite share this
    syntax), so a flush of any size costs a few statements, and two writers never lose a count.
    """
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in (*key_columns, "count")]
    table, count = quote(model._meta.db_table), quote("count")
    columns = ", ".join(quote(field.column) for field in fields)
    keys = ", ".join(quote(field.column) for field in fields[:-1])
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    for start in range(0, len(rows), UPSERT_CHUNK):
        chunk = rows[start : start + UPSERT_CHUNK]
        sql = (
            f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholders] * len(chunk))} "
            f"ON CONFLICT ({keys}) DO UPDATE SET {count} = {table}.{count} + EXCLUDED.{count}"
        )
        # Values as the ORM would store them (on SQLite, datetimes as naive UTC text).
        params = []
        for row in chunk:
            params += [field.get_db_prep_save(value, connection) for field, value in zip(fields, row, strict=True)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


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
        daily = [(*key, amount) for key, amount in parsed.items() if key[0] in existing]
        _upsert_increments(DailyCount, ("article_id", "day", "kind"), daily)
        # The buffer keeps days, not times: the whole batch goes to the hour of this flush (a minute or
        # so after the views), and views of yesterday flushed just after midnight land in today's first hour.
        hourly = defaultdict(int)
        for article_id, _day, kind, amount in daily:
            hourly[article_id, kind] += amount
        add_hourly_counts(hourly, hour=current_hour())
    return sum(row[-1] for row in daily)


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
    """Forget yesterday's reader hashes and keys, old flush records and hourly counts older than two days."""
    today = readers.today()
    ReaderFingerprint.objects.filter(day__lt=today).delete()
    DailyKey.objects.filter(day__lt=today).delete()
    FlushBatch.objects.filter(flushed_at__lt=timezone.now() - FLUSH_BATCH_RETENTION).delete()
    HourlyCount.objects.filter(hour__lt=timezone.now() - HOURLY_RETENTION).delete()

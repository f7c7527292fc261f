"""The Redis buffer of counts (used when settings.REDIS_URL is set).

A view costs Redis operations only: a "seen" marker per reader (the dedup)
and an increment in the `pending` hash, done together by one Lua script.
The periodic flush (tasks.flush_counts) moves the hash to the database:

1. `claim` renames `pending` to `processing` atomically and stamps it with a
   new batch id (or keeps a `processing` hash left by a flush that died);
2. the counts and a FlushBatch row with that id are written in ONE database
   transaction, so either all of them are stored or none;
3. `processing` is deleted only if it still holds that batch.

A flush that dies in step 2 leaves `processing` for the next flush to apply;
one that dies after step 2 leaves a batch whose FlushBatch row exists, so the
next flush deletes it without counting it twice.
"""

import uuid
from datetime import date
from functools import cache

from django.conf import settings

import redis

BATCH_FIELD = "__batch__"

RECORD = """
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
  redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
  return 1
end
return 0
"""

CLAIM = """
if redis.call('EXISTS', KEYS[2]) == 1 then return 1 end
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('RENAME', KEYS[1], KEYS[2])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1
"""

RELEASE = """
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('DEL', KEYS[1]) end
return 0
"""


# A Redis that hangs must not hold a reader's request: give up quickly and count in the database.
TIMEOUT_SECONDS = 0.5


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS, decode_responses=True
    )


def enabled() -> bool:
    return bool(settings.REDIS_URL)


def client() -> redis.Redis:
    return _client(settings.REDIS_URL)


def key(name: str) -> str:
    return f"{settings.ENGAGEMENT_REDIS_PREFIX}{name}"


def field(article_id: int, day: date, kind: str) -> str:
    return f"{article_id}:{day.isoformat()}:{kind}"


def parse_field(name: str) -> tuple[int, date, str] | None:
    try:
        article_id, day, kind = name.split(":")
        return int(article_id), date.fromisoformat(day), kind
    except ValueError:
        return None


def record(*, article_id: int, day: date, kind: str, digest: str, seen_for: int) -> bool:
    """Count once per digest; True when this one was new."""
    keys = [key(f"seen:{digest}"), key("pending")]
    return bool(client().eval(RECORD, 2, *keys, seen_for, field(article_id, day, kind)))


def claim_batch() -> tuple[str, dict[str, int]] | None:
    """The batch to apply next (a leftover one first), as (batch id, {field: count})."""
    pending, processing = key("pending"), key("processing")
    if not client().eval(CLAIM, 2, pending, processing, BATCH_FIELD, str(uuid.uuid4())):
        return None
    counts = client().hgetall(processing)
    batch_id = counts.pop(BATCH_FIELD, None)
    if batch_id is None:  # a hash without a stamp cannot come from CLAIM; stamp it now
        batch_id = str(uuid.uuid4())
        client().hsetnx(processing, BATCH_FIELD, batch_id)
        batch_id = client().hget(processing, BATCH_FIELD)
    return batch_id, {name: int(value) for name, value in counts.items()}


def release_batch(batch_id: str) -> None:
    client().eval(RELEASE, 1, key("processing"), BATCH_FIELD, batch_id)


def pending_total() -> int:
    """How many counts wait in Redis (for the flush command's report)."""
    values = [*client().hvals(key("pending")), *client().hvals(key("processing"))]
    return sum(int(value) for value in values if value.isdigit())

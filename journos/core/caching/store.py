"""Cached entries that know what they were built from, and the stamps that make them stale.

An entry is (started, tags, value): when its build began, the tags it
depends on, and what was built. Each tag has a stamp (the time it last
changed) under its own key; an entry is fresh while every stamp is older than
its build.

Reading an entry costs one `get_many`: the entry, when it was last found
fresh ("checked"), and the *epoch*, the time of the latest stamp of any tag.
While nothing changed since the entry was built or last checked, that is
all. After a change, the entry's own stamps are read once (one more
`get_many`), and if none is newer the entry is marked checked again.

A stale entry is rebuilt by one worker at a time (a short lock); the others
go on serving the stale copy meanwhile, and say so (`used_stale_copy`) so that
the page around it is not kept long by shared caches.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache, caches

from journos.core.caching.dependencies import collecting, depends_on, first_started, tags_of, used_stale_copy

STAMP = "journos:stamp:"
EPOCH = "journos:stamp-epoch"
CHECKED = ":checked"
LOCK_SECONDS = 30


def stamp(tags) -> None:
    """Mark what these tags name as changed now (the purge step; see invalidation)."""
    now = time.time_ns()
    cache.set_many({STAMP + tag: now for tag in tags} | {EPOCH: now}, timeout=None)
    caches[settings.PAGE_CACHE_ALIAS].set(EPOCH, now, timeout=None)  # read with each cached page


def lookup(store, key: str) -> tuple[tuple | None, bool]:
    """(entry, fresh): what `store` holds under `key` (None if nothing) and whether it may be served."""
    found = store.get_many([key, key + CHECKED, EPOCH])
    entry = found.get(key)
    if entry is None:
        return None, False
    epoch = found.get(EPOCH)
    if epoch is not None and epoch < max(entry[0], found.get(key + CHECKED, 0)):
        return entry, True
    checking_from = time.time_ns()
    if not unchanged_since(entry[0], entry[1]):
        return entry, False
    store.set(key + CHECKED, checking_from, timeout=settings.FRAGMENT_CACHE_SECONDS)
    return entry, True


def unchanged_since(started: int, tags) -> bool:
    keys = [STAMP + tag for tag in tags]
    stamps = cache.get_many(keys)
    if len(stamps) < len(keys):
        # A stamp was lost (evicted): anything built before now may be stale.
        stamp([key.removeprefix(STAMP) for key in keys if key not in stamps])
        return False
    return max(stamps.values()) < started


def store_entry(store, key: str, frame, value, timeout: int) -> None:
    """Keep `value` with what its build (`frame`) depended on."""
    remember_stamps(frame)
    entry = (frame.started, tuple(frame.tags), value)
    store.set_many({key: entry, key + CHECKED: frame.started}, timeout=timeout)


def remember_stamps(frame) -> None:
    """Give tags seen for the first time a stamp just before the outermost build began, so that it and
    everything inside it count as fresh."""
    keys = [STAMP + tag for tag in frame.tags]
    known = cache.get_many(keys)
    before = first_started(frame) - 1
    for key in keys:
        if key not in known:
            cache.add(key, before, timeout=None)  # add: a change stamped meanwhile wins


def cached(name: str, vary=(), build=None, *, timeout: int | None = None, tags=()):
    """`build()`'s result, kept until one of the tags it depended on changes (or `timeout` seconds pass).

    `vary` holds what the result differs by (model instances count by their
    tags); `tags` adds what the build depends on beyond what it loads. None is
    never stored.
    """
    key = entry_key(name, vary)
    entry, fresh = lookup(cache, key)
    if entry is not None:
        if fresh:
            depends_on(*entry[1])
            return entry[2]
        if not cache.add(f"{key}:lock", 1, LOCK_SECONDS):  # another worker is rebuilding it
            depends_on(*entry[1])
            used_stale_copy()
            return entry[2]
    try:
        with collecting() as frame:
            depends_on(*tags, *(tag for item in vary for tag in tags_of(item)))
            value = build()
        if value is not None and not frame.used_stale:
            store_entry(cache, key, frame, value, timeout or settings.FRAGMENT_CACHE_SECONDS)
    finally:
        if entry is not None:
            cache.delete(f"{key}:lock")
    return value


def entry_key(name: str, vary) -> str:
    parts = [name, *(describe(item) for item in vary)]
    return "journos:cached:" + hashlib.md5("\n".join(parts).encode(), usedforsecurity=False).hexdigest()


def describe(item) -> str:
    meta = getattr(item, "_meta", None)
    return f"{meta.label_lower}:{item.pk}" if meta is not None else repr(item)

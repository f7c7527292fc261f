"""How often a client may ask: one fixed-window counter in the cache, for every limit of the site.

Limits are named in settings.RATE_LIMITS (name -> (requests, seconds)). A
window opens with the first request for a key and lasts the limit's seconds.
Keys are hashed with SECRET_KEY, so the cache holds no address or e-mail in
the clear. When the cache is down (journos.core.cache_backends fails open),
each process counts in its own memory instead, so limits still hold, per
process: with N workers, up to N times a limit until the cache is back.

Why not django-ratelimit: its decorators rate a whole view from request
attributes, while here limits are also counted deep in services (a
confirmation e-mail per address) and tasks (per account), and the client
address must come from journos.core.clients anyway; the counter is these few
lines either way.
"""

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac


def allow(name: str, key: str) -> bool:
    """Count one more request for `key` under the limit `name`; False once the limit is passed."""
    limit, seconds = settings.RATE_LIMITS[name]
    cache_key = counter_key(name, key)
    count = _count_in_cache(cache_key, seconds)
    if count is None:  # the cache is down: this process counts on its own
        count = local_counters.count(cache_key, seconds)
    return count <= limit


def _count_in_cache(cache_key: str, seconds: int) -> int | None:
    """The request's number in its window, or None when the cache neither adds nor increments (it is down)."""
    if cache.add(cache_key, 1, timeout=seconds):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:  # the window closed between add() and incr(), or the cache is down
        return 1 if cache.add(cache_key, 1, timeout=seconds) else None


def reset(counters) -> None:
    """Forget the counts of these (name, key) pairs, e.g. those of a deleted account."""
    keys = [counter_key(name, key) for name, key in counters]
    cache.delete_many(keys)
    local_counters.forget(keys)


def window(name: str) -> int:
    """Seconds a window of the limit `name` lasts: how long to wait at most (for Retry-After)."""
    return settings.RATE_LIMITS[name][1]


def counter_key(name: str, key: str) -> str:
    digest = salted_hmac("journos.core.ratelimit", f"{name}|{key.strip().lower()}", algorithm="sha256").hexdigest()
    return f"ratelimit:{name}:{digest[:40]}"


class LocalCounters:
    """Fixed-window counters in this process's memory, for when the shared cache is down.

    Each process counts alone, so with N workers a client may get up to N times
    a limit while the cache is down: approximate, but a limit all the same.
    At most MAX_LOCAL_COUNTERS windows are kept; the oldest go first.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._windows: dict[str, list] = {}  # key -> [window end (epoch seconds), count]

    def count(self, key: str, seconds: int) -> int:
        now = time.time()
        with self._lock:
            window = self._windows.get(key)
            if window is None or window[0] <= now:
                self._make_room(now)
                window = self._windows[key] = [now + seconds, 0]
            window[1] += 1
            return window[1]

    def forget(self, keys) -> None:
        with self._lock:
            for key in keys:
                self._windows.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._windows.clear()

    def _make_room(self, now: float) -> None:
        if len(self._windows) < MAX_LOCAL_COUNTERS:
            return
        for key in [key for key, (ends, _) in self._windows.items() if ends <= now]:
            del self._windows[key]
        while len(self._windows) >= MAX_LOCAL_COUNTERS:
            del self._windows[next(iter(self._windows))]


MAX_LOCAL_COUNTERS = 50_000
local_counters = LocalCounters()

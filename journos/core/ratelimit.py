"""How often a client may ask: one fixed-window counter in the cache, for every limit of the site.

Limits are named in settings.RATE_LIMITS (name -> (requests, seconds)). A
window opens with the first request for a key and lasts the limit's seconds.
Keys are hashed with SECRET_KEY, so the cache holds no address or e-mail in
the clear. When the cache is down every request is allowed (fail open).

Why not django-ratelimit: its decorators rate a whole view from request
attributes, while here limits are also counted deep in services (a
confirmation e-mail per address) and tasks (per account), and the client
address must come from journos.core.clients anyway; the counter is these few
lines either way.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac


def allow(name: str, key: str) -> bool:
    """Count one more request for `key` under the limit `name`; False once the limit is passed."""
    limit, seconds = settings.RATE_LIMITS[name]
    cache_key = counter_key(name, key)
    if cache.add(cache_key, 1, timeout=seconds):
        return limit >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window closed between add() and incr(), or the cache is down
        cache.set(cache_key, 1, timeout=seconds)
        count = 1
    return count <= limit


def reset(counters) -> None:
    """Forget the counts of these (name, key) pairs, e.g. those of a deleted account."""
    cache.delete_many([counter_key(name, key) for name, key in counters])


def window(name: str) -> int:
    """Seconds a window of the limit `name` lasts: how long to wait at most (for Retry-After)."""
    return settings.RATE_LIMITS[name][1]


def counter_key(name: str, key: str) -> str:
    digest = salted_hmac("journos.core.ratelimit", f"{name}|{key.strip().lower()}", algorithm="sha256").hexdigest()
    return f"ratelimit:{name}:{digest[:40]}"

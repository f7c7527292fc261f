"""A Redis cache that cannot take the site down with it."""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from redis.exceptions import RedisError

logger = logging.getLogger("journos.cache")

# After a failure, Redis is left alone for this many seconds: while it is down,
# each request pays nothing for it and the log gets one line, not thousands.
RETRY_AFTER_SECONDS = 5.0

# Per Redis location, shared by every thread of the process.
_down_until: dict[str, float] = {}


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, keeping one `redis.Redis` per connection pool instead of one per call.

    Django builds a new `redis.Redis` for every cache operation; redis-py 8
    spends about 0.1 ms building one (its response-callback table): a third of
    a small `get_many` here, and a page render makes a dozen calls. A
    `redis.Redis` is safe to share between threads: each command takes a
    connection from the pool.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FailOpenRedisCache(RedisCache):
    """Django's Redis cache, except that an unreachable Redis behaves like an empty cache.

    Reads miss, writes are dropped, and the error is logged; pages are then
    rendered from the database as if the cache were cold.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def _attempt(self, fallback, method, *args, **kwargs):
        location = self._server_key
        if time.monotonic() < _down_until.get(location, 0.0):
            return fallback
        try:
            return method(*args, **kwargs)
        except RedisError as error:
            _down_until[location] = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning(
                "Cache unavailable (%s); serving without it for %ss.", error.__class__.__name__, RETRY_AFTER_SECONDS
            )
            return fallback

    @property
    def _server_key(self) -> str:
        return ",".join(self._servers)

    def ping(self) -> bool:
        """Whether Redis answers now (for /healthz); never raises."""
        try:
            return bool(self._cache.get_client(write=False).ping())
        except RedisError:
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._attempt(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._attempt(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._attempt({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._attempt(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        result = self._attempt(_MISSING, super().incr, key, delta, version)
        if result is _MISSING:
            # What Django raises for a missing key: callers fall back to add()/set().
            raise ValueError(f"Key '{key}' not found (cache unavailable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._attempt(None, super().delete_many, keys, version)

    def clear(self):
        return self._attempt(False, super().clear)


_MISSING = object()

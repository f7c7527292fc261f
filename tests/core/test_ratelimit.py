"""The one rate limiter: a fixed window per limit and key, limits from settings.RATE_LIMITS."""

import re
from datetime import timedelta
from pathlib import Path

from django.core.cache import cache
from django.utils import timezone

import pytest
import time_machine

from journos.core import ratelimit

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def three_a_minute(rate_limit):
    rate_limit("search-hits", 3, 60)


def test_requests_past_the_limit_are_refused(three_a_minute):
    assert [ratelimit.allow("search-hits", "203.0.113.7") for _ in range(5)] == [True, True, True, False, False]


def test_each_key_and_each_limit_counts_on_its_own(three_a_minute, rate_limit):
    rate_limit("engagement-beacons", 1, 60)
    for _ in range(3):
        ratelimit.allow("search-hits", "203.0.113.7")
    assert ratelimit.allow("search-hits", "203.0.113.8")
    assert ratelimit.allow("engagement-beacons", "203.0.113.7")
    assert not ratelimit.allow("engagement-beacons", "203.0.113.7")


def test_keys_ignore_case_and_surrounding_space(rate_limit):
    rate_limit("newsletter-confirmations", 1)
    assert ratelimit.allow("newsletter-confirmations", "Ana@Example.com")
    assert not ratelimit.allow("newsletter-confirmations", " ana@example.com ")


def test_the_window_closes_after_its_seconds(three_a_minute):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(4):
            ratelimit.allow("search-hits", "203.0.113.7")
        assert not ratelimit.allow("search-hits", "203.0.113.7")
        traveller.shift(timedelta(seconds=61))
        assert ratelimit.allow("search-hits", "203.0.113.7")
    assert ratelimit.window("search-hits") == 60


def test_the_cache_holds_no_address_in_the_clear(three_a_minute):
    ratelimit.allow("search-hits", "203.0.113.7")
    key = ratelimit.counter_key("search-hits", "203.0.113.7")
    assert cache.get(key) == 1
    assert "203.0.113" not in key


def test_when_the_cache_is_down_limits_still_hold(cache_down, three_a_minute, rate_limit):
    rate_limit("account-emails", 3, 3600)
    assert [ratelimit.allow("search-hits", "203.0.113.7") for _ in range(5)] == [True, True, True, False, False]
    assert ratelimit.allow("search-hits", "203.0.113.8")  # each client on its own, as with the cache
    # The case: 8 reset e-mails asked for one account, against a cap of 3.
    assert [ratelimit.allow("account-emails", "reset:account:7") for _ in range(8)].count(True) == 3


def test_while_the_cache_is_down_the_window_still_closes(cache_down, three_a_minute):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(4):
            ratelimit.allow("search-hits", "203.0.113.7")
        assert not ratelimit.allow("search-hits", "203.0.113.7")
        traveller.shift(timedelta(seconds=61))
        assert ratelimit.allow("search-hits", "203.0.113.7")


def test_reset_forgets_counts_made_while_the_cache_was_down(cache_down, rate_limit):
    rate_limit("account-emails", 1)
    ratelimit.allow("account-emails", "reset:account:7")
    ratelimit.reset([("account-emails", "reset:account:7")])
    assert ratelimit.allow("account-emails", "reset:account:7")


def test_the_in_process_counters_stay_bounded(monkeypatch):
    monkeypatch.setattr(ratelimit, "MAX_LOCAL_COUNTERS", 3)
    counters = ratelimit.LocalCounters()
    for key in "abcde":
        counters.count(key, 60)
    assert counters.count("e", 60) == 2  # the newest windows are kept, the oldest were dropped
    assert counters.count("a", 60) == 1


@pytest.mark.redis
def test_a_limit_holds_while_a_real_redis_stops_and_comes_back(settings, three_a_minute, tmp_path, monkeypatch):
    from journos.core import cache_backends
    from tests.production.servers import start_redis, stop

    monkeypatch.setattr(cache_backends, "RETRY_AFTER_SECONDS", 0.0)  # try Redis on every request
    redis, port = start_redis(tmp_path)
    try:
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "journos.core.cache_backends.FailOpenRedisCache",
                "LOCATION": f"redis://127.0.0.1:{port}/0",
                "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
            },
        }
        assert [ratelimit.allow("search-hits", "203.0.113.7") for _ in range(4)] == [True, True, True, False]
        stop(redis)
        assert [ratelimit.allow("search-hits", "203.0.113.8") for _ in range(4)] == [True, True, True, False]
        redis, port = start_redis(tmp_path, port)  # back, empty, on the same port: Redis counts again
        assert [ratelimit.allow("search-hits", "203.0.113.9") for _ in range(4)] == [True, True, True, False]
        assert cache.get(ratelimit.counter_key("search-hits", "203.0.113.9")) == 4
    finally:
        stop(redis)
        cache_backends._down_until.clear()


def test_the_production_docs_list_every_limit_with_its_variable_and_default(settings):
    """Each RATE_LIMITS entry reads its number from an environment variable docs/production.md's table names."""
    base = (REPO / "journos/settings/base.py").read_text()
    entries = re.findall(r'"([a-z-]+)": \(int\(env\.get\("([A-Z_]+)", "(\d+)"\)\)', base)
    assert {name for name, _, _ in entries} == set(settings.RATE_LIMITS)
    table = (REPO / "docs/production.md").read_text()
    for name, variable, default in entries:
        assert settings.RATE_LIMITS[name][0] == int(default), name
        assert f"| `{variable}` | {default} " in table, f"docs/production.md lacks {variable} ({default})"

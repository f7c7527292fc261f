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


def test_when_the_cache_is_down_every_request_is_allowed(settings, three_a_minute):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "journos.core.cache_backends.FailOpenRedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    assert all(ratelimit.allow("search-hits", "203.0.113.7") for _ in range(5))


def test_the_readme_lists_every_limit_with_its_variable_and_default(settings):
    """Each RATE_LIMITS entry reads its number from an environment variable the README's table names."""
    base = (REPO / "journos/settings/base.py").read_text()
    entries = re.findall(r'"([a-z-]+)": \(int\(env\.get\("([A-Z_]+)", "(\d+)"\)\)', base)
    assert {name for name, _, _ in entries} == set(settings.RATE_LIMITS)
    readme = (REPO / "README.md").read_text()
    for name, variable, default in entries:
        assert settings.RATE_LIMITS[name][0] == int(default), name
        assert f"| `{variable}` | {default} " in readme, f"README's rate-limit table lacks {variable} ({default})"

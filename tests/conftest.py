"""Shared test setup.

Without /usr/bin/chromium the browser tests (tests/e2e) are skipped with a
plain message, unless REQUIRE_BROWSER=1 (as in .ci/run): then it is an error.
"""

import os
from pathlib import Path

import pytest

from journos.news.factories import SectionPageFactory
from tests.smtp import SMTPServer, use_smtp
from tests.utils import make_authors_index, make_site

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in the test thread; the test's own
# ORM calls are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run (tests/e2e and the development-server test): Playwright's sync API
    cannot start twice in one thread."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def pytest_report_header(config):
    if not CHROMIUM.exists():
        return f"NOTE: browser tests will be SKIPPED: no Chromium at {CHROMIUM} (apt-get install -y chromium)"
    return f"browser tests: {CHROMIUM}"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    message = f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium`"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"Browser tests are required but cannot run. {message}")
    for item in items:
        if "e2e" in item.nodeid.split("/"):
            item.add_marker(pytest.mark.skip(reason=message))


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded and generated images go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts and ends with an empty cache, so fragments and counters never leak between tests
    (ending empty matters to the next TestCase class, whose setUpTestData runs before this fixture);
    the rate limiter's in-process counters (used while the cache is down) are emptied too."""
    from django.core.cache import caches

    from journos.core.ratelimit import local_counters

    for cache in caches.all():
        cache.clear()
    local_counters.clear()
    yield
    for cache in caches.all():
        cache.clear()
    local_counters.clear()


@pytest.fixture
def cache_down(settings):
    """The shared cache is a Redis that does not answer (nothing listens on port 1), as when Redis is stopped."""
    from journos.core import cache_backends

    down = {"BACKEND": "journos.core.cache_backends.FailOpenRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    settings.CACHES = {**settings.CACHES, "default": down}
    yield
    cache_backends._down_until.clear()


@pytest.fixture
def rate_limit(settings):
    """Set one of settings.RATE_LIMITS for a test: rate_limit("search-hits", 3) (its window unchanged)."""

    def set_limit(name: str, requests: int, seconds: int | None = None) -> None:
        limits = dict(settings.RATE_LIMITS)
        limits[name] = (requests, seconds or limits[name][1])
        settings.RATE_LIMITS = limits

    return set_limit


@pytest.fixture
def smtp(settings):
    """Django sends through a real SMTP server (aiosmtpd); read what it got from `smtp.mailbox`."""
    server = SMTPServer()
    server.start()
    use_smtp(settings, server.port)
    settings.NEWSLETTER_SEND_RATE = 0
    yield server
    server.stop()


@pytest.fixture
def smtp_down(settings):
    """Django sends over SMTP to a port where no server listens yet; `smtp_down.start()` brings it up."""
    server = SMTPServer()
    use_smtp(settings, server.port)
    yield server
    server.stop()


# --- A small newsroom shared by the app test folders (folders may override these) ---


@pytest.fixture
def home(db):
    return make_site()


@pytest.fixture
def politics(home):
    return SectionPageFactory(parent=home, title="Politics", slug="politics")


@pytest.fixture
def diplomacy(politics):
    return SectionPageFactory(parent=politics, title="Diplomacy", slug="diplomacy")


@pytest.fixture
def authors_index(home):
    return make_authors_index(home)

"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser).

Without /usr/bin/chromium these tests are skipped with a plain message, unless
REQUIRE_BROWSER=1 (as in .ci/run), where a missing browser is a failure.
"""

import os
from pathlib import Path

import pytest

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


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    yield page
    context.close()

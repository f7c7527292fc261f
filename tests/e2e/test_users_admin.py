"""The admin's Users list at desktop widths: names readable on one line, avatars shown, nothing asked of
another site (Chromium)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

import pytest

from tests.utils import make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = [("Margarethe", "Abernathy-Castellanos"), ("Jo", "Li"), ("Oluwaseun", "Adebayo-Richardson")]


@pytest.fixture
def signed_in_admin(live_server):
    make_site()
    User = get_user_model()
    admin = User.objects.create_superuser("chief", "chief@example.org", "x", first_name="Chief", last_name="Editor")
    for first, last in NAMES:
        User.objects.create_user(first.lower(), f"{first.lower()}@example.org", "x", first_name=first, last_name=last)
    client = Client()
    client.force_login(admin)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.mark.parametrize("width", [1400, 1920])
def test_users_list_names_on_one_line_and_no_outside_requests(browser, live_server, signed_in_admin, width):
    context = browser.new_context(viewport={"width": width, "height": 1000})
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": signed_in_admin, "url": live_server.url}])
    page = context.new_page()
    outside = []
    page.on("request", lambda request: outside.append(request.url) if leaves_the_machine(request.url) else None)
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on(
        "response",
        lambda response: failed.append(f"{response.status} {response.url}") if response.status >= 400 else None,
    )

    page.goto(live_server.url + "/admin/users/")
    page.wait_for_load_state("networkidle")

    assert failed == []
    for first, last in NAMES:
        cell = page.locator("td", has_text=f"{first} {last}").first
        box = cell.bounding_box()
        assert box["width"] > 150, f"the Name column is {box['width']:.0f}px wide at {width}px"
        # One line: the name's text makes a single box (one letter per line made one per letter).
        lines = cell.locator("a").first.evaluate(
            "(link) => { const range = document.createRange(); range.selectNodeContents(link);"
            " return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size; }"
        )
        assert lines == 1, f"{first} {last} wraps onto {lines} lines at {width}px in a {box['width']:.0f}px cell"
    # The whole table fits: no column pushed out of sight.
    table_right = page.evaluate("() => document.querySelector('table.listing').getBoundingClientRect().right")
    assert table_right <= width, f"the table ends at {table_right:.0f}px, past the {width}px window"
    broken = page.evaluate(
        "() => [...document.images].filter((img) => !img.complete || img.naturalWidth === 0).map((img) => img.src)"
    )
    assert broken == [], f"images that did not load: {broken}"
    assert outside == [], f"requests to other sites: {outside}"
    assert failed == []
    context.close()


def leaves_the_machine(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in ("data", "blob", "about") and parts.hostname not in ("127.0.0.1", "localhost")

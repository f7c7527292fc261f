"""The account page's error summary in Chromium: a wrong password when deleting lands at the top with focus,
and the summary's link puts the cursor in the password field."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

import pytest

from tests.utils import make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-and-unusual-passphrase"


def test_a_wrong_password_is_summarised_at_the_top_and_leads_to_the_field(live_server, desktop_page):
    make_site()
    reader = get_user_model().objects.create_user("ana", "ana@example.org", PASSWORD, email_verified=True)
    client = Client()
    client.force_login(reader)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page = desktop_page
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page.goto(live_server.url + "/account/")

    page.fill("#id_delete-current_password", "wrong")
    page.click("text=Delete my account")
    page.wait_for_selector("[data-error-summary]")

    summary = page.locator("[data-error-summary]")
    assert summary.is_visible() and summary.bounding_box()["y"] < 900  # on the first screen
    page.wait_for_function("document.activeElement && document.activeElement.matches('[data-error-summary]')")
    summary.locator("a").click()
    assert page.evaluate("document.activeElement.id") == "id_delete-current_password"
    assert get_user_model().objects.filter(username="ana").exists()

"""The header's login dialog, driven by keyboard alone in Chromium."""

from django.contrib.auth import get_user_model

import pytest
from playwright.sync_api import expect

from tests.utils import make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-and-unusual-passphrase"
DIALOG = "[data-login-dialog]"


@pytest.fixture
def reader():
    make_site()
    return get_user_model().objects.create_user("ana", "ana@example.org", PASSWORD, email_verified=True)


def focused(page, selector: str) -> bool:
    return page.evaluate("(selector) => !!document.activeElement?.matches(selector)", selector)


def focus_is_in_dialog(page) -> bool:
    return page.evaluate("(selector) => document.querySelector(selector).contains(document.activeElement)", DIALOG)


def tab_to(page, selector: str, *, backwards=False, limit=40):
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if focused(page, selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def dialog_label(page) -> str:
    return page.evaluate(
        "(selector) => document.getElementById(document.querySelector(selector).getAttribute('aria-labelledby'))"
        ".textContent",
        DIALOG,
    )


def open_dialog_by_keyboard(page):
    tab_to(page, "[data-login-link]")
    page.keyboard.press("Enter")
    # Not wait_for_function with a string: the site's Content-Security-Policy refuses the eval it needs.
    expect(page.locator("#dialog-login-username")).to_be_focused()


def test_login_dialog_by_keyboard_alone(live_server, desktop_page, reader):
    page = desktop_page
    page.goto(live_server.url + "/")
    dialog = page.locator(DIALOG)
    assert not dialog.is_visible()

    open_dialog_by_keyboard(page)
    assert dialog.is_visible()
    assert page.evaluate("(selector) => document.querySelector(selector).matches(':modal')", DIALOG)
    assert dialog_label(page) == "Welcome back!"

    # Focus stays inside the dialog, forwards and backwards.
    for _ in range(12):
        page.keyboard.press("Tab")
        assert focus_is_in_dialog(page)
    for _ in range(12):
        page.keyboard.press("Shift+Tab")
        assert focus_is_in_dialog(page)

    # Escape closes it and gives focus back to the link that opened it.
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert focused(page, "[data-login-link]")

    # Open it again and log in without touching the mouse.
    page.keyboard.press("Enter")
    # Not wait_for_function with a string: the site's Content-Security-Policy refuses the eval it needs.
    expect(page.locator("#dialog-login-username")).to_be_focused()
    page.keyboard.type("ana@example.org")
    page.keyboard.press("Tab")
    assert focused(page, "#dialog-login-password")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + "/"
    account_link = page.locator("[data-account-link]")
    account_link.wait_for()
    assert account_link.inner_text() == "ana"
    assert page.locator("[data-login-link]").count() == 0


def test_forgotten_password_switches_to_the_retrieval_form(live_server, desktop_page, reader, mailoutbox):
    page = desktop_page
    page.goto(live_server.url + "/")
    open_dialog_by_keyboard(page)

    tab_to(page, "[data-dialog-switch=reset]")
    page.keyboard.press("Enter")
    assert focused(page, "#dialog-reset-identifier")
    assert dialog_label(page) == "Retrieve your password"
    assert not page.locator("#dialog-login-username").is_visible()

    # ...and back again.
    tab_to(page, "[data-dialog-switch=login]")
    page.keyboard.press("Enter")
    assert focused(page, "#dialog-login-username")
    assert dialog_label(page) == "Welcome back!"

    tab_to(page, "[data-dialog-switch=reset]")
    page.keyboard.press("Enter")
    page.keyboard.type("ana")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + "/account/password/reset/sent/"
    assert "Check your inbox" in page.locator("h1").inner_text()
    assert [message.to for message in mailoutbox] == [["ana@example.org"]]


def test_without_javascript_the_link_goes_to_the_login_page(live_server, browser, reader):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.click("[data-login-link]")
        assert page.url == live_server.url + "/account/login/"
        page.fill("#id_username", "ana")
        page.fill("#id_password", PASSWORD)
        page.click(".account__form button[type=submit]")
        assert page.url == live_server.url + "/account/"
        assert "Your account" in page.locator("h1").inner_text()
    finally:
        context.close()

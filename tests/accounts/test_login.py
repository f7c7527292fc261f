"""Logging in and out: username or e-mail, remember me, safe redirects, throttling."""

from django.conf import settings

import pytest
import time_machine

from tests.accounts.conftest import login, site_link

pytestmark = pytest.mark.django_db


def signed_in_user(client):
    return client.get("/account/status/").json()


@pytest.mark.parametrize("identifier", ["ana", "ana@example.org", "ANA@Example.ORG"])
def test_log_in_with_username_or_email(client, reader, identifier):
    response = login(client, identifier)
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    status = signed_in_user(client)
    assert status["authenticated"] is True
    assert status["name"] == "ana"
    assert status["account_url"] == "/account/"
    assert status["logout_url"] == "/account/logout/"
    assert status["csrf_token"]  # for the header's "Log out" button


def test_wrong_password_is_refused_with_a_way_out(client, reader):
    response = login(client, "ana", "not-the-password")
    assert response.status_code == 400
    assert b"do not match an account" in response.content
    assert b'href="/account/password/reset/"' in response.content
    assert signed_in_user(client) == {"authenticated": False}


def test_unknown_account_gets_the_same_answer_as_a_wrong_password(client, reader):
    wrong_password = login(client, "ana", "not-the-password")
    unknown = login(client, "nobody", "not-the-password")
    assert unknown.status_code == wrong_password.status_code == 400
    assert b"do not match an account" in unknown.content


def test_a_deactivated_account_cannot_log_in(client, make_reader):
    make_reader(is_active=False)
    assert login(client, "ana").status_code == 400


def test_login_rotates_the_session(client, reader):
    client.get("/account/login/")
    client.cookies["sessionid"] = "attacker-chosen-session-key"
    login(client, "ana")
    assert client.cookies["sessionid"].value != "attacker-chosen-session-key"
    assert signed_in_user(client)["authenticated"] is True


def test_without_remember_me_the_session_ends_with_the_browser(client, reader):
    response = login(client, "ana")
    assert response.cookies["sessionid"]["max-age"] == ""
    assert response.cookies["journos_signed_in"]["max-age"] == ""


def test_remember_me_keeps_the_session(client, reader):
    response = login(client, "ana", data={"remember_me": "on"})
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE
    assert response.cookies["journos_signed_in"]["max-age"] == settings.SESSION_COOKIE_AGE


def test_session_cookie_flags_fit_production(client, reader, settings):
    settings.SESSION_COOKIE_SECURE = True
    response = login(client, "ana")
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
    # The header script's marker holds no secret, so scripts may read it.
    assert response.cookies["journos_signed_in"].value == "1"
    assert response.cookies["journos_signed_in"]["secure"] is True


def test_logout_is_a_post_and_clears_the_marker(client, reader):
    client.force_login(reader)
    page = client.get("/account/logout/")
    assert page.status_code == 200
    assert b"Log out</button>" in page.content
    assert signed_in_user(client)["authenticated"] is True  # a GET never logs out

    response = client.post("/account/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies["journos_signed_in"]["max-age"] == 0
    assert signed_in_user(client) == {"authenticated": False}


@pytest.mark.parametrize("next_path", ["/politics/?page=2", "/account/"])
def test_next_accepts_site_paths(client, reader, next_path):
    response = login(client, "ana", data={"next": next_path})
    assert response["Location"] == next_path


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "http://testserver/account/",
        "javascript:alert(1)",
        "/" + "a" * 3000,
    ],
)
def test_next_never_leads_off_the_site(client, reader, next_url):
    response = login(client, "ana", data={"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/account/"

    client.force_login(reader)
    response = client.post("/account/logout/", {"next": next_url})
    assert response["Location"] == "/"


def test_a_signed_in_reader_visiting_login_is_sent_on_without_a_loop(client, reader):
    client.force_login(reader)
    assert client.get("/account/login/?next=/account/login/")["Location"] == "/account/"
    assert client.get("/account/login/?next=/politics/")["Location"] == "/politics/"


def test_account_pages_are_never_cached_and_never_indexed(client):
    response = client.get("/account/login/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert b'<meta name="robots" content="noindex, nofollow">' in response.content


# Throttling (django-axes): five failures lock the account (from anywhere) and the address (for any account).


def fail(client, identifier="ana", address="203.0.113.7"):
    return login(client, identifier, "wrong-password", REMOTE_ADDR=address)


def test_repeated_failures_lock_the_account_with_a_way_out(client, reader):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert fail(client).status_code == 400
    locked = fail(client)
    assert locked.status_code == 429
    assert b"Too many failed attempts" in locked.content
    assert b'href="/account/password/reset/"' in locked.content
    assert b'href="/account/sign-in-link/"' in locked.content
    assert "no-store" in locked["Cache-Control"]
    # Even the right password is refused while the account is locked.
    assert login(client, "ana", REMOTE_ADDR="203.0.113.7").status_code == 429


def test_the_lock_is_per_account_whatever_name_or_address_is_used(client, reader):
    identifiers = ["ana", "ana@example.org", "ANA@example.org", "ana", "Ana@Example.org"]
    for number, identifier in enumerate(identifiers[: settings.AXES_FAILURE_LIMIT]):
        fail(client, identifier, address=f"198.51.100.{number + 1}")
    assert login(client, "ana", REMOTE_ADDR="192.0.2.200").status_code == 429


def test_the_lock_is_per_client_address_across_accounts(client, make_reader):
    make_reader()
    make_reader(username="ben", email="ben@example.org")
    for number in range(settings.AXES_FAILURE_LIMIT):
        fail(client, f"guess{number}", address="203.0.113.9")
    assert login(client, "ben", REMOTE_ADDR="203.0.113.9").status_code == 429
    assert login(client, "ben", REMOTE_ADDR="203.0.113.10").status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, reader):
    with time_machine.travel("2026-03-01 09:00", tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            fail(client)
        assert login(client, "ana", REMOTE_ADDR="203.0.113.7").status_code == 429
    with time_machine.travel("2026-03-01 09:16", tick=False):
        assert login(client, "ana", REMOTE_ADDR="203.0.113.7").status_code == 302


def test_a_password_reset_unlocks_the_account(client, reader, mailbox):
    for number in range(settings.AXES_FAILURE_LIMIT):
        fail(client, address=f"198.51.100.{number + 1}")
    client.post("/account/password/reset/", {"identifier": "ana"})
    link = site_link(mailbox.only("ana@example.org"))
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "another-long-passphrase", "new_password2": "another-long-passphrase"},
    )
    client.post("/account/logout/")
    assert login(client, "ana", "another-long-passphrase", REMOTE_ADDR="192.0.2.50").status_code == 302


def through_deploys_proxies(reader: str, forged: str = "") -> dict:
    """X-Forwarded-For as nginx → Varnish deliver it: [what the reader sent,] reader, nginx; from Varnish."""
    forwarded = f"{forged}, {reader}, 127.0.0.1" if forged else f"{reader}, 127.0.0.1"
    return {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": forwarded}


def test_the_client_address_comes_from_trusted_proxies_only(client, reader, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    for number in range(settings.AXES_FAILURE_LIMIT):
        # Each request claims another address in front of the one nginx saw: ignored.
        login(client, f"guess{number}", "wrong", **through_deploys_proxies("203.0.113.7", forged=f"192.0.2.{number}"))
    assert login(client, "ana", **through_deploys_proxies("203.0.113.7")).status_code == 429
    assert login(client, "ana", **through_deploys_proxies("203.0.113.8")).status_code == 302

"""Password-less sign-in by a one-time e-mail link (15 minutes, confirmed by a button)."""

import pytest
import time_machine

from tests.accounts.conftest import SITE_URL, site_link, text_of

pytestmark = pytest.mark.django_db


def ask_for_link(client, identifier, next_path="", **request_extra):
    data = {"identifier": identifier, **({"next": next_path} if next_path else {})}
    return client.post("/account/sign-in-link/", data, **request_extra)


def is_signed_in(client) -> bool:
    return client.get("/account/status/").json()["authenticated"]


def test_the_link_signs_in_only_when_the_button_is_pressed(client, mailbox, make_reader):
    reader = make_reader(email_verified=False)
    response = ask_for_link(client, "ana@example.org")
    assert response["Location"] == "/account/sign-in-link/sent/"
    message = mailbox.only("ana@example.org")
    assert message["Subject"] == "Your sign-in link for Journos"
    assert "It works once, for 15 minutes" in text_of(message)
    link = site_link(message)

    # Link scanners only GET: that shows a button and signs nobody in.
    page = client.get(link)
    assert page.status_code == 200
    assert b"Sign in as ana?" in page.content
    assert not is_signed_in(client)

    signed_in = client.post(link)
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/account/"
    assert is_signed_in(client)
    reader.refresh_from_db()
    assert reader.email_verified is True  # the reader proved they read that inbox


def test_the_link_works_once(client, mailbox, reader):
    ask_for_link(client, "ana")
    link = site_link(mailbox.only("ana@example.org"))
    client.post(link)
    client.post("/account/logout/")

    assert client.get(link).status_code == 400
    reused = client.post(link)
    assert reused.status_code == 400
    assert b"This link no longer works" in reused.content
    assert not is_signed_in(client)


def test_the_link_expires_after_fifteen_minutes(client, mailbox, reader):
    with time_machine.travel("2026-03-01 09:00", tick=False):
        ask_for_link(client, "ana")
    link = site_link(mailbox.only("ana@example.org"))
    with time_machine.travel("2026-03-01 09:16", tick=False):
        assert client.post(link).status_code == 400
    assert not is_signed_in(client)


def test_the_link_keeps_a_safe_next_and_drops_an_unsafe_one(client, mailbox, reader, make_reader):
    ask_for_link(client, "ana", next_path="/politics/")
    link = site_link(mailbox.only("ana@example.org"))
    assert link.endswith("?next=%2Fpolitics%2F")
    assert client.post(link)["Location"] == "/politics/"

    make_reader(username="ben", email="ben@example.org")
    ask_for_link(client, "ben", next_path="https://evil.example/")
    link = site_link(mailbox.only("ben@example.org"))
    assert "evil" not in link
    forged = link + "?next=//evil.example/"
    assert client.post(forged)["Location"] == "/account/"


def test_unknown_accounts_get_the_same_answer(client, mailbox, reader):
    known = ask_for_link(client, "ana")
    unknown = ask_for_link(client, "nobody")
    assert known["Location"] == unknown["Location"] == "/account/sign-in-link/sent/"
    assert len(mailbox.messages) == 1


def test_a_deactivated_account_gets_no_link_and_old_links_stop_working(client, mailbox, reader):
    ask_for_link(client, "ana")
    link = site_link(mailbox.only("ana@example.org"))
    reader.is_active = False
    reader.save()
    assert client.post(link).status_code == 400
    ask_for_link(client, "ana")
    assert len(mailbox.messages) == 1


def test_sign_in_links_ignore_a_forged_host_header(client, mailbox, reader, settings):
    settings.ALLOWED_HOSTS = ["*"]
    ask_for_link(client, "ana", HTTP_HOST="evil.example")
    text = text_of(mailbox.only("ana@example.org"))
    assert "evil.example" not in text
    assert f"{SITE_URL}/account/sign-in-link/" in text


def test_sign_in_links_are_rate_limited(client, mailbox, reader, rate_limit):
    rate_limit("account-emails", 1)
    ask_for_link(client, "ana")
    response = ask_for_link(client, "ana")
    assert response.status_code == 429
    assert b"Too many e-mails" in response.content
    assert len(mailbox.messages) == 1


def test_the_cap_is_per_account_whichever_name_is_typed_and_says_nothing(client, mailbox, reader, rate_limit):
    rate_limit("account-emails", 1)
    ask_for_link(client, "ana")
    # Another name for the same account: the same answer as for anyone, but no second e-mail.
    assert ask_for_link(client, "ana@example.org")["Location"] == "/account/sign-in-link/sent/"
    assert len(mailbox.messages) == 1

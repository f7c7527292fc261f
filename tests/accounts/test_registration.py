"""Register → confirm the address, through a real SMTP server."""

from django.contrib.auth import get_user_model

import pytest
import time_machine

from tests.accounts.conftest import PASSWORD, SITE_URL, html_of, site_link, text_of

User = get_user_model()
pytestmark = pytest.mark.django_db


def register(client, username="lena", email="lena@example.org", password=PASSWORD, password2=None, **extra):
    data = {"username": username, "email": email, "password1": password, "password2": password2 or password}
    return client.post("/account/register/", data, **extra)


def test_registration_sends_a_branded_confirmation_email(client, mailbox):
    response = register(client)
    assert response.status_code == 302
    assert response["Location"] == "/account/register/done/"
    user = User.objects.get(username="lena")
    assert user.email == "lena@example.org"
    assert user.email_verified is False

    message = mailbox.only("lena@example.org")
    assert message["Subject"] == "Confirm your e-mail address for Journos"
    assert "Why you are receiving this" in text_of(message)
    html = html_of(message)
    assert "Journos" in html and "Confirm my address" in html
    assert site_link(message).startswith("/account/verify/")


def test_following_the_link_asks_first_then_confirms_the_address_once(client, mailbox):
    register(client)
    link = site_link(mailbox.only("lena@example.org"))

    # A mail scanner that only follows the link changes nothing.
    page = client.get(link)
    assert page.status_code == 200
    assert b"Confirm my address" in page.content
    assert User.objects.get(username="lena").email_verified is False

    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/account/verify/done/"
    assert User.objects.get(username="lena").email_verified is True

    reused = client.post(link)
    assert reused.status_code == 400
    assert b"This link no longer works" in reused.content


def test_the_confirmation_link_expires_after_three_days(client, mailbox):
    with time_machine.travel("2026-03-01 09:00", tick=False):
        register(client)
    link = site_link(mailbox.only("lena@example.org"))
    with time_machine.travel("2026-03-04 09:01", tick=False):
        response = client.post(link)
    assert response.status_code == 400
    assert User.objects.get(username="lena").email_verified is False


def test_a_tampered_link_is_refused(client, mailbox):
    register(client)
    link = site_link(mailbox.only("lena@example.org"))
    assert client.get(link[:-3] + "xyz/").status_code == 400
    assert client.get("/account/verify/" + "a" * 5000 + "/").status_code == 400


def test_registering_a_known_address_answers_the_same_and_tells_only_its_owner(client, mailbox, reader):
    response = register(client, username="someone-else", email="ANA@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/account/register/done/"
    assert not User.objects.filter(username="someone-else").exists()

    message = mailbox.only("ana@example.org")
    assert message["Subject"] == "You already have an account on Journos"
    assert "already belongs to your account" in text_of(message)
    assert len(mailbox.messages) == 1


def test_a_taken_username_is_said_plainly(client, mailbox, reader):
    response = register(client, username="ANA", email="new@example.org")
    assert response.status_code == 400
    assert b"This username is taken" in response.content
    assert mailbox.messages == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"username": "lena@home"}, b"cannot contain"),
        ({"password": "password", "password2": "password"}, b"This password is too common"),
        ({"password2": "something-different-entirely"}, b"didn\xe2\x80\x99t match"),
        ({"email": "not-an-address"}, b"Enter a valid email address"),
        ({"username": "x" * 5000}, b"at most 150 characters"),
    ],
)
def test_bad_registrations_are_answered_with_the_reason(client, mailbox, fields, message):
    response = register(client, **fields)
    assert response.status_code == 400
    assert message in response.content
    assert not User.objects.exists()
    assert mailbox.messages == []


def test_registration_emails_are_rate_limited(client, mailbox, rate_limit):
    rate_limit("account-emails", 2)
    for attempt in range(2):
        assert register(client, username=f"lena{attempt}").status_code == 302
    response = register(client, username="lena9")
    assert response.status_code == 429
    assert b"Too many e-mails" in response.content
    assert not User.objects.filter(username="lena9").exists()


def test_confirmation_links_ignore_a_forged_host_header(client, mailbox, settings):
    settings.ALLOWED_HOSTS = ["*"]
    register(client, HTTP_HOST="evil.example", HTTP_X_FORWARDED_HOST="evil.example")
    text = text_of(mailbox.only("lena@example.org"))
    assert "evil.example" not in text
    assert f"{SITE_URL}/account/verify/" in text


def test_a_signed_in_reader_can_resend_the_confirmation(client, mailbox, make_reader):
    reader = make_reader(email_verified=False)
    client.force_login(reader)
    response = client.post("/account/verify/resend/", follow=True)
    assert b"We sent a new confirmation link" in response.content
    link = site_link(mailbox.only("ana@example.org"))
    client.post(link)
    reader.refresh_from_db()
    assert reader.email_verified is True

"""Password retrieval by username or e-mail, through a real SMTP server."""

from django.contrib.auth import get_user_model

import pytest
import time_machine

from tests.accounts.conftest import SITE_URL, login, site_link, text_of

User = get_user_model()
pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase"


def ask_for_reset(client, identifier, **request_extra):
    return client.post("/account/password/reset/", {"identifier": identifier}, **request_extra)


def set_new_password(client, link, password=NEW_PASSWORD):
    """Follow the e-mailed link (Django moves the token out of the address bar), then post the form."""
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200, form_page.content
    form_url = form_page.redirect_chain[-1][0]
    return client.post(form_url, {"new_password1": password, "new_password2": password})


@pytest.mark.parametrize("identifier", ["ana", "ana@example.org", " ANA@example.org "])
def test_retrieve_by_username_or_email(client, mailbox, reader, identifier):
    response = ask_for_reset(client, identifier)
    assert response.status_code == 302
    assert response["Location"] == "/account/password/reset/sent/"

    message = mailbox.only("ana@example.org")
    assert message["Subject"] == "Set a new password for Journos"
    assert "Your username is: ana" in text_of(message)
    assert "Why you are receiving this" in text_of(message)

    done = set_new_password(client, site_link(message))
    assert done.status_code == 302
    assert done["Location"] == "/account/password/reset/done/"
    # The reset signs the reader in, and the new password works from now on.
    assert client.get("/account/status/").json()["authenticated"] is True
    client.post("/account/logout/")
    assert login(client, "ana", NEW_PASSWORD).status_code == 302


def test_unknown_account_gets_the_same_answer_and_no_email(client, mailbox, reader):
    known = ask_for_reset(client, "ana")
    unknown = ask_for_reset(client, "nobody@example.org")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert len(mailbox.messages) == 1  # only ana's

    sent_page = client.get(unknown["Location"])
    assert b"If an account matches what you entered" in sent_page.content


def test_known_and_unknown_accounts_cost_the_view_the_same_work(client, reader, settings, django_assert_num_queries):
    """The view only enqueues; the task looks the account up (in the worker, with TASK_BACKEND=database)."""
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # keeps, never runs
    with django_assert_num_queries(0):
        known = ask_for_reset(client, "ana")
    with django_assert_num_queries(0):
        unknown = ask_for_reset(client, "nobody")
    assert known["Location"] == unknown["Location"]
    results = default_task_backend.results
    assert [result.task.name for result in results] == ["send_password_reset"] * 2
    assert [list(result.args) for result in results] == [["ana"], ["nobody"]]


def test_a_reset_link_works_once(client, mailbox, reader):
    ask_for_reset(client, "ana")
    link = site_link(mailbox.only("ana@example.org"))
    assert set_new_password(client, link).status_code == 302
    client.post("/account/logout/")

    reused = client.get(link, follow=True)
    assert reused.status_code == 400
    assert b"This link no longer works" in reused.content


def test_a_reset_link_expires_after_an_hour(client, mailbox, reader):
    with time_machine.travel("2026-03-01 09:00", tick=False):
        ask_for_reset(client, "ana")
    link = site_link(mailbox.only("ana@example.org"))
    with time_machine.travel("2026-03-01 10:01", tick=False):
        expired = client.get(link, follow=True)
    assert expired.status_code == 400
    reader.refresh_from_db()
    assert reader.check_password("a-long-and-unusual-passphrase")


def test_reset_links_ignore_a_forged_host_header(client, mailbox, reader, settings):
    settings.ALLOWED_HOSTS = ["*"]
    ask_for_reset(client, "ana", HTTP_HOST="evil.example", HTTP_X_FORWARDED_HOST="evil.example")
    message = mailbox.only("ana@example.org")
    assert "evil.example" not in message.as_string()
    assert f"{SITE_URL}/account/password/reset/" in text_of(message)


def test_a_reset_signs_out_every_other_session(client, mailbox, reader):
    other_device = type(client)()
    other_device.force_login(reader)
    ask_for_reset(client, "ana")
    set_new_password(client, site_link(mailbox.only("ana@example.org")))
    assert other_device.get("/account/status/").json() == {"authenticated": False}


def test_a_weak_new_password_is_refused(client, mailbox, reader):
    ask_for_reset(client, "ana")
    response = set_new_password(client, site_link(mailbox.only("ana@example.org")), password="123456")
    assert response.status_code == 400
    assert b"This password is too common" in response.content


@pytest.mark.parametrize("identifier", ["", "   ", "x" * 300])
def test_bad_input_is_answered_not_sent(client, mailbox, identifier):
    response = ask_for_reset(client, identifier)
    assert response.status_code == 400
    assert mailbox.messages == []


def test_retrieval_emails_are_rate_limited_per_account(client, mailbox, reader, rate_limit):
    rate_limit("account-emails", 2)
    for address in ("198.51.100.1", "198.51.100.2"):
        assert ask_for_reset(client, "ana", REMOTE_ADDR=address).status_code == 302
    response = ask_for_reset(client, "ANA", REMOTE_ADDR="198.51.100.3")
    assert response.status_code == 429
    assert b"Too many e-mails" in response.content
    assert len(mailbox.messages) == 2


def test_retrieval_emails_are_rate_limited_per_client(client, mailbox, reader, rate_limit):
    rate_limit("account-emails-per-client", 3)
    for number in range(3):
        ask_for_reset(client, f"someone{number}")
    assert ask_for_reset(client, "ana").status_code == 429
    assert mailbox.messages == []


def test_the_admin_reset_is_off_and_staff_are_sent_to_the_site_page(client):
    login_page = client.get("/admin/login/")
    assert b'href="/account/password/reset/"' in login_page.content
    assert client.get("/admin/password_reset/").status_code == 404

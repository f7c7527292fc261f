"""The account page: name, e-mail (re-verified), password, newsletter panel, deletion."""

import re

from django.contrib.auth import get_user_model
from django.db.models import ProtectedError

import pytest

from journos.accounts import services
from tests.accounts.conftest import PASSWORD, login, site_link, text_of

User = get_user_model()
pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, reader):
    client.force_login(reader)
    return reader


def test_the_account_page_needs_a_signed_in_reader(client):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/account/"


def test_the_account_page_is_private_and_shows_every_section(client, signed_in):
    response = client.get("/account/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    html = response.content.decode()
    for heading in ("Name", "E-mail address", "Password", "Newsletters", "Delete your account"):
        assert f">{heading}</h2>" in html
    assert "ana@example.org" in html
    assert "your username, name, e-mail address and password;" in html


def test_the_account_page_costs_a_constant_number_of_queries(client, signed_in, groups, django_assert_num_queries):
    from django.contrib.auth.models import Group

    for _ in range(2):  # the first visits create the site's settings rows and fill the fragment cache
        client.get("/account/")
    # Session, user, the reader's permissions (two: may they delete here?), the site,
    # the newsletter panel (the lists, the reader's subscriptions), and the comments panel (the reply e-mail
    # option, the latest comments).
    with django_assert_num_queries(9):
        assert client.get("/account/").status_code == 200
    signed_in.groups.add(*Group.objects.all())
    with django_assert_num_queries(9):
        assert client.get("/account/").status_code == 200


def test_change_name(client, signed_in):
    response = client.post(
        "/account/profile/", {"profile-first_name": "Ana", "profile-last_name": "Ruiz"}, follow=True
    )
    assert b"Your name has been saved." in response.content
    signed_in.refresh_from_db()
    assert signed_in.get_full_name() == "Ana Ruiz"


def test_a_too_long_name_is_refused_and_nothing_changes(client, signed_in):
    response = client.post("/account/profile/", {"profile-first_name": "A" * 500, "profile-last_name": "Ruiz"})
    assert response.status_code == 400
    assert b"at most 150 characters" in response.content
    signed_in.refresh_from_db()
    assert signed_in.last_name == ""


def test_change_email_after_confirming_the_new_address(client, mailbox, signed_in):
    response = client.post(
        "/account/email/", {"email-new_email": "ana@newmail.example", "email-current_password": PASSWORD}, follow=True
    )
    assert b"We sent a confirmation link to ana@newmail.example" in response.content
    signed_in.refresh_from_db()
    assert signed_in.email == "ana@example.org"  # unchanged until the link is followed

    message = mailbox.only("ana@newmail.example")
    assert message["Subject"] == "Confirm your new e-mail address for Journos"
    client.post(site_link(message))
    signed_in.refresh_from_db()
    assert (signed_in.email, signed_in.email_verified) == ("ana@newmail.example", True)

    notice = mailbox.only("ana@example.org")
    assert "has been changed to ana@newmail.example" in text_of(notice)
    assert login(type(client)(), "ana@newmail.example").status_code == 302


def test_change_email_needs_the_current_password(client, mailbox, signed_in):
    response = client.post("/account/email/", {"email-new_email": "x@example.org", "email-current_password": "nope"})
    assert response.status_code == 400
    assert b"That is not your current password." in response.content
    assert mailbox.messages == []


def test_an_address_taken_by_another_account_is_not_revealed(client, mailbox, signed_in, make_reader):
    make_reader(username="ben", email="ben@example.org")
    response = client.post(
        "/account/email/", {"email-new_email": "BEN@example.org", "email-current_password": PASSWORD}, follow=True
    )
    assert b"We sent a confirmation link to BEN@example.org" in response.content
    # Ben hears that someone tried; no link that could move his address to Ana's account.
    assert mailbox.only("ben@example.org")["Subject"] == "You already have an account on Journos"
    signed_in.refresh_from_db()
    assert signed_in.email == "ana@example.org"


def test_change_password_signs_out_other_sessions_only(client, signed_in):
    other_device = type(client)()
    other_device.force_login(signed_in)
    response = client.post(
        "/account/password/",
        {
            "password-old_password": PASSWORD,
            "password-new_password1": "a-fresh-passphrase-2026",
            "password-new_password2": "a-fresh-passphrase-2026",
        },
        follow=True,
    )
    assert b"Your password has been changed." in response.content
    assert client.get("/account/status/").json()["authenticated"] is True
    assert other_device.get("/account/status/").json() == {"authenticated": False}


def test_change_password_with_a_wrong_old_password(client, signed_in):
    response = client.post(
        "/account/password/",
        {"password-old_password": "nope", "password-new_password1": "x", "password-new_password2": "x"},
    )
    assert response.status_code == 400
    assert b"Your old password was entered incorrectly" in response.content  # Django's own message


def test_password_checks_are_rate_limited(client, signed_in):
    for _ in range(10):
        client.post("/account/delete/", {"delete-current_password": "guess"})
    response = client.post("/account/delete/", {"delete-current_password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many attempts" in response.content
    assert User.objects.filter(pk=signed_in.pk).exists()


def test_delete_account_needs_the_password(client, signed_in):
    response = client.post("/account/delete/", {"delete-current_password": "nope"})
    assert response.status_code == 400
    assert b"That is not your current password." in response.content
    assert User.objects.filter(pk=signed_in.pk).exists()


def test_a_wrong_password_is_summarised_at_the_top_with_a_link_to_the_field(client, signed_in):
    html = client.post("/account/delete/", {"delete-current_password": "nope"}).content.decode()
    summary = html.index('<div class="error-summary" role="alert"')
    assert summary < html.index('class="account__toc"')  # above the page's sections, not at the bottom
    link = '<a href="#id_delete-current_password">Delete your account: That is not your current password.</a>'
    assert html.index(link) > summary
    assert 'id="id_delete-current_password"' in html  # the link leads to the field
    assert "error-summary.js" in html


def test_a_page_without_errors_has_no_summary(client, signed_in):
    assert "error-summary" not in client.get("/account/").content.decode().replace("error-summary.js", "")


def test_each_section_has_one_heading(client, signed_in):
    html = client.get("/account/").content.decode()
    assert html.count(">Newsletters</h2>") == 1
    assert len(re.findall(r"<h2[^>]*>", html)) == len(set(re.findall(r"<h2[^>]*>([^<]*)</h2>", html)))


def test_delete_account_removes_the_reader_and_says_goodbye(client, mailbox, signed_in):
    other_device = type(client)()
    other_device.force_login(signed_in)
    response = client.post("/account/delete/", {"delete-current_password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/account/deleted/"
    assert not User.objects.filter(username="ana").exists()
    assert client.get("/account/status/").json() == {"authenticated": False}
    assert other_device.get("/account/status/").json() == {"authenticated": False}
    assert "has been deleted" in text_of(mailbox.only("ana@example.org"))
    assert b"have been removed from our site" in client.get("/account/deleted/").content


def test_an_account_something_protects_is_anonymised_instead(monkeypatch, signed_in):
    def protected_delete(*args, **kwargs):
        raise ProtectedError("kept by another app", set())

    monkeypatch.setattr(User, "delete", protected_delete)
    assert services.delete_account(signed_in) is False
    kept = User.objects.get(pk=signed_in.pk)
    assert kept.username == f"deleted-{signed_in.pk}"
    assert (kept.email, kept.first_name, kept.is_active, kept.has_usable_password()) == ("", "", False, False)


def test_staff_cannot_delete_their_account_here(client, reader, groups):
    from django.contrib.auth.models import Group

    reader.groups.add(Group.objects.get(name="Reporters"))
    client.force_login(reader)
    assert b"This is a staff account" in client.get("/account/").content
    assert client.post("/account/delete/", {"delete-current_password": PASSWORD}).status_code == 403
    assert User.objects.filter(pk=reader.pk).exists()


@pytest.mark.parametrize("url", ["/account/profile/", "/account/email/", "/account/password/", "/account/delete/"])
def test_account_forms_only_take_posts(client, signed_in, url):
    assert client.get(url).status_code == 405


def test_an_address_taken_before_the_link_is_followed_is_not_moved(client, mailbox, signed_in, make_reader):
    client.post("/account/email/", {"email-new_email": "shared@example.org", "email-current_password": PASSWORD})
    link = site_link(mailbox.only("shared@example.org"))
    make_reader(username="ben", email="shared@example.org")  # registered in the meantime

    response = client.post(link)
    assert response.status_code == 409
    assert b"This address already has an account" in response.content
    signed_in.refresh_from_db()
    assert signed_in.email == "ana@example.org"

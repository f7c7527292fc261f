"""Signing out takes a POST carrying the CSRF token, for staff and readers: a link, an image or another site's
form signs nobody out."""

from django.test import Client

import pytest

pytestmark = pytest.mark.django_db

EVIL = {"HTTP_ORIGIN": "https://evil.example", "HTTP_REFERER": "https://evil.example/page"}


@pytest.fixture
def editor(make_staff):
    return make_staff("Editors", "eve")


def csrf_client(user) -> Client:
    """A browser-like client: CSRF checks on, signed in, holding the token a page it opened gave it."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def token_of(client, page) -> str:
    assert client.get(page).status_code == 200
    return client.cookies["csrftoken"].value


@pytest.mark.parametrize("method", ["get", "head", "options"])
def test_staff_stay_signed_in_after_anything_but_a_post_to_the_admin_logout(editor, method):
    client = csrf_client(editor)
    response = getattr(client, method)("/admin/logout/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "sessionid" not in response.cookies  # neither deleted nor replaced
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_unsafe_methods_without_a_token_sign_nobody_out(editor, method):
    client = csrf_client(editor)
    assert getattr(client, method)("/admin/logout/").status_code == 403  # Django's CSRF check, first
    assert client.get("/admin/").status_code == 200


def test_the_admins_log_out_button_signs_staff_out(editor):
    client = csrf_client(editor)
    token = token_of(client, "/admin/")
    response = client.post("/admin/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/"
    assert response.cookies["sessionid"]["max-age"] == 0
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"


def test_another_sites_form_cannot_sign_staff_out(editor):
    client = csrf_client(editor)
    token_of(client, "/admin/")
    response = client.post("/admin/logout/", **EVIL)
    assert response.status_code == 403
    assert "sessionid" not in response.cookies
    assert client.get("/admin/").status_code == 200


def test_another_sites_form_cannot_sign_a_reader_out(reader):
    client = csrf_client(reader)
    assert client.get("/account/logout/").status_code == 200  # a GET only asks to confirm
    assert client.post("/account/logout/", **EVIL).status_code == 403
    assert client.get("/account/status/").json()["authenticated"] is True

    token = client.cookies["csrftoken"].value
    assert client.post("/account/logout/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert client.get("/account/status/").json() == {"authenticated": False}

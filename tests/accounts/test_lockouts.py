"""Login locks for staff: never from a reader's failures; the admin's own message; lifted by Administrators.

Requests come as deploy/'s nginx → Varnish chain delivers them (TRUSTED_PROXY_COUNT = 2).
"""

from django.test import Client

from wagtail.models import ModelLogEntry

import pytest

from tests.accounts.conftest import PASSWORD, login

pytestmark = pytest.mark.django_db

OFFICE = "203.0.113.50"  # a newsroom's NAT: readers and editors share it


def through_deploys_proxies(reader: str) -> dict:
    return {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": f"{reader}, 127.0.0.1"}


def admin_login(client, username, password=PASSWORD, reader=OFFICE):
    fields = {"username": username, "password": password}
    return client.post("/admin/login/", fields, **through_deploys_proxies(reader))


def lift_url(user) -> str:
    return f"/admin/users/lift-lock/{user.pk}/"


@pytest.fixture(autouse=True)
def behind_deploys_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 2


@pytest.fixture
def editor(make_staff):
    return make_staff("Editors", "eve")


@pytest.fixture
def administrator(make_staff):
    return make_staff("Administrators", "chief")


@pytest.fixture
def locked_editor(editor, settings):
    """Eve typed her password wrong from several places, until her account locked."""
    for number in range(settings.AXES_FAILURE_LIMIT):
        admin_login(Client(), "eve", "wrong", reader=f"198.51.100.{number + 1}")
    return editor


def test_readers_failures_from_the_office_do_not_lock_an_editor_out(client, settings, editor, make_reader):
    make_reader(username="ben", email="ben@example.org")
    for number in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"guess{number}", "wrong", **through_deploys_proxies(OFFICE))
    # Readers keep their protection: the office address is paused for reader accounts...
    assert login(client, "ben", **through_deploys_proxies(OFFICE)).status_code == 429
    # ...but the editor, at the same address, signs into the admin with her right password.
    response = admin_login(client, "eve")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_staff_accounts_own_failures_lock_it_and_the_admin_says_so_in_its_own_look(client, settings, editor):
    for number in range(settings.AXES_FAILURE_LIMIT - 1):
        assert admin_login(client, "eve", "wrong", reader=f"198.51.100.{number + 1}").status_code == 200
    locked = admin_login(client, "eve", "wrong", reader="198.51.100.99")
    # From anywhere, even with the right password, until the lock is lifted.
    for response in (locked, admin_login(client, "eve", reader="192.0.2.9")):
        assert response.status_code == 429
        html = response.content.decode()
        assert "<h1>Signing in is paused</h1>" in html
        assert "wagtailadmin/css/core.css" in html  # the admin's look...
        assert "Too many failed attempts" not in html  # ...not the public site's page
        assert 'href="/account/password/reset/"' in html
        assert "no-store" in response["Cache-Control"]
    assert not Client().get("/admin/").wsgi_request.user.is_authenticated


def test_an_administrator_sees_the_lock_and_lifts_it(client, settings, administrator, locked_editor):
    client.force_login(administrator)
    listing = client.get("/admin/users/")
    labels = [str(column.label) for column in listing.context["table"].columns.values()]
    assert "Login lock" in labels
    locks = {user.username: user.login_failures >= settings.AXES_FAILURE_LIMIT for user in listing.context["users"]}
    assert locks == {"chief": False, "eve": True}
    assert listing.content.decode().count(lift_url(locked_editor)) == 1  # only on the locked row
    filtered = client.get("/admin/users/?login_locked=true")
    assert [user.username for user in filtered.context["users"]] == ["eve"]

    confirm = client.get(lift_url(locked_editor))
    assert confirm.status_code == 200
    assert "Yes, lift the lock" in confirm.content.decode()
    response = client.post(lift_url(locked_editor), follow=True)
    assert response.redirect_chain == [("/admin/users/", 302)]
    assert "The login lock on" in response.content.decode()
    entry = ModelLogEntry.objects.get(action="journos.lift_login_lock")
    assert (entry.object_id, entry.user_id) == (str(locked_editor.pk), administrator.pk)
    assert client.get(f"/admin/users/history/{locked_editor.pk}/").content.decode().count("Login lock lifted") == 1

    assert admin_login(Client(), "eve").status_code == 302
    assert not client.get("/admin/users/?login_locked=true").context["users"]


@pytest.mark.parametrize("group_name", ["Editors", "Moderators", "Reporters"])
def test_only_administrators_lift_locks(client, make_staff, locked_editor, group_name):
    client.force_login(make_staff(group_name, "other"))
    for response in (client.get(lift_url(locked_editor)), client.post(lift_url(locked_editor))):
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
    anonymous = Client().post(lift_url(locked_editor))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    assert not ModelLogEntry.objects.filter(action="journos.lift_login_lock").exists()
    assert admin_login(Client(), "eve").status_code == 429


def test_lifting_a_lock_needs_the_confirmation_forms_csrf_token(administrator, locked_editor):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(administrator)
    assert browser.post(lift_url(locked_editor)).status_code == 403  # a forged form elsewhere
    assert admin_login(Client(), "eve").status_code == 429
    token = browser.get(lift_url(locked_editor)).context["csrf_token"]
    assert browser.post(lift_url(locked_editor), {"csrfmiddlewaretoken": token}).status_code == 302
    assert admin_login(Client(), "eve").status_code == 302

"""Staff in the Wagtail admin: same accounts; only Administrators manage users and groups."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import pytest

from tests.accounts.conftest import PASSWORD

User = get_user_model()
pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(make_staff):
    return make_staff("Administrators", "chief")


def test_a_reader_never_reaches_the_admin(client, reader):
    client.force_login(reader)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[0] == ("/admin/login/?next=/admin/", 302)
    assert response.status_code == 200
    assert b"You do not have permission to access the admin." in response.content
    assert client.get("/admin/users/").status_code == 302


def test_staff_log_into_the_admin_with_their_site_account(client, make_staff):
    make_staff("Reporters", "rita")
    response = client.post("/admin/login/", {"username": "rita@newsroom.example", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_admin_login_is_throttled_too(client, make_staff, settings):
    make_staff("Reporters", "rita")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "rita", "password": "wrong"})
    assert client.post("/admin/login/", {"username": "rita", "password": PASSWORD}).status_code == 429


@pytest.mark.parametrize("group_name", ["Reporters", "Editors", "Moderators"])
def test_only_administrators_manage_users_and_groups(client, make_staff, reader, group_name):
    client.force_login(make_staff(group_name))
    for url in ("/admin/users/", f"/admin/users/edit/{reader.pk}/", "/admin/groups/", "/admin/users/new/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/admin/"
    response = client.post(f"/admin/users/edit/{reader.pk}/", {"username": reader.username, "is_active": ""})
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.is_active is True


def test_administrators_list_users_with_type_verification_and_last_login(client, administrator, make_reader):
    make_reader(username="ben", email="ben@example.org", email_verified=False)
    client.force_login(administrator)
    response = client.get("/admin/users/")
    assert response.status_code == 200
    labels = [str(column.label) for column in response.context["table"].columns.values()]
    assert {"Username", "E-mail", "Account", "Verified", "Active", "Last login"} <= set(labels)
    account_types = {user.username: user.is_newsroom_staff for user in response.context["users"]}
    assert account_types == {"chief": True, "ben": False}
    html = response.content.decode()
    assert "ben@example.org" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("account_type=reader", {"ana", "ben", "gone"}),
        ("account_type=staff", {"chief"}),
        ("email_verified=false", {"ben"}),
        ("email_verified=true&account_type=reader", {"ana", "gone"}),
        ("is_active=false", {"gone"}),
        ("q=ben", {"ben"}),
    ],
)
def test_administrators_filter_and_search_users(client, administrator, reader, make_reader, query, expected):
    make_reader(username="ben", email="ben@example.org", email_verified=False)
    make_reader(username="gone", email="gone@example.org", is_active=False)
    client.force_login(administrator)
    response = client.get(f"/admin/users/?{query}")
    assert response.status_code == 200
    listed = {user.username for user in response.context["users"]}
    assert listed == expected


def test_the_user_list_costs_the_same_queries_for_more_users(
    client, administrator, make_reader, django_assert_num_queries
):
    client.force_login(administrator)
    client.get("/admin/users/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/admin/users/")
    for number in range(8):
        make_reader(username=f"reader{number}", email=f"reader{number}@example.org")
    with django_assert_num_queries(len(few)):
        client.get("/admin/users/")


def test_administrators_deactivate_users_and_assign_groups(client, administrator, reader):
    readers_browser = type(client)()
    readers_browser.force_login(reader)
    client.force_login(administrator)
    editors = Group.objects.get(name="Editors")
    response = client.post(
        f"/admin/users/edit/{reader.pk}/",
        {
            "username": "ana",
            "email": "ana@example.org",
            "first_name": "Ana",
            "last_name": "Ruiz",
            "email_verified": "on",
            "groups": [editors.pk],
            # is_active left out: unticked
        },
    )
    assert response.status_code == 302, response.content
    reader.refresh_from_db()
    assert reader.is_active is False
    assert list(reader.groups.all()) == [editors]
    # A deactivated reader is signed out at once and can no longer sign in.
    assert readers_browser.get("/account/status/").json() == {"authenticated": False}
    assert type(client)().post("/account/login/", {"username": "ana", "password": PASSWORD}).status_code == 400

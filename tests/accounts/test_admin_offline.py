"""The admin asks no other site for anything: avatars are initials drawn in the page, no update check."""

import re

from django.contrib.auth import get_user_model

import pytest

from journos.accounts.avatars import initials

pytestmark = pytest.mark.django_db

# What a browser fetches by itself: images, scripts, styles, frames (links the editor may click are fine).
FETCHED = re.compile(r"<(?:img|script|link|iframe|source)\b[^>]*?\b(?:src|href|srcset)=\"((?:https?:)?//[^\"]+)\"")


@pytest.fixture
def superuser(client, home):
    user = get_user_model().objects.create_superuser(
        "chief", "chief@example.org", "x", first_name="Chief", last_name="Editor"
    )
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/users/", "/admin/pages/", "/admin/images/", "/admin/account/", "/admin/reports/site-history/"],
)
def test_admin_pages_fetch_nothing_from_other_sites(client, superuser, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert FETCHED.findall(html) == []
    assert "gravatar" not in html
    assert 'data-controller="w-upgrade' not in html  # Wagtail's release check, from the editor's browser


def test_avatars_are_initials(client, superuser):
    html = client.get("/admin/users/").content.decode()
    assert 'src="data:image/svg+xml,' in html
    assert "%3ECE%3C/text%3E" in html  # "CE" for Chief Editor


def test_initials_fall_back_to_the_username():
    user = get_user_model()(username="ana", first_name="", last_name="")
    assert initials(user) == "AN"
    assert initials(get_user_model()(username="x", first_name="maría", last_name="<b>")) == "M<"


def test_a_deleted_user_gets_wagtails_default_picture():
    from journos.accounts.avatars import initials_url

    assert initials_url(None, 50) is None  # Wagtail then shows its own default avatar, from our server

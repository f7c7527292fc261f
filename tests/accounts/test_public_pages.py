"""Public pages stay cacheable: the login dialog and the header's account link hold nothing per reader."""

import pytest

from journos.news.factories import ArticlePageFactory, SectionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(site):
    return ArticlePageFactory(parent=SectionPageFactory(parent=site, title="Politics"), title="Budget vote delayed")


def test_public_pages_hold_the_dialog_but_no_token_and_set_no_cookie(client, article, reader):
    for url in ("/", article.url):
        response = client.get(url)
        html = response.content.decode()
        assert "data-login-dialog" in html
        assert 'href="/account/login/" data-login-link' in html
        assert "csrfmiddlewaretoken" not in html
        assert "ana" not in html
        assert "Set-Cookie" not in str(response.headers)
        assert not response.cookies


def test_a_signed_in_reader_gets_the_same_public_html(client, article, reader):
    anonymous = client.get(article.url).content
    client.force_login(reader)
    assert client.get(article.url).content == anonymous


def test_the_dialog_forms_come_from_an_uncached_endpoint(client):
    response = client.get("/account/login/dialog/?next=/politics/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert html.count('name="csrfmiddlewaretoken"') == 2
    assert 'action="/account/login/"' in html
    assert 'action="/account/password/reset/"' in html
    assert '<input type="hidden" name="next" value="/politics/">' in html
    assert 'id="dialog-login-username"' in html  # ids that cannot clash with the page's own


def test_the_dialog_forms_drop_an_unsafe_next(client):
    html = client.get("/account/login/dialog/?next=https://evil.example/").content.decode()
    assert "evil" not in html


def test_the_status_endpoint_is_private(client, reader):
    response = client.get("/account/status/")
    assert response.json() == {"authenticated": False}
    assert "no-store" in response["Cache-Control"]
    client.force_login(reader)
    response = client.get("/account/status/")
    assert response.json()["name"] == "ana"
    assert "Cookie" in response["Vary"]


def test_the_status_endpoint_answers_only_reads(client):
    assert client.post("/account/status/").status_code == 405


def test_signing_in_sets_the_marker_the_header_script_reads(client, reader):
    from tests.accounts.conftest import login

    response = login(client, "ana")
    assert response.cookies["journos_signed_in"].value == "1"
    assert response.cookies["journos_signed_in"]["httponly"] == ""

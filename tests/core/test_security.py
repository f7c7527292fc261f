"""Security headers, allowed methods, NUL bytes and the "temporarily unavailable" page (issue 13, items 8 and 9).

The production headers through deploy/'s nginx and Varnish are scored in tests/production/test_headers.py;
the browser's view of the policy (no violations) in tests/e2e/test_content_security_policy.py.
"""

import pytest

from journos.news.factories import ArticlePageFactory, SectionPageFactory
from journos.pages.factories import ContactPageFactory
from tests.utils import make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    home = make_site()
    section = SectionPageFactory(parent=home, title="Politics", slug="politics")
    return ArticlePageFactory(parent=section, title="Summit ends", slug="summit", tags=["summit"])


def directives(header: str) -> dict[str, list[str]]:
    parsed = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in parsed}


def test_public_pages_send_a_strict_content_security_policy(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    csp = directives(response["Content-Security-Policy"])
    assert csp["default-src"] == csp["script-src"] == csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "https://www.youtube-nocookie.com" in csp["frame-src"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_embed_origin_and_the_media_host_are_settings(client, article, settings):
    settings.CSP_FRAME_SOURCES = ["https://embed.example.net"]
    settings.CSP_MEDIA_SOURCES = ["https://media.example.net"]
    csp = directives(client.get(article.url)["Content-Security-Policy"])
    assert csp["frame-src"] == ["https://embed.example.net"]
    assert csp["img-src"] == ["'self'", "https://media.example.net", "data:"]


def test_the_admin_gets_the_policy_wagtail_needs(admin_client, article):
    response = admin_client.get(f"/admin/pages/{article.pk}/edit/")
    assert response.status_code == 200
    csp = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in csp["script-src"]
    assert csp["frame-ancestors"] == ["'self'"]  # the live preview is a frame of the editor


def test_the_embed_template_has_no_inline_style():
    from django.template.loader import render_to_string

    from wagtail.embeds.models import Embed

    embed = Embed(url="https://youtu.be/x", html='<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>')
    embed.width, embed.height = 640, 480
    html = render_to_string("wagtailembeds/embed_frontend.html", {"embed": embed})
    assert "style=" not in html
    assert 'class="responsive-object responsive-object--4-3"' in html


@pytest.mark.parametrize("method", ["put", "delete", "patch", "post", "options"])
def test_pages_answer_405_to_methods_they_do_not_handle(client, article, method):
    response = getattr(client, method)(article.url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert client.head(article.url).status_code == 200


def test_the_contact_page_also_takes_its_form(client, article):
    contact = ContactPageFactory(parent=article.get_parent().get_parent(), slug="contact")
    assert client.put(contact.url).status_code == 405
    assert client.put(contact.url)["Allow"] == "GET, HEAD, POST"
    assert client.post(contact.url, {}).status_code == 200  # the form again, with its errors


@pytest.mark.parametrize(
    ("path", "status"),
    [("/tags/summit%00/", 404), ("/tags/%00/", 404), ("/politics/summit%00/", 404), ("/search/?q=a%00b", 400)],
)
def test_a_nul_byte_in_the_address_is_answered_not_a_crash(client, article, path, status):
    # On PostgreSQL, "/tags/summit%00/" used to reach the tag lookup and give a 500.
    response = client.get(path)
    assert response.status_code == status
    assert client.get("/tags/summit/").status_code == 200


@pytest.fixture
def error_client(client, settings):
    settings.ROOT_URLCONF = "tests.core.error_urls"
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("path", ["/database-down/", "/connection-lost/"])
def test_with_the_database_down_readers_get_temporarily_unavailable(error_client, path):
    response = error_client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "no-cache" in response["Cache-Control"]
    assert "<h1>Temporarily unavailable</h1>" in response.content.decode()
    assert "Content-Security-Policy" in response


def test_a_bug_is_still_a_500(error_client):
    response = error_client.get("/bug/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Something went wrong" in response.content.decode()

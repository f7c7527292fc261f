"""Anonymous readers get identical, cacheable HTML."""

import pytest

from journos.news.factories import ArticlePageFactory
from journos.pages.models import ContactPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_urls(politics, author):
    article = ArticlePageFactory(parent=politics, authors=[author], tags=["weather"])
    return ["/", politics.url, article.url, author.url, author.get_parent().url, "/tags/weather/"]


def test_public_pages_are_cacheable_by_shared_caches(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        cache_control = response["Cache-Control"]
        assert "public" in cache_control and "s-maxage=" in cache_control, url
        assert "Set-Cookie" not in response.headers, url
        assert not response.cookies, url
        assert b"csrfmiddlewaretoken" not in response.content, url
        assert "Cookie" not in response.get("Vary", ""), url


def test_signed_in_staff_get_the_same_html_as_anonymous_readers(client, admin_user, public_urls):
    anonymous = [client.get(url).content for url in public_urls]
    client.force_login(admin_user)
    assert [client.get(url).content for url in public_urls] == anonymous


def test_contact_form_page_is_never_cached(client, home):
    contact = home.add_child(instance=ContactPage(title="Contact us", slug="contact", to_address="desk@example.org"))
    response = client.get(contact.url)
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]
    assert b"csrfmiddlewaretoken" in response.content

"""The full-page cache serves anonymous readers and never anyone else."""

import pytest

from journos.accounts.models import User
from journos.core.caching.page_cache import HEADER
from journos.news.models import ArticlePage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def reader_urls(settings):
    settings.ROOT_URLCONF = "tests.production.urls"


@pytest.fixture
def alice():
    return User.objects.create_user("alice", "alice@example.org", "pw-alice-123")


def test_anonymous_article_views_come_from_the_cache(client, newsroom, django_assert_num_queries):
    article = newsroom["article"]
    first = client.get(article.url)
    assert first[HEADER] == "miss"
    ArticlePage.objects.filter(pk=article.pk).update(title="Changed behind the cache's back")

    with django_assert_num_queries(0):
        second = client.get(article.url)

    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert "Summit ends without deal" in second.content.decode()
    assert second["Cache-Control"] == first["Cache-Control"]


def test_head_requests_are_answered_from_the_cache(client, newsroom):
    url = newsroom["article"].url
    client.get(url)
    assert client.head(url)[HEADER] == "hit"


def test_each_query_string_is_a_page_of_its_own(client, newsroom):
    url = newsroom["diplomacy"].url
    client.get(url)
    assert client.get(url + "?page=1")[HEADER] == "miss"
    assert client.get(url + "?page=1")[HEADER] == "hit"


def test_signed_in_readers_pages_are_never_shared(client, alice, reader_urls):
    client.force_login(alice)
    signed_in = client.get("/whoami/")
    assert signed_in.content == b"Hello alice"
    assert HEADER not in signed_in

    anonymous = client.__class__()
    first = anonymous.get("/whoami/")
    assert first.content == b"Hello AnonymousUser"
    assert anonymous.get("/whoami/")[HEADER] == "hit"

    # Back signed in: the anonymous copy is not served either.
    again = client.get("/whoami/")
    assert again.content == b"Hello alice"
    assert HEADER not in again


def test_a_signed_in_readers_article_view_bypasses_the_cache(client, alice, newsroom):
    url = newsroom["article"].url
    client.get(url)  # anonymous: cached
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == 200
    assert HEADER not in response


def test_responses_that_set_a_cookie_are_not_cached(client, reader_urls):
    client.get("/cookie/")
    response = client.__class__().get("/cookie/")
    assert HEADER not in response
    assert response.cookies["flavour"].value == "oat"


def test_private_responses_are_not_cached(client, reader_urls):
    client.get("/private/")
    assert HEADER not in client.get("/private/")


def test_non_cacheable_pages_and_errors_are_not_cached(client, newsroom):
    client.get("/no-such-page/")
    assert client.get("/no-such-page/").status_code == 404
    assert HEADER not in client.get("/no-such-page/")


def test_requests_with_credentials_bypass_the_cache(client, newsroom):
    url = newsroom["article"].url
    client.get(url)
    assert HEADER not in client.get(url, HTTP_AUTHORIZATION="Basic YTpi")


def test_the_cache_can_be_switched_off(client, newsroom, settings):
    settings.PAGE_CACHE_ENABLED = False
    url = newsroom["article"].url
    client.get(url)
    assert HEADER not in client.get(url)

"""The API over HTTP: cacheable answers purged through the invalidation model, CORS, rate limits."""

import pytest

from journos.core.caching.page_cache import HEADER
from journos.core.caching.purge import content_changed
from journos.news.factories import ArticlePageFactory
from journos.news.models import ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def purged():
    """The tags each purge sends to the caching proxies (what Varnish bans), in order."""
    sent = []

    def record(sender, tags, **kwargs):
        sent.append(set(tags))

    content_changed.connect(record, dispatch_uid="tests-api-purged")
    yield sent
    content_changed.disconnect(dispatch_uid="tests-api-purged")


def tags_of(response) -> set[str]:
    return set(response["X-Cache-Tags"].strip(",").split(","))


def publish(page, django_capture_on_commit_callbacks, **changes):
    page = type(page).objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    return page


# --- Caching ---


def test_answers_are_public_and_the_same_for_everyone(client, article, admin_user):
    urls = [
        "/api/v2/articles/",
        f"/api/v2/articles/{article.pk}/",
        "/api/v2/sections/",
        "/api/v2/authors/",
        "/api/v2/tags/",
    ]
    anonymous = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        cache_control = response["Cache-Control"]
        assert "public" in cache_control and "max-age=" in cache_control and "s-maxage=" in cache_control, url
        assert not response.cookies and "Set-Cookie" not in response.headers, url
        assert "Cookie" not in response.get("Vary", ""), url
        anonymous.append(response.content)
    client.force_login(admin_user)
    assert [client.get(url).content for url in urls] == anonymous


def test_errors_and_refusals_are_never_stored(client, article, rate_limit):
    assert client.get("/api/v2/articles/99999/")["Cache-Control"] == "no-store"
    assert client.get("/api/v2/articles/?limit=x")["Cache-Control"] == "no-store"
    rate_limit("api", 1)
    client.get("/api/v2/tags/")
    assert client.get("/api/v2/tags/")["Cache-Control"] == "no-store"


@pytest.mark.usefixtures("page_cache_on")
def test_publishing_an_article_purges_the_listing_and_its_detail(
    client, article, purged, django_capture_on_commit_callbacks
):
    section = article.get_parent()
    urls = ["/api/v2/articles/", f"/api/v2/articles/{article.pk}/", f"/api/v2/articles/?section={section.pk}"]
    for url in urls:
        client.get(url)
        assert client.get(url)[HEADER] == "hit", url
    tags = {url: tags_of(client.get(url)) for url in urls}

    publish(article, django_capture_on_commit_callbacks, title="Harbour reopens at last")

    assert purged, "publishing sent no purge"
    for url in urls:
        assert tags[url] & purged[-1], f"the proxy would keep {url}"
        response = client.get(url)
        assert response[HEADER] == "miss", url
        assert "Harbour reopens at last" in response.content.decode(), url


@pytest.mark.usefixtures("page_cache_on")
def test_a_new_article_joins_the_listings_at_once(client, article, purged, django_capture_on_commit_callbacks):
    listing = client.get("/api/v2/articles/")
    tags = client.get("/api/v2/tags/")
    draft = ArticlePageFactory(parent=article.get_parent(), title="Tide tables", live=False, tags=["tides"])

    publish(draft, django_capture_on_commit_callbacks)

    assert tags_of(listing) & purged[-1] and tags_of(tags) & purged[-1]
    assert "Tide tables" in client.get("/api/v2/articles/").content.decode()
    assert "tides" in client.get("/api/v2/tags/").content.decode()


@pytest.mark.usefixtures("page_cache_on")
def test_unpublishing_takes_it_out_of_every_answer(client, article, purged, django_capture_on_commit_callbacks):
    detail = f"/api/v2/articles/{article.pk}/"
    client.get(detail)
    client.get("/api/v2/articles/")
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=article.pk).unpublish()

    assert client.get(detail).status_code == 404
    assert client.get("/api/v2/articles/").json()["items"] == []


@pytest.mark.usefixtures("page_cache_on")
def test_an_edited_picture_credit_reaches_the_api_and_other_answers_stay_cached(
    client, article, politics, django_capture_on_commit_callbacks
):
    other = ArticlePageFactory(parent=politics, title="Unrelated")
    other_detail = f"/api/v2/articles/{other.pk}/"
    client.get(other_detail)
    client.get("/api/v2/articles/")
    image = article.featured_image
    image.credit = "Pool / Journos"
    with django_capture_on_commit_callbacks(execute=True):
        image.save()

    assert "Pool / Journos" in client.get("/api/v2/articles/").content.decode()
    assert client.get(other_detail)[HEADER] == "hit"


# --- CORS ---


def test_configured_origins_may_read_from_a_browser(client, article, settings):
    settings.API_CORS_ORIGINS = ["https://app.example.org"]
    allowed = client.get("/api/v2/articles/", headers={"Origin": "https://app.example.org"})
    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.org"
    assert "Origin" in allowed["Vary"]
    assert "Access-Control-Allow-Credentials" not in allowed

    other = client.get("/api/v2/articles/", headers={"Origin": "https://evil.example.com"})
    assert "Access-Control-Allow-Origin" not in other
    assert "Origin" in other["Vary"]

    preflight = client.options(
        "/api/v2/articles/",
        headers={"Origin": "https://app.example.org", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "https://app.example.org"
    assert "GET" in preflight["Access-Control-Allow-Methods"]

    assert "Access-Control-Allow-Origin" not in client.get("/", headers={"Origin": "https://app.example.org"})


def test_any_origin_when_configured_with_a_star(client, article, settings):
    settings.API_CORS_ORIGINS = ["*"]
    response = client.get("/api/v2/articles/", headers={"Origin": "https://anyone.example.net"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Origin" not in response.get("Vary", "")


def test_no_origin_is_allowed_by_default(client, article):
    response = client.get("/api/v2/articles/", headers={"Origin": "https://app.example.org"})
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.usefixtures("page_cache_on")
def test_a_cached_answer_gets_the_cors_headers_of_each_request(client, article, settings):
    settings.API_CORS_ORIGINS = ["https://app.example.org", "https://partner.example.com"]
    client.get("/api/v2/articles/", headers={"Origin": "https://app.example.org"})
    response = client.get("/api/v2/articles/", headers={"Origin": "https://partner.example.com"})
    assert response[HEADER] == "hit"
    assert response["Access-Control-Allow-Origin"] == "https://partner.example.com"


# --- Rate limits ---


def test_too_many_requests_get_a_429_with_retry_after(client, article, rate_limit):
    rate_limit("api", 3, 60)
    for _ in range(3):
        assert client.get("/api/v2/articles/").status_code == 200
    response = client.get(f"/api/v2/articles/{article.pk}/")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Too many requests" in response.json()["message"]
    # Another client is counted on its own.
    assert client.get("/api/v2/articles/", REMOTE_ADDR="198.51.100.7").status_code == 200


@pytest.mark.usefixtures("page_cache_on")
def test_cached_answers_do_not_count(client, article, rate_limit):
    rate_limit("api", 2, 60)
    for _ in range(5):
        assert client.get("/api/v2/articles/").status_code == 200

"""The one same-site check, used by the newsletter sign-up, the view/share beacon and the search-hit beacon."""

import pytest

from journos.core.origins import is_same_site


@pytest.fixture
def post(rf, settings):
    settings.SITE_URL = "https://news.example"
    settings.ALLOWED_HOSTS = ["news.example", "testserver"]
    return lambda **headers: rf.post("/engagement/beacon/", **headers)


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://news.example"},  # SITE_URL's host
        {"HTTP_ORIGIN": "http://testserver"},  # the request's own host
        {"HTTP_REFERER": "https://NEWS.example/politics/"},
        {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "https://news.example"},
        {"HTTP_SEC_FETCH_SITE": "none"},  # typed or bookmarked
        {"HTTP_ORIGIN": "null"},
        {},  # a privacy tool stripped both headers
    ],
)
def test_requests_from_the_site_or_naming_no_origin_pass(post, headers):
    assert is_same_site(post(**headers))


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://news.example"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "https://news.example.evil.example"},
        {"HTTP_ORIGIN": "https://news.example:8443"},
        {"HTTP_REFERER": "https://evil.example/page.html"},
        {"HTTP_ORIGIN": "http://[::1"},  # not a URL
    ],
)
def test_requests_from_another_site_are_refused(post, headers):
    assert not is_same_site(post(**headers))

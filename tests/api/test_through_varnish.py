"""The API through the production stack: Varnish keeps its answers and drops them when an article is published."""

import urllib.request

import pytest

from tests.production.conftest import newsroom, redis_url, start_stack, static_root  # noqa: F401
from tests.production.test_stack import PUBLISH_NEW_TITLE, wait_for_text, warm_through_varnish

pytestmark = [pytest.mark.redis, pytest.mark.varnish]


def test_varnish_caches_the_api_and_a_publish_purges_it_within_two_seconds(newsroom, start_stack):  # noqa: F811
    stack = start_stack(API_CORS_ORIGINS="https://app.example.org")
    article = newsroom["article"]
    urls = [
        "/api/v2/articles/",
        f"/api/v2/articles/{article.pk}/",
        f"/api/v2/articles/?section={article.get_parent().pk}",
    ]
    warm_through_varnish(stack, urls)
    assert "X-Cache-Tags" not in stack.get(urls[0]).headers  # for bans only

    stack.django(PUBLISH_NEW_TITLE)

    for url in urls:
        assert wait_for_text(stack, url, "Summit ends with a deal", seconds=2) is not None, url


def test_cors_through_varnish_names_each_origin(newsroom, start_stack):  # noqa: F811
    stack = start_stack(worker=False, API_CORS_ORIGINS="https://app.example.org,https://partner.example.com")

    def origin_header(origin):
        request = urllib.request.Request(stack.proxy + "/api/v2/articles/", headers={"Origin": origin})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.headers.get("Access-Control-Allow-Origin"), response.headers.get("X-Cache")

    assert origin_header("https://app.example.org")[0] == "https://app.example.org"
    assert origin_header("https://app.example.org") == ("https://app.example.org", "HIT")
    assert origin_header("https://partner.example.com")[0] == "https://partner.example.com"
    assert origin_header("https://evil.example.com")[0] is None

"""With Redis down, pages are still served: cache errors are logged and count as misses."""

import pytest

from journos.core import cache_backends
from journos.core.caching.page_cache import HEADER
from tests.production.servers import free_port, start_redis, stop

pytestmark = [pytest.mark.django_db, pytest.mark.redis, pytest.mark.usefixtures("page_cache_on")]


def redis_caches(url: str) -> dict:
    def alias(prefix):
        return {
            "BACKEND": "journos.core.cache_backends.FailOpenRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }

    return {"default": alias("t"), "pages": alias("t-pages")}


@pytest.fixture(autouse=True)
def retry_at_once(monkeypatch):
    monkeypatch.setattr(cache_backends, "RETRY_AFTER_SECONDS", 0.0)
    cache_backends._down_until.clear()


def test_pages_are_served_when_redis_does_not_answer(client, newsroom, settings, caplog):
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there

    response = client.get(newsroom["article"].url)

    assert response.status_code == 200
    assert "Summit ends without deal" in response.content.decode()
    assert "Cache unavailable" in caplog.text
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "degraded", "database": "ok", "cache": "down"}


def test_redis_stopping_and_coming_back(client, newsroom, settings, tmp_path):
    redis, port = start_redis(tmp_path)
    try:
        settings.CACHES = redis_caches(f"redis://127.0.0.1:{port}/0")
        url = newsroom["article"].url
        client.get(url)
        assert client.get(url)[HEADER] == "hit"

        stop(redis)
        down = client.get(url)
        assert down.status_code == 200
        assert "Summit ends without deal" in down.content.decode()
        assert client.get("/healthz").json()["cache"] == "down"

        redis, port = start_redis(tmp_path, port)  # back, on the same port
        client.get(url)
        assert client.get(url)[HEADER] == "hit"
        assert client.get("/healthz").json()["cache"] == "ok"
    finally:
        stop(redis)

"""Search's ceiling in front of the workers: deploy/nginx/journos.conf → Varnish → gunicorn, on loopback.

A reader (or a script) sending a burst of searches nobody sent before gets
429 from nginx itself past its burst, the app sees only the burst, and an
article still answers at once.
"""

import http.client
import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from journos.news.factories import ArticlePageFactory, SectionPageFactory
from tests.production import servers
from tests.utils import make_site

pytestmark = [pytest.mark.redis, pytest.mark.varnish]

BURST = 40  # limit_req's burst in deploy/nginx/journos.conf: up to 1 + BURST pass, the rest get 429


def fetch(port: int, path: str) -> tuple[int, dict, str, float]:
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode()
        return response.status, dict(response.getheaders()), body, time.monotonic() - started
    finally:
        connection.close()


def test_a_burst_of_searches_from_one_reader_is_refused_by_nginx_while_articles_answer(start_stack):
    home = make_site()
    article = ArticlePageFactory(parent=SectionPageFactory(parent=home, title="Science"), title="Walrus colony")
    stack = start_stack(worker=False, TRUSTED_PROXY_COUNT="2", SEARCHES_PER_MINUTE="1000")
    http_body, server_body = servers.deploy_nginx(int(stack.proxy.rsplit(":", 1)[1]))
    nginx, port = servers.start_nginx(server_body, http_body)
    stack.processes.append(nginx)
    assert fetch(port, article.url)[0] == 200  # Varnish now holds the article

    # Each one new: none is in any cache (and within start_nginx's 64 connections, upstream ones included).
    words = [f"/search/?q=word{number}" for number in range(55)]
    with ThreadPoolExecutor(max_workers=len(words)) as pool:
        pending = [pool.submit(fetch, port, path) for path in words]
        time.sleep(0.3)  # nginx holds the delayed part of the burst, the app runs the rest
        during = fetch(port, article.url)
        searches = [future.result() for future in pending]

    statuses = [status for status, *_ in searches]
    refused = [(headers, body) for status, headers, body, _ in searches if status == 429]
    assert len(refused) >= len(words) - 1 - BURST, statuses
    headers, body = refused[0]
    assert headers["Retry-After"] == "10"
    assert headers["X-Content-Type-Options"] == "nosniff"  # nginx's own answer carries the site's headers
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert "You have searched a lot in the last few seconds" in body
    # Those let through run, or find every search slot of the app (or nginx's 4 connections) taken.
    assert set(statuses) <= {200, 429, 503}, statuses
    assert all(headers["Retry-After"] == "2" for status, headers, *_ in searches if status == 503)
    app_saw = (stack.workdir / "access.log").read_text().count("GET /search/?q=word")
    assert app_saw <= 1 + BURST, f"the app ran {app_saw} of the burst's searches"

    status, _, _, seconds = during
    assert status == 200
    assert seconds < 1, f"an article took {seconds:.2f} s during the burst"

    # The header's live results, past the burst: refused in JSON, which live-search.js shows.
    with ThreadPoolExecutor(max_workers=len(words)) as pool:
        live = list(pool.map(lambda path: fetch(port, path.replace("/search/", "/search/live/")), words))
    headers, body = next((headers, body) for status, headers, body, _ in live if status == 429)
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {
        "error": "You have searched a lot in the last few seconds. Please wait a moment and search again."
    }

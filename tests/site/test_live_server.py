"""The browser tests' server answers a page and its assets at once, as a browser asks for them, on SQLite too
(journos/settings/test.py: SQLite tests use a database file): a 503 there failed an editor's test at random."""

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def status_of(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


def test_requests_at_once_all_succeed(live_server, home):
    paths = ["/admin/sprite/", "/", "/admin/login/", "/sitemap.xml"] * 8
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(status_of, [live_server.url + path for path in paths]))
    assert statuses == [200] * len(paths)

"""With PostgreSQL down: readers get the site's "temporarily unavailable" page, or a stale copy (issue 13, item 9).

A private PostgreSQL cluster (initdb in a temporary folder) serves gunicorn behind deploy/'s Varnish;
the test stops it mid-way, as a crashed or restarting database server would be.
"""

import os
import subprocess
import time
from functools import partial

import pytest
import redis

from tests.production import servers
from tests.production.conftest import Stack

pytestmark = [pytest.mark.redis, pytest.mark.varnish]

CONTENT = """
from journos.news.factories import ArticlePageFactory, SectionPageFactory
from tests.utils import make_site
home = make_site()
politics = SectionPageFactory(parent=home, title="Politics", slug="politics")
ArticlePageFactory(parent=politics, title="Summit ends without deal", slug="summit")
ArticlePageFactory(parent=politics, title="Harbour reopens", slug="harbour")
"""


@pytest.fixture
def postgres():
    cluster = servers.PrivatePostgres()
    cluster.start()
    cluster.createdb("journos")
    yield cluster
    cluster.remove()


def wait_until(condition, timeout: float = 60.0, message: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(message or "condition not met in time")


def test_with_the_database_down_readers_get_a_stale_page_or_temporarily_unavailable(
    postgres, tmp_path, static_root, redis_url
):
    if not servers.VARNISHD.exists():
        pytest.fail("Varnish is needed for this test: apt-get install -y varnish")
    prefix = f"journos-degraded-{os.getpid()}"
    env = servers.production_env(
        database_url=postgres.url(), redis_url=redis_url, prefix=prefix, workdir=tmp_path, static_root=static_root
    )
    env["PAGE_CACHE_S_MAXAGE"] = "1"  # Varnish's copy expires at once: what readers get next is the stale one
    migrate = subprocess.run(
        [servers.PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=servers.REPO, env=env, capture_output=True
    )
    assert migrate.returncode == 0, migrate.stderr.decode()
    created = servers.run_django(CONTENT, env)
    assert created.returncode == 0, created.stderr

    processes = []
    try:
        gunicorn, app_port = servers.start_gunicorn(env, tmp_path)
        processes.append(gunicorn)
        varnish, varnish_port = servers.start_varnish(app_port)
        processes.append(varnish)
        stack = Stack(workdir=tmp_path, env=env, app=f"http://127.0.0.1:{app_port}")
        stack.proxy = f"http://127.0.0.1:{varnish_port}"
        app = partial(stack.get, via="app")
        proxy = stack.get

        assert proxy("/politics/summit/").status == 200  # now in Varnish
        postgres.stop()

        # The app itself: the branded page, 503 and Retry-After, not a 500.
        down = app("/politics/harbour/")
        assert (down.status, down.headers.get("Retry-After")) == (503, "60")
        assert "<h1>Temporarily unavailable</h1>" in down.text

        # Varnish notices through /healthz (three failed probes), then answers for the app.
        wait_until(
            lambda: proxy("/healthz").headers.get("Content-Type", "").startswith("text/html"),
            message="Varnish never marked the app sick",
        )
        stale = proxy("/politics/summit/")
        assert stale.status == 200
        assert "Summit ends without deal" in stale.text
        assert proxy("/politics/summit/").status == 200  # still there: the failed refresh did not replace it

        uncached = proxy("/politics/harbour/")
        assert (uncached.status, uncached.headers.get("Retry-After")) == (503, "60")
        assert "<h1>Temporarily unavailable</h1>" in uncached.text
        assert "Backend fetch failed" not in uncached.text
    finally:
        for process in reversed(processes):
            servers.stop(process)
        client = redis.Redis.from_url(redis_url)
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)

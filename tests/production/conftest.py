import os
import secrets
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.utils import timezone

import pytest
import redis

from journos.engagement.models import DailyCount, Kind
from journos.news.factories import ArticlePageFactory, AuthorPageFactory, SectionPageFactory
from tests.production import servers
from tests.utils import make_authors_index, make_site


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


class RecordingProxy(ThreadingHTTPServer):
    """A stand-in caching proxy on loopback: remembers the tags of every BAN it is sent."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), BanHandler)
        self.banned: list[set[str]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class BanHandler(BaseHTTPRequestHandler):
    def do_BAN(self):
        self.server.banned.append(set(self.headers["X-Cache-Tags"].split(",")))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy(settings):
    server = RecordingProxy()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.CACHE_PROXY_URLS = [server.url]
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def newsroom(db):
    """A small site where one article shows up in many places."""
    home = make_site()
    politics = SectionPageFactory(parent=home, title="Politics", slug="politics")
    diplomacy = SectionPageFactory(parent=politics, title="Diplomacy", slug="diplomacy")
    economy = SectionPageFactory(parent=home, title="Economy", slug="economy")
    author = AuthorPageFactory(parent=make_authors_index(home), title="Ana Ruiz", slug="ana-ruiz")
    older = ArticlePageFactory(parent=economy, title="Older story", slug="older-story")
    article = ArticlePageFactory(
        parent=diplomacy,
        title="Summit ends without deal",
        slug="summit",
        authors=[author],
        extra_categories=[economy],
        tags=["summit"],
    )
    return {
        "home": home,
        "politics": politics,
        "diplomacy": diplomacy,
        "economy": economy,
        "author": author,
        "older": older,
        "article": article,
    }


@pytest.fixture
def elsewhere(newsroom):
    """A section and article that do not show the article: they must stay cached.

    Popular News is never empty (it falls back to the newest articles): five well-read sports stories fill it,
    so that the sidebar of these pages does not list the article either.
    """
    sports = SectionPageFactory(parent=newsroom["home"], title="Sports", slug="sports")
    today = timezone.localdate()
    for number in range(5):
        story = ArticlePageFactory(parent=sports, title=f"Match report {number}", slug=f"match-report-{number}")
        DailyCount.objects.create(article=story, day=today, kind=Kind.VIEW, count=100 + number)
    # The newest: its previous article (with its picture) is a match report, not the article.
    match = ArticlePageFactory(parent=sports, title="Cup final tonight", slug="cup-final")
    return {"section elsewhere": sports.url, "article elsewhere": match.url}


# --- The production stack on loopback: gunicorn, the worker, Varnish ---------------------------

VARNISH_MISSING = f"Varnish is needed for this test: no varnishd at {servers.VARNISHD} (apt-get install -y varnish)"


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """collectstatic once per test run, as a deploy does (fingerprinted, compressed files)."""
    root = tmp_path_factory.mktemp("static")
    servers.collectstatic(root)
    return root


@pytest.fixture
def redis_url():
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis is needed for this test and does not answer at {url} (TEST_REDIS_URL): {error}")
    return url


@dataclass
class Stack:
    """The app's processes, started on free ports; `app` is gunicorn, `proxy` is Varnish in front of it."""

    workdir: Path
    env: dict
    app: str = ""
    proxy: str = ""
    processes: list = field(default_factory=list)

    def get(self, path: str, *, via: str = "proxy", cookie: str = "") -> "Fetched":
        base = self.proxy if via == "proxy" else self.app
        request = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Fetched(response.status, dict(response.headers), response.read().decode())
        except urllib.error.HTTPError as error:
            return Fetched(error.code, dict(error.headers), error.read().decode())

    def django(self, code: str) -> str:
        """Run code in another process of the app (an editor publishing, say); its printed output."""
        result = servers.run_django(code, self.env)
        assert result.returncode == 0, result.stderr
        return result.stdout


@dataclass
class Fetched:
    status: int
    headers: dict
    text: str


@pytest.fixture
def start_stack(transactional_db, tmp_path, static_root, redis_url):
    """Call once the test's content exists: starts gunicorn, the worker and Varnish on that content."""
    from django.db import connection

    prefix = f"journos-test-{secrets.token_hex(4)}"
    stacks = []

    def start(*, varnish: bool = True, worker: bool = True, **extra_env) -> Stack:
        if varnish and not servers.VARNISHD.exists():
            pytest.fail(VARNISH_MISSING)
        database_url = servers.shared_database_url(connection, tmp_path)
        env = servers.production_env(
            database_url=database_url, redis_url=redis_url, prefix=prefix, workdir=tmp_path, static_root=static_root
        )
        env.update(extra_env)
        stack = Stack(workdir=tmp_path, env=env)
        stacks.append(stack)
        proxy_port = servers.free_port() if varnish else None
        if varnish:
            env["FRONTEND_CACHE_URL"] = f"http://127.0.0.1:{proxy_port}"
        gunicorn, app_port = servers.start_gunicorn(env, tmp_path)
        stack.processes.append(gunicorn)
        stack.app = f"http://127.0.0.1:{app_port}"
        if worker:
            stack.processes.append(servers.start_worker(env, tmp_path))
        if varnish:
            process, _ = servers.start_varnish(app_port, port=proxy_port)
            stack.processes.append(process)
            stack.proxy = f"http://127.0.0.1:{proxy_port}"
        return stack

    yield start

    for stack in stacks:
        for process in reversed(stack.processes):
            servers.stop(process)
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)

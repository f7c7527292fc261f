"""Two of everything on loopback (bench/cluster.py): HAProxy → Varnish ×2 → gunicorn ×2 → PgBouncer → PostgreSQL
primary and replica, Redis. Needs Debian's haproxy and pgbouncer: skipped without them, unless REQUIRE_CLUSTER=1
(as in .ci/run, which installs them)."""

import os
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench import cluster as topology
from bench import wrk
from tests.production import servers
from tests.smtp import SMTPServer

pytestmark = [pytest.mark.redis, pytest.mark.varnish]

CONTENT = """
from journos.news.factories import ArticlePageFactory, SectionPageFactory
from tests.utils import make_site
politics = SectionPageFactory(parent=make_site(), title="Politics", slug="politics")
ArticlePageFactory(parent=politics, title="Summit ends without deal", slug="summit")
"""
RETITLE = """
from journos.news.models import ArticlePage
article = ArticlePage.objects.get(slug="summit")
article.title = "Summit agrees on a deal"
article.save_revision().publish()
"""


SEND_NEWSLETTER = """
from django.utils import timezone
from journos.newsletter import tasks
from journos.newsletter.models import Issue, NewsletterList, Subscriber, Subscription
now = timezone.now()
newsletter = NewsletterList.objects.create(name="Morning", slug="morning", description="Daily", frequency="Daily")
Subscriber.objects.bulk_create(
    Subscriber(email=f"reader{n}@example.com", state=Subscriber.State.CONFIRMED, confirmed_at=now) for n in range(2000)
)
Subscription.objects.bulk_create(
    Subscription(subscriber=reader, newsletter=newsletter, confirmed_at=now) for reader in Subscriber.objects.all()
)
issue = Issue.objects.create(newsletter=newsletter, subject="Morning briefing", intro="<p>The news.</p>")
print(tasks.send_now(issue))
"""


@pytest.fixture(scope="module")
def smtp_server():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, static_root, smtp_server):
    """One cluster for the module; the last test stops one of its app servers."""
    if missing := topology.missing_programs():
        message = f"The cluster test needs: apt-get install -y {' '.join(missing)}"
        if os.environ.get("REQUIRE_CLUSTER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    mail = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_server.port), "NEWSLETTER_SEND_RATE": "0"}
    started = topology.start(tmp_path_factory.mktemp("cluster"), static_root, CONTENT, mail)
    yield started
    started.stop()


def fetch(url: str, cookie: str = "") -> tuple[int, str, dict]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode(), dict(response.headers)


def test_a_publish_on_one_app_server_reaches_both_proxies(cluster):
    article = "/politics/summit/"
    for proxy in cluster.proxies:
        fetch(proxy + article)
        assert fetch(proxy + article)[2]["X-Cache"] == "HIT"

    publish = servers.run_django(RETITLE, cluster.env | {"GUNICORN_BIND": cluster.apps[0]})
    assert publish.returncode == 0, publish.stderr

    for proxy in cluster.proxies:
        servers.wait_until(lambda proxy=proxy: "Summit agrees on a deal" in fetch(proxy + article)[1], timeout=2)
    assert "Summit agrees on a deal" in fetch(cluster.url + article)[1]


def test_two_workers_send_a_newsletter_of_2000_exactly_once(cluster, smtp_server):
    started = servers.run_django(SEND_NEWSLETTER, cluster.env | {"NEWSLETTER_PARALLEL_TASKS": "2"})
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "2000"
    mailbox = smtp_server.mailbox
    servers.wait_until(lambda: len(mailbox.messages) >= 2000, timeout=300)
    time.sleep(2)  # anything sent twice would arrive now
    recipients = mailbox.recipients()
    assert len(recipients) == 2000
    assert len(set(recipients)) == 2000
    logs = [(cluster.workdir / f"worker{number}.log").read_text() for number in (1, 2)]
    assert all("send_issue" in log for log in logs)  # both workers took part


def load(url: str, seconds: int) -> dict:
    """wrk through the balancer with a session cookie, so that Varnish passes every request to an app server."""
    return wrk.run(url, connections=4, seconds=seconds, headers=["Cookie: sessionid=x"])


def test_an_app_server_going_down_under_load_costs_no_request_once_noticed(cluster):
    url = f"{cluster.url}/politics/summit/"
    with ThreadPoolExecutor(1) as background:
        during = background.submit(load, url, 6)
        time.sleep(2)
        cluster.stop_app(2)
        during = during.result()
    assert during["requests"] > 20  # the site kept answering while app server 2 went away
    # Varnish probes each app server every second and takes it out after 3 failures; it retries a failed fetch
    # on the other server meanwhile. From then on, no request fails.
    after = load(url, 5)
    assert after["requests"] > 20
    assert after["failed"] == 0, after
    assert during["failed"] <= 2, during

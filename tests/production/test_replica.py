"""Reads from a PostgreSQL streaming replica, and back to the primary when it lags or goes away (issue 18).

A private primary and its replica (pg_basebackup -R) serve gunicorn with production settings. Replay on the
replica is paused to make it fall behind on purpose, as a busy or distant replica would.
"""

import os
import time

import pytest
import redis

from tests.production import servers
from tests.production.conftest import Stack

pytestmark = [pytest.mark.redis]

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
OLD, NEW = "Summit ends without deal", "Summit agrees on a deal"


@pytest.fixture
def primary_and_replica():
    primary = servers.PrivatePostgres()
    primary.start()
    primary.createdb("journos")
    replica = servers.PrivatePostgres(primary=primary)
    replica.start()
    yield primary, replica
    replica.remove()
    primary.remove()


def test_anonymous_reads_use_the_replica_until_it_lags_or_stops(primary_and_replica, tmp_path, static_root, redis_url):
    primary, replica = primary_and_replica
    prefix = f"journos-replica-{os.getpid()}"
    env = servers.production_env(
        database_url=primary.url(), redis_url=redis_url, prefix=prefix, workdir=tmp_path, static_root=static_root
    )
    env |= {"DATABASE_REPLICA_URL": replica.url(), "REPLICA_CHECK_SECONDS": "0.2", "PAGE_CACHE": "off"}
    migrate = servers.run_django("from django.core.management import call_command; call_command('migrate')", env)
    assert migrate.returncode == 0, migrate.stderr
    assert servers.run_django(CONTENT, env).returncode == 0
    servers.wait_until(lambda: replica.sql("SELECT count(*) FROM news_articlepage") == "1", timeout=30)

    processes = []
    try:
        # Two app servers that differ only in how much lag they accept from the replica.
        patient, patient_port = servers.start_gunicorn(env | {"REPLICA_MAX_LAG": "600"}, tmp_path, "patient")
        strict, strict_port = servers.start_gunicorn(env | {"REPLICA_MAX_LAG": "1"}, tmp_path, "strict")
        processes += [patient, strict]
        reader = Stack(workdir=tmp_path, env=env, app=f"http://127.0.0.1:{patient_port}")
        strict_reader = Stack(workdir=tmp_path, env=env, app=f"http://127.0.0.1:{strict_port}")
        assert OLD in reader.get("/politics/summit/", via="app").text

        replica.sql("SELECT pg_wal_replay_pause()")
        reader.django(RETITLE)

        # The replica has not replayed the change: anonymous readers still get the old headline from it, in a
        # page that shared caches may keep only for a moment, since the change was purged after it was read.
        stale = reader.get("/politics/summit/", via="app")
        assert OLD in stale.text
        assert "s-maxage=2" in stale.headers["Cache-Control"]
        assert OLD in reader.get("/search/?q=summit", via="app").text

        # Whoever has a session reads the primary, and so their own writes.
        assert NEW in reader.get("/politics/summit/", via="app", cookie="sessionid=anything").text

        # Past its bound (1 s), a replica is not read at all.
        time.sleep(1.5)
        assert NEW in strict_reader.get("/politics/summit/", via="app").text

        replica.sql("SELECT pg_wal_replay_resume()")
        servers.wait_until(lambda: NEW in reader.get("/politics/summit/", via="app").text, timeout=10)

        # The replica stops: reads fall back to the primary, and no reader sees an error.
        replica.stop()
        answers = [reader.get(path, via="app") for _ in range(15) for path in ("/politics/summit/", "/search/?q=deal")]
        assert [answer.status for answer in answers] == [200] * len(answers)
        assert all(NEW in answer.text for answer in answers)
    finally:
        for process in processes:
            servers.stop(process)
        client = redis.Redis.from_url(redis_url)
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)

"""Search's cost ceiling in the app: one spelling per search, a per-client limit, host-wide slots, a query timeout."""

import subprocess
import sys
import textwrap
from unittest import mock

from django.db import connection

import pytest

from journos.search import selectors

pytestmark = pytest.mark.django_db

# Behind deploy/'s nginx → Varnish, as the app sees two readers (TRUSTED_PROXY_COUNT = 2).
READER = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7, 127.0.0.1"}
OTHER_READER = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.2, 127.0.0.1"}


@pytest.fixture
def walrus(make_article):
    return make_article(title="Walrus colony returns to the bay")


@pytest.fixture
def slots(settings, tmp_path):
    settings.SEARCH_CONCURRENCY = 1
    settings.SEARCH_SLOTS_DIR = tmp_path / "slots"
    return settings.SEARCH_SLOTS_DIR


def assert_refused(response, status: int, retry_after: str):
    assert response.status_code == status
    assert response["Retry-After"] == retry_after
    assert "no-store" in response["Cache-Control"]  # neither the app's page cache nor Varnish keeps it
    assert "public" not in response["Cache-Control"]


class TestOneSpellingPerSearch:
    @pytest.mark.parametrize(
        ("query_string", "canonical"),
        [
            ("q=Walrus%20%20Colony", "/search/?q=walrus+colony"),
            ("q=+walrus+&sort=relevance&section=&page=1", "/search/?q=walrus"),
            ("q=walrus&utm_source=x&nocache=123", "/search/?q=walrus"),
            ("sort=newest&q=walrus", "/search/?q=walrus&sort=newest"),
            ("q=WALRUS&page=2&sort=newest", "/search/?q=walrus&sort=newest&page=2"),
            ("q=walrus&sort=-id%3B+DROP", "/search/?q=walrus"),
            ("q=", "/search/"),
        ],
    )
    def test_equivalent_searches_are_sent_to_one_cacheable_address(self, client, walrus, query_string, canonical):
        response = client.get(f"/search/?{query_string}")
        assert response.status_code == 301
        assert response["Location"] == canonical
        assert "public" in response["Cache-Control"]

    def test_the_canonical_address_answers_at_once(self, client, walrus):
        response = client.get("/search/?q=walrus+colony")
        assert response.status_code == 200
        assert "Walrus colony returns to the bay" in response.content.decode()

    def test_live_results_too(self, client, walrus):
        response = client.get("/search/live/?q=Walrus%20&extra=1")
        assert (response.status_code, response["Location"]) == (301, "/search/live/?q=walrus")
        assert client.get("/search/live/?q=walrus").json()["results"][0]["title"] == "Walrus colony returns to the bay"

    def test_links_on_the_page_use_the_canonical_address(self, client, make_article, science):
        for number in range(12):
            make_article(title=f"Walrus {number}")
        html = client.get(f"/search/?q=walrus&section={science.pk}&sort=newest&page=2").content.decode()
        assert f'href="?q=walrus&amp;section={science.pk}&amp;sort=newest" rel="prev"' in html


class TestPerClientLimit:
    def test_a_reader_past_the_limit_gets_429_with_a_message_and_others_still_search(
        self, client, settings, rate_limit, walrus
    ):
        settings.TRUSTED_PROXY_COUNT = 2
        rate_limit("searches", 3)
        for word in ("walrus", "colony", "bay"):
            assert client.get(f"/search/?q={word}", **READER).status_code == 200
        refused = client.get("/search/?q=returns", **READER)
        assert_refused(refused, 429, "60")
        html = refused.content.decode()
        assert "You have searched a lot in the last minute" in html
        assert 'name="q" value="returns"' in html  # the form is there to try again
        live = client.get("/search/live/?q=returns", **READER)
        assert_refused(live, 429, "60")
        assert live.json() == {"error": html.split("<strong>")[1].split("</strong>")[0]}
        assert "Walrus colony" in client.get("/search/?q=returns", **OTHER_READER).content.decode()

    def test_pages_without_a_search_are_not_counted(self, client, settings, rate_limit, walrus):
        settings.TRUSTED_PROXY_COUNT = 2
        rate_limit("searches", 1)
        for _ in range(3):
            assert client.get("/search/", **READER).status_code == 200
            assert client.get("/search/?q=Walrus", **READER).status_code == 301
        assert client.get("/search/?q=walrus", **READER).status_code == 200


class TestConcurrencyCap:
    def test_with_every_slot_held_by_another_process_a_search_gets_503_and_then_runs(self, client, slots, walrus):
        holder = hold_slot(slots / "slot-0")
        try:
            busy = client.get("/search/?q=walrus")
            assert_refused(busy, 503, "2")
            assert "Search is very busy right now" in busy.content.decode()
            assert_refused(client.get("/search/live/?q=walrus"), 503, "2")
            assert client.get("/search/").status_code == 200  # no search, no slot needed
        finally:
            holder.kill()
            holder.wait()
        assert "Walrus colony" in client.get("/search/?q=walrus").content.decode()

    def test_a_search_gives_its_slot_back_even_when_it_fails(self, client, slots, walrus):
        with (
            mock.patch.object(selectors, "find_articles", side_effect=RuntimeError("boom")),
            pytest.raises(RuntimeError),
        ):
            client.get("/search/?q=walrus")
        assert client.get("/search/?q=walrus").status_code == 200


def hold_slot(path) -> subprocess.Popen:
    """Another process (a gunicorn worker busy searching, say) holding the slot file's lock."""
    path.parent.mkdir(parents=True, exist_ok=True)
    code = textwrap.dedent(f"""
        import fcntl, os, sys, time
        descriptor = os.open({str(path)!r}, os.O_RDWR | os.O_CREAT)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        print("held", flush=True)
        time.sleep(60)
    """)
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "held"
    return process


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's (DATABASE_URL)")
class TestStatementTimeout:
    def test_a_search_query_past_the_timeout_is_cancelled_with_503_and_the_next_search_runs(
        self, client, settings, walrus
    ):
        settings.SEARCH_STATEMENT_TIMEOUT_MS = 100
        find_articles = selectors.find_articles

        def slow_search(**kwargs):  # a search the planner got badly wrong
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_sleep(2)")
            return find_articles(**kwargs)

        with mock.patch.object(selectors, "find_articles", side_effect=slow_search):
            slow = client.get("/search/?q=walrus")
            assert_refused(slow, 503, "2")
            assert "This search took too long" in slow.content.decode()
            assert_refused(client.get("/search/live/?q=walrus"), 503, "2")
        assert "Walrus colony" in client.get("/search/?q=walrus").content.decode()

"""The counting beacon: what is counted once, what is not counted, and bad requests."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
import time_machine

from journos.engagement import selectors
from journos.engagement.models import DailyCount, DailyKey, ReaderFingerprint
from journos.news.factories import ArticlePageFactory
from tests.engagement.conftest import BROWSER_UA

pytestmark = pytest.mark.django_db
BEACON = "/engagement/beacon/"


def send(client, article_id, *, event="view", network=None, ua=BROWSER_UA, ip="203.0.113.7", **extra):
    data = {"article": article_id, "event": event}
    if network:
        data["network"] = network
    return client.post(BEACON, data, HTTP_USER_AGENT=ua, REMOTE_ADDR=ip, **extra)


def views_of(article):
    return selectors.article_totals(article_id=article.pk).views


def test_a_view_is_counted_without_cookie_or_cache(client, article):
    response = send(client, article.pk)
    assert response.status_code == 202
    assert response.json() == {"counted": True, "views": 1, "shares": 0}
    assert views_of(article) == 1
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert "no-store" in response["Cache-Control"]


def test_the_same_reader_counts_once_a_day(client, article):
    assert send(client, article.pk).json()["counted"] is True
    assert send(client, article.pk).json() == {"counted": False, "views": 1, "shares": 0}
    assert views_of(article) == 1


def test_other_readers_and_other_articles_are_counted(client, section, article):
    other_article = ArticlePageFactory(parent=section)
    send(client, article.pk)
    send(client, article.pk, ip="198.51.100.1")
    send(client, article.pk, ip="198.51.100.2")
    send(client, other_article.pk)
    assert views_of(article) == 3
    assert views_of(other_article) == 1


def rotating_user_agents(count):
    return [BROWSER_UA.replace("126.0", f"126.0.{n}") for n in range(count)]


def test_one_address_rotating_its_user_agent_counts_at_most_a_few_readers(client, settings, article):
    """An office behind one address counts as several readers, but 115 user agents are not 115 readers."""
    settings.ENGAGEMENT_READERS_PER_ADDRESS = 4
    answers = [send(client, article.pk, ua=ua).json()["counted"] for ua in rotating_user_agents(115)]
    assert views_of(article) == answers.count(True) == 4
    assert send(client, article.pk, ip="198.51.100.1").json()["counted"] is True  # another address still counts


def test_with_one_reader_per_address_the_user_agent_changes_nothing(client, settings, article):
    settings.ENGAGEMENT_READERS_PER_ADDRESS = 1
    for ua in rotating_user_agents(10):
        send(client, article.pk, ua=ua)
        send(client, article.pk, ua=ua, event="share", network="facebook")
    totals = selectors.article_totals(article_id=article.pk)
    assert (totals.views, totals.shares) == (1, 1)


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example", "HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_REFERER": "https://evil.example/page.html"},
        {"HTTP_ORIGIN": "http://testserver.evil.example"},
    ],
)
@pytest.mark.parametrize("event", [{"event": "view"}, {"event": "share", "network": "facebook"}])
def test_cross_site_views_and_shares_are_refused_and_not_counted(client, article, headers, event):
    response = send(client, article.pk, **event, **headers)
    assert response.status_code == 403
    assert response.json() == {"error": "Views and shares are counted only from this site's pages."}
    assert not DailyCount.objects.exists() and not ReaderFingerprint.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_REFERER": "http://testserver/politics/budget-vote-delayed/"},
        {"HTTP_ORIGIN": "null"},
        {},  # a privacy tool stripped both
    ],
)
def test_same_site_beacons_and_beacons_without_an_origin_are_counted(client, article, headers):
    assert send(client, article.pk, **headers).json()["counted"] is True


def test_the_same_reader_counts_again_the_next_day(client, article):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        send(client, article.pk)
        traveller.shift(timedelta(days=1))
        assert send(client, article.pk).json()["counted"] is True
    days = DailyCount.objects.filter(article=article).values_list("count", flat=True)
    assert list(days) == [1, 1]


def test_each_day_has_a_new_key_and_old_hashes_are_forgotten(client, article):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        send(client, article.pk)
        first_key = DailyKey.objects.get()
        traveller.shift(timedelta(days=1))
        send(client, article.pk)
    key = DailyKey.objects.get()  # yesterday's key is gone: its hashes can no longer be linked to anyone
    assert key.day == first_key.day + timedelta(days=1)
    assert key.secret != first_key.secret
    assert list(ReaderFingerprint.objects.values_list("day", flat=True)) == [key.day]


def test_the_periodic_task_forgets_old_hashes_even_on_a_day_without_views(client, article):
    from journos.engagement.tasks import flush_counts

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        send(client, article.pk)
        traveller.shift(timedelta(days=1))
        flush_counts.enqueue()
    assert not DailyKey.objects.exists()
    assert not ReaderFingerprint.objects.exists()
    assert views_of(article) == 1  # the counts themselves stay


def test_no_raw_address_or_user_agent_is_stored(client, article):
    send(client, article.pk, ip="192.0.2.55")
    stored = [fingerprint.digest for fingerprint in ReaderFingerprint.objects.all()]
    assert stored and all(len(digest) == 64 and "192.0.2.55" not in digest for digest in stored)
    with connection.cursor() as cursor:
        for table in ("engagement_readerfingerprint", "engagement_dailycount", "engagement_dailykey"):
            cursor.execute(f"SELECT * FROM {table}")
            assert "192.0.2.55" not in str(cursor.fetchall())


def test_the_answer_brings_totals_fresher_than_the_cached_page(client, article):
    from tests.engagement.conftest import count

    count(article, 1499, days_ago=3)
    count(article, 12, kind="linkedin")
    assert send(client, article.pk).json() == {"counted": True, "views": 1500, "shares": 12}


def test_a_share_is_counted_per_network(client, article):
    assert send(client, article.pk, event="share", network="facebook").status_code == 202
    send(client, article.pk, event="share", network="facebook")  # same reader, same network: once
    send(client, article.pk, event="share", network="whatsapp")
    totals = selectors.article_totals(article_id=article.pk)
    assert (totals.views, totals.shares) == (0, 2)
    assert totals.by_kind == {"facebook": 1, "whatsapp": 1}


@pytest.mark.parametrize(
    "user_agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "facebookexternalhit/1.1",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0 Safari/537.36",
        "curl/8.5.0",
        "python-requests/2.32",
    ],
)
def test_bots_are_not_counted(client, article, user_agent):
    response = send(client, article.pk, ua=user_agent)
    assert response.status_code == 202
    assert response.json()["counted"] is False
    assert views_of(article) == 0


def test_too_many_beacons_from_one_address_get_429(client, rate_limit, section):
    rate_limit("engagement-beacons", 3)
    articles = ArticlePageFactory.create_batch(4, parent=section)
    statuses = [send(client, article.pk).status_code for article in articles]
    assert statuses == [202, 202, 202, 429]
    assert send(client, articles[0].pk, ip="198.51.100.9").status_code == 202  # another reader is not limited
    assert [views_of(article) for article in articles] == [2, 1, 1, 0]


def test_rate_limit_resets_after_a_minute(client, rate_limit, section):
    rate_limit("engagement-beacons", 1)
    articles = ArticlePageFactory.create_batch(2, parent=section)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        send(client, articles[0].pk)
        limited = send(client, articles[1].pk)
        assert limited.status_code == 429
        assert limited["Retry-After"] == "60"
        traveller.shift(timedelta(seconds=61))
        assert send(client, articles[1].pk).status_code == 202


def test_the_rate_limit_holds_when_the_cache_is_down(client, cache_down, rate_limit, section):
    rate_limit("engagement-beacons", 3)
    articles = ArticlePageFactory.create_batch(5, parent=section)
    assert [send(client, article.pk).status_code for article in articles] == [202, 202, 202, 429, 429]
    assert [views_of(article) for article in articles] == [1, 1, 1, 0, 0]


def test_behind_deploys_proxies_the_forwarded_address_identifies_the_reader(client, settings, article, rate_limit):
    settings.TRUSTED_PROXY_COUNT = 2  # nginx → Varnish: "reader, nginx", from Varnish at 127.0.0.1
    rate_limit("engagement-beacons", 2)

    def via_proxies(forwarded):
        return send(client, article.pk, ip="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert via_proxies("203.0.113.1, 127.0.0.1").json()["counted"] is True
    assert via_proxies("203.0.113.2, 127.0.0.1").json()["counted"] is True
    # A forged first hop does not make a reader new, nor escape their rate limit.
    assert via_proxies("10.9.9.9, 203.0.113.2, 127.0.0.1").json()["counted"] is False
    assert via_proxies("10.9.9.8, 203.0.113.2, 127.0.0.1").status_code == 429
    assert views_of(article) == 2


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_other_methods_get_405(client, article, method):
    response = getattr(client, method)(BEACON)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "POST" in response.json()["error"]


@pytest.mark.parametrize(
    "body",
    [
        "",
        "garbage\x00\xff",
        "article=abc&event=view",
        "article=-4&event=view",
        "article=99999999999999999999&event=view",
        "article=1&event=like",
        "article=1&event=share",
        "article=1&event=share&network=myspace",
    ],
)
def test_bad_input_gets_400_and_stores_nothing(client, article, body):
    response = client.post(BEACON, body, content_type="application/x-www-form-urlencoded", HTTP_USER_AGENT=BROWSER_UA)
    assert response.status_code == 400
    assert response.json()["error"] == "Invalid beacon."
    assert not DailyCount.objects.exists()


def test_a_huge_body_gets_413(client, article):
    body = f"article={article.pk}&event=view&padding=" + "x" * 5000
    response = client.post(BEACON, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert not DailyCount.objects.exists()


def test_unknown_and_unpublished_articles_get_404(client, section, article):
    draft = ArticlePageFactory(parent=section, live=False)
    assert send(client, 987654).status_code == 404
    assert send(client, draft.pk).status_code == 404
    assert send(client, section.pk).status_code == 404  # a page, but not an article
    assert not DailyCount.objects.exists()


def test_unpublishing_stops_counting_at_once(client, article):
    assert send(client, article.pk).status_code == 202
    article.unpublish()
    assert send(client, article.pk, ip="198.51.100.3").status_code == 404


def test_counting_never_touches_the_page_row_or_makes_revisions(client, article):
    revisions = article.revisions.count()
    with CaptureQueriesContext(connection) as queries:
        send(client, article.pk)
        send(client, article.pk, event="share", network="x")
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes and not any("wagtailcore" in sql or "news_" in sql for sql in writes)
    assert article.revisions.count() == revisions


def test_rendering_the_article_records_nothing(client, article):
    assert client.get(article.url).status_code == 200
    assert not DailyCount.objects.exists()

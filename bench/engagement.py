"""Timings of the engagement queries on a large database (not part of `make test`).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/journos_bench \\
        python manage.py seed_demo --articles 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/journos_bench python bench/engagement.py

Adds (once) 30 days of generated view and share counts to the database it is
pointed at, then times related posts, Popular News, Recommended, the admin's
"most read" and the beacon, and prints a Markdown report with query counts and
PostgreSQL's plan for the related-posts ranking.
"""

import itertools
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "journos.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from wagtail.models import Site  # noqa: E402

from journos.engagement import readers, selectors, widgets  # noqa: E402
from journos.engagement.models import DailyCount, Kind  # noqa: E402
from journos.news import selectors as news_selectors  # noqa: E402

SAMPLES = 40
COUNTED_DAYS = 30


def seed_counts() -> None:
    """Views for about a third of the articles each day, shares for some; skipped if counts exist."""
    if DailyCount.objects.exists():
        return
    rng = random.Random(3)
    ids = list(news_selectors.published_articles().values_list("pk", flat=True))
    today = readers.today()
    rows = []
    for days_ago in range(COUNTED_DAYS):
        day = today - timedelta(days=days_ago)
        for article_id in rng.sample(ids, len(ids) // 3):
            rows.append(DailyCount(article_id=article_id, day=day, kind=Kind.VIEW, count=rng.randint(1, 400)))
            if rng.random() < 0.2:
                network = rng.choice(Kind.share_networks())
                rows.append(DailyCount(article_id=article_id, day=day, kind=network, count=rng.randint(1, 20)))
    DailyCount.objects.bulk_create(rows, batch_size=5000)
    print(f"Added {len(rows)} daily counts.", file=sys.stderr)


def timed(function, samples=SAMPLES) -> tuple[float, float, int]:
    """Median and worst milliseconds, and queries of the last run."""
    times = []
    for _ in range(samples):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            function()
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times), len(queries)


def main() -> None:
    seed_counts()
    site = Site.objects.get(is_default_site=True)
    published = news_selectors.published_articles().defer_streamfields()
    articles = list(published[:: max(1, published.count() // SAMPLES)])  # spread over the whole archive
    print(
        f"## Engagement timings: {news_selectors.published_articles().count()} published articles, "
        f"{DailyCount.objects.count()} daily counts, {connection.vendor}\n"
    )
    print("| what | median ms | worst ms | SQL queries |\n| --- | --- | --- | --- |")

    def row(label, function, samples=SAMPLES):
        median, worst, queries = timed(function, samples)
        print(f"| {label} | {median:.1f} | {worst:.1f} | {queries} |", flush=True)

    picks = itertools.cycle(articles)
    row(
        "related: pins + ranking (10)",
        lambda: list(selectors.related_ranking(article=next(picks))[:10]),
    )
    row("related: inline 4 + list 9 with cards", lambda: selectors.related_posts(article=next(picks).specific))
    row("related: Load more page 3", lambda: selectors.related_posts(article=next(picks).specific, page=3))
    row("Popular News (5 of 7 days, with cards)", lambda: selectors.popular_articles(days=7, limit=5))
    row("Recommended (topped up, with cards)", lambda: selectors.recommended_articles(site=site, limit=4))
    row("admin: most read today (10)", lambda: selectors.most_read(days=1, limit=10), samples=10)
    row("admin: most read this week (10)", lambda: selectors.most_read(days=7, limit=10), samples=10)

    def cold_sidebar():
        cache.clear()  # every fragment and lookup cold, as for a page nobody has opened yet
        widgets.sidebar_html(request=None)

    row("sidebar HTML, rendered (cache miss)", cold_sidebar, samples=10)
    row("sidebar HTML, cached", lambda: widgets.sidebar_html(request=None))

    client = Client()
    sample = articles[len(articles) // 2].specific
    client.get(sample.url)

    def cold_article():
        cache.clear()  # every fragment and lookup cold, as for a page nobody has opened yet
        assert client.get(sample.url).status_code == 200

    row("article page, every fragment cold", cold_article, samples=10)
    readers_seen = iter(range(10**6))

    def beacon():
        reader = next(readers_seen)
        client.post(
            "/engagement/beacon/",
            {"article": sample.pk, "event": "view"},
            HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36",
            REMOTE_ADDR=f"10.9.{reader // 256 % 256}.{reader % 256}",
        )

    row(f"beacon: one new view ({'Redis buffer' if os.environ.get('REDIS_URL') else 'database'})", beacon, 200)

    if connection.vendor == "postgresql":
        sql, params = selectors.related_ranking(article=sample)[:10].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF, COSTS OFF) " + sql, params)
            plan = "\n".join(line for (line,) in cursor.fetchall())
        print(f"\n## PostgreSQL plan of the related-posts ranking (article {sample.pk})\n\n```\n{plan}\n```")


if __name__ == "__main__":
    if sys.argv[1:] == ["--counts-only"]:  # make bench: both databases get the same kind of counts
        seed_counts()
    else:
        main()

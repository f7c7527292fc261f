"""Run inside the app (manage.py shell): find the benchmark pages, count their queries and time them.

Prints one JSON line: {page name: {"path", "status", "queries", "median_ms", "cold_queries",
"cold_median_ms"}}. The full-page cache is off here (PAGE_CACHE=off); fragment and object caches
are warm after the first view, and cold ("cold_") when the content generation has just changed,
as after an editor publishes.
"""

import json
import statistics
import time

from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, reverse

from journos.core.cache import new_content_generation
from journos.news import selectors
from journos.news.models import SectionPage

RENDERS = 60
COLD_RENDERS = 10


def benchmark_pages() -> dict:
    articles = list(selectors.published_articles().defer_streamfields().values_list("pk", flat=True))
    article = selectors.published_articles().get(pk=articles[len(articles) // 2])
    section = SectionPage.objects.live().filter(depth=3).order_by("path").first()
    word = max(article.title.split(), key=len)  # a word a reader would search for, not "The"
    return {
        "home": "/",
        "section": section.url,
        "article": article.url,
        "search": f"/search/?q={word}",
        "feed": feed_path(),
    }


def feed_path() -> str | None:
    try:
        return reverse("site-feed", args=["rss"])
    except NoReverseMatch:
        return None  # no feeds in this version


def measure(client: Client, path: str) -> dict:
    first = client.get(path)
    if first.status_code != 200:
        return {"path": path, "status": first.status_code}
    queries, median_ms = timed(client, path, RENDERS)
    cold_queries, cold_median_ms = timed(client, path, COLD_RENDERS, before=new_content_generation)
    return {
        "path": path,
        "status": 200,
        "queries": queries,
        "median_ms": median_ms,
        "cold_queries": cold_queries,
        "cold_median_ms": cold_median_ms,
    }


def timed(client: Client, path: str, renders: int, before=lambda: None) -> tuple[int, float]:
    """Queries of one render and the median milliseconds of `renders` renders, each after `before()`."""
    queries, timings = [], []
    for _ in range(renders):
        before()
        queries.clear()
        started = time.perf_counter()
        with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
            client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    return len(queries), round(statistics.median(timings), 2)


client = Client()
pages = benchmark_pages()
result = {name: measure(client, path) if path else {"path": None} for name, path in pages.items()}
result["_articles"] = selectors.published_articles().count()
print(json.dumps(result))

"""Run inside the app (manage.py shell): find the benchmark pages, count their queries and time them.

Prints one JSON line: {page name: {"path", "status", "queries", "median_ms", "cold_queries",
"cold_median_ms"}, "after_publish": {...}, "_articles": N}. The full-page cache is off here
(PAGE_CACHE=off). Warm: fragment and object caches filled by the first view. Cold ("cold_"):
the default cache emptied before each render, so every fragment and lookup is rebuilt.
After a publish: an editor publishes a headline change in one top-level section, and an
unrelated top-level section is rendered next (what a reader of that section pays for the edit).
"""

import io
import json
import statistics
import time

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, reverse

from journos.news import selectors
from journos.news.models import ArticlePage, SectionPage

RENDERS = 60
COLD_RENDERS = 10
PUBLISHES = 10  # even: the headline edits alternate, so the article ends as it started
CANDIDATE_ARTICLES = 200
COMMENTS = 1000  # on the "commented" article


def benchmark_pages() -> dict:
    articles = list(selectors.published_articles().defer_streamfields().values_list("pk", flat=True))
    article = selectors.published_articles().get(pk=articles[len(articles) // 2])
    section = top_level_sections()[0]
    word = max(article.title.split(), key=len)  # a word a reader would search for, not "The"
    return {
        "home": "/",
        "section": section.url,
        "article": article.url,
        "commented": commented_article(articles),
        "search": f"/search/?q={word}",
        "feed": feed_path(),
    }


def commented_article(articles: list[int]) -> str:
    """An article with COMMENTS public comments (seeded once: manage.py seed_comments)."""
    article = selectors.published_articles().get(pk=articles[len(articles) // 3])
    call_command("seed_comments", article.pk, count=COMMENTS, stdout=io.StringIO())
    return article.url


def top_level_sections() -> list:
    return list(SectionPage.objects.live().filter(depth=3).order_by("path"))


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
    cold_queries, cold_median_ms = timed(client, path, COLD_RENDERS, before=cache.clear)
    return {
        "path": path,
        "status": 200,
        "queries": queries,
        "median_ms": median_ms,
        "cold_queries": cold_queries,
        "cold_median_ms": cold_median_ms,
    }


def render(client: Client, path: str) -> tuple[int, float]:
    """Queries and milliseconds of one render."""
    queries = []
    started = time.perf_counter()
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        client.get(path)
    return len(queries), (time.perf_counter() - started) * 1000


def timed(client: Client, path: str, renders: int, before=lambda: None) -> tuple[int, float]:
    """Queries of the last render and the median milliseconds of `renders` renders, each after `before()`."""
    timings = []
    for _ in range(renders):
        before()
        queries, ms = render(client, path)
        timings.append(ms)
    return queries, round(statistics.median(timings), 2)


def unrelated_pair(client: Client):
    """(reader's section B, an article filed in another top-level section A that B's page does not show).

    Two top-level sections are siblings, so neither is an ancestor of the other; the article names
    no section under B as an extra category, and B's page (as rendered now) does not link it.
    """
    sections = top_level_sections()
    if len(sections) < 2:
        return None
    reader_section = sections[0]
    page = client.get(reader_section.url).content.decode()
    for publishing_section in reversed(sections[1:]):
        candidates = (
            selectors.published_articles()
            .descendant_of(publishing_section)
            .exclude(extra_categories__path__startswith=reader_section.path)
            .defer_streamfields()[:CANDIDATE_ARTICLES]
        )
        for article in candidates:
            if article.url not in page:
                return reader_section, publishing_section, article.pk
    return None


def publish_headline(article_pk: int, headline: str) -> None:
    """What the editor's Publish button does with a changed headline."""
    article = ArticlePage.objects.get(pk=article_pk)
    article.title = headline
    article.save_revision(log_action=True).publish()


def after_publish(client: Client) -> dict:
    """Section B warm, then B's next render after each publish of a headline edit in section A."""
    pair = unrelated_pair(client)
    if pair is None:
        return {"status": "no two unrelated top-level sections"}
    reader_section, publishing_section, article_pk = pair
    path = reader_section.url
    warm_queries, warm_median_ms = timed(client, path, RENDERS)
    original = ArticlePage.objects.get(pk=article_pk).title
    headlines = [f"{original} (updated)", original] * (PUBLISHES // 2)
    queries, timings = [], []
    try:
        for headline in headlines:
            publish_headline(article_pk, headline)
            count, ms = render(client, path)
            queries.append(count)
            timings.append(ms)
    finally:
        if ArticlePage.objects.get(pk=article_pk).title != original:
            publish_headline(article_pk, original)
    return {
        "status": 200,
        "path": path,
        "published_in": publishing_section.url,
        "article": ArticlePage.objects.get(pk=article_pk).url,
        "publishes": len(headlines),
        "warm_queries": warm_queries,
        "warm_median_ms": warm_median_ms,
        "queries": max(queries),
        "median_ms": round(statistics.median(timings), 2),
    }


client = Client()
pages = benchmark_pages()
result = {name: measure(client, path) if path else {"path": None} for name, path in pages.items()}
result["after_publish"] = after_publish(client)
result["_articles"] = selectors.published_articles().count()
print(json.dumps(result))

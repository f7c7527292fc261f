"""Time typical searches against this database: p50 and p99 for each kind of query.

Requests go through Django's test client (views, queries and templates; no
web server), with words taken from the published articles' own titles, so
the figures hold for whatever content is loaded (e.g. `seed_demo --articles 10000`).

    manage.py bench_search [--repeat 50] [--json bench-results/search.json]
"""

import json
import random
import statistics
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client, override_settings

from journos.news import selectors as news_selectors
from journos.search import relevance
from journos.search.selectors import find_articles, search_terms, sections_for_filter

NO_SUCH_WORD = "qzxwvjk"
WARM_UP = 10  # requests of each kind before timing: on a new database one request made too few renditions


class Command(BaseCommand):
    help = "Time typical searches (results page and live dropdown) and print p50/p99 in milliseconds."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=50, help="Requests per kind of query (default 50).")
        parser.add_argument("--json", dest="json_path", help="Also write the figures to this file.")
        parser.add_argument("--seed", type=int, default=1, help="Seed for picking words (default 1).")

    def handle(self, *args, repeat: int, json_path: str | None, seed: int, **options):
        if repeat < 1:
            raise CommandError("--repeat takes a number of requests, 1 or more.")
        rng = random.Random(seed)
        words, common, headlines = title_words(rng)
        if not words:
            raise CommandError("No published articles to search: load some first (manage.py seed_demo).")
        article_count = news_selectors.published_articles().count()
        self.stdout.write(f"{article_count} published articles; {repeat} requests per kind of query.")
        rows = []
        # One client sending hundreds of searches a minute: the per-address limit would refuse it.
        unlimited = {**settings.RATE_LIMITS, "searches": (10**9, 60)}
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"], RATE_LIMITS=unlimited):
            client = Client()
            for name, path, make_params in scenarios(words, common, rng, headlines):
                rows.append(self.measure(client, name, path, make_params, repeat))
        outcomes = relevance.evaluate()
        passed = sum(outcome.passed for outcome in outcomes)
        self.stdout.write(f"Relevance (journos/search/relevance.py): {passed} of {len(outcomes)} as expected.")
        for outcome in outcomes:
            if not outcome.passed:
                self.stdout.write(f"  “{outcome.case.query}”: expected {outcome.case.expects}, got {outcome.top}")
        if json_path:
            write_json(Path(json_path), article_count, repeat, rows, f"{passed}/{len(outcomes)}")
            self.stdout.write(f"Written to {json_path}")

    def measure(self, client, name, path, make_params, repeat) -> dict:
        for _ in range(WARM_UP):  # untimed: image renditions made on first view, cached fragments
            client.get(path, make_params(), secure=True)
        timings = []
        for _ in range(repeat):
            params = make_params()
            started = time.perf_counter()
            response = client.get(path, params, secure=True)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{path} {params} answered {response.status_code}")
        row = {"query": name, "p50_ms": percentile(timings, 50), "p99_ms": percentile(timings, 99)}
        self.stdout.write(f"  {name:<36} p50 {row['p50_ms']:7.1f} ms   p99 {row['p99_ms']:7.1f} ms")
        return row


def title_words(rng, sample: int = 300) -> tuple[list[str], str, list[str]]:
    """Words of four letters or more from a sample of titles, the commonest of them, and the titles."""
    titles = list(news_selectors.published_articles().values_list("title", flat=True)[:sample])
    words = [word.lower() for title in titles for word in search_terms(title) if len(word) >= 4]
    common = Counter(words).most_common(1)[0][0] if words else ""
    rng.shuffle(words)
    return words, common, titles


def scenarios(words: list[str], common: str, rng, headlines: list[str]) -> list[tuple]:
    sections = [section.pk for section in sections_for_filter()] or [""]
    common_matches = find_articles(terms=[common]).results.count()

    def word():
        return rng.choice(words)

    def phrase():
        """Three words in a row from a headline, as a reader pastes one (the search has no quote syntax)."""
        terms = search_terms(rng.choice(headlines))
        start = rng.randrange(max(1, len(terms) - 2))
        return " ".join(terms[start : start + 3]).lower()

    paging = [("commonest word, page 3", "/search/", lambda: {"q": common, "page": 3})] if common_matches > 20 else []
    return paging + [
        ("one word", "/search/", lambda: {"q": word()}),
        ("two words", "/search/", lambda: {"q": f"{word()} {word()}"}),
        ("three words of a headline", "/search/", lambda: {"q": phrase()}),
        (f"commonest title word ({common})", "/search/", lambda: {"q": common}),
        ("word being typed (first 4 letters)", "/search/", lambda: {"q": word()[:4]}),
        ("no match", "/search/", lambda: {"q": NO_SUCH_WORD}),
        ("one word, one section", "/search/", lambda: {"q": word(), "section": rng.choice(sections)}),
        ("one word, newest first", "/search/", lambda: {"q": word(), "sort": "newest"}),
        ("live: one word", "/search/live/", lambda: {"q": word()}),
        ("live: word being typed", "/search/live/", lambda: {"q": word()[:3]}),
    ]


def percentile(timings: list[float], pct: int) -> float:
    if len(timings) == 1:
        return timings[0]
    return statistics.quantiles(timings, n=100, method="inclusive")[pct - 1]


def write_json(path: Path, article_count: int, repeat: int, rows: list[dict], relevance_passed: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"articles": article_count, "repeat": repeat, "database": settings.DATABASES["default"]["ENGINE"]}
    path.write_text(json.dumps({**data, "results": rows, "relevance": relevance_passed}, indent=2) + "\n")

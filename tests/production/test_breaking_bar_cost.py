"""What the breaking-news bar costs through Varnish: purging every page vs loading it from one endpoint.

Measured on the production stack (gunicorn, Redis, Varnish) with a site whose pages are all cached:

- "purge, warm fragments": the bar alone changes (Mark as breaking, expiry): the "breaking" tag is banned,
  every page is rendered once more at the origin, but from warm fragments (SiteSettings.changed_tags).
- "purge, cold fragments": what every change to Site settings did before (and still does when another
  setting changes with it): everything stamped, every page rendered from scratch.
- the endpoint alternative: one small cached response per change, but one more request per page view;
  its two parts are measured here: a small response from Varnish (the extra request every reader makes)
  and a small origin render (once per change).

Figures are printed (run with -s) and recorded in docs/caching.md; the assertions are about counts
(renders at the origin), never about time.
"""

import os
import statistics
import time

import pytest

from journos.news.factories import ArticlePageFactory, AuthorPageFactory, SectionPageFactory
from tests.production.test_stack import wait_for_text, warm_through_varnish
from tests.utils import make_authors_index, make_site

pytestmark = [pytest.mark.redis, pytest.mark.varnish]

ARTICLES = int(os.environ.get("BREAKING_BENCH_ARTICLES", "40"))

CHANGE = """
from wagtail.models import Site
from journos.core.models import SiteSettings
setting = SiteSettings.for_site(Site.objects.get(is_default_site=True))
setting.breaking_active = True
setting.breaking_headline = "{headline}"
{extra}
setting.save()
"""


@pytest.fixture
def site_paths(transactional_db):
    home = make_site()
    authors = make_authors_index(home)
    writers = [AuthorPageFactory(parent=authors) for _ in range(4)]
    sections = [SectionPageFactory(parent=home) for _ in range(5)]
    articles = [
        ArticlePageFactory(parent=sections[number % 5], authors=[writers[number % 4]], tags=[f"tag{number % 6}"])
        for number in range(ARTICLES)
    ]
    return ["/", *(page.url for page in (*sections, *writers, *articles))]


def fetch_all(stack, paths) -> tuple[int, list[float]]:
    """Each page once through Varnish: how many the origin rendered, and the time of each (seconds)."""
    misses, times = 0, []
    for path in paths:
        started = time.perf_counter()
        response = stack.get(path)
        times.append(time.perf_counter() - started)
        assert response.status == 200, path
        misses += response.headers.get("X-Cache") != "HIT"
    return misses, times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def test_what_a_bar_change_costs_the_origin(site_paths, start_stack):
    stack = start_stack(worker=False)
    paths = site_paths
    warm_through_varnish(stack, paths)
    _, hits = fetch_all(stack, paths)

    # The bar alone: every page banned and rendered once more, from warm fragments.
    stack.django(CHANGE.format(headline="Polls close early", extra=""))
    visible_after = wait_for_text(stack, "/", "Polls close early", seconds=2)
    warm_renders, warm_times = fetch_all(stack, paths[1:])
    warm_renders += 1  # the home page, rendered while waiting for the bar
    assert warm_renders == len(paths)
    assert fetch_all(stack, paths)[0] == 0  # all cached again

    # The bar with another setting (what every bar change cost before): every fragment made again too.
    stack.django(CHANGE.format(headline="Count resumes", extra="setting.tagline = 'News, checked.'"))
    assert wait_for_text(stack, "/", "Count resumes", seconds=2) is not None
    cold_renders, cold_times = fetch_all(stack, paths[1:])
    assert cold_renders + 1 == len(paths)

    # The endpoint's two parts: a small response from Varnish (each page view), a small origin render (each change).
    stack.get("/robots.txt")
    small_hits = [fetch_all(stack, ["/robots.txt"])[1][0] for _ in range(50)]
    small_renders = []
    for _ in range(20):
        started = time.perf_counter()
        stack.get("/healthz", via="app")
        small_renders.append(time.perf_counter() - started)

    median = statistics.median
    print(  # noqa: T201  (the figures for docs/caching.md, with -s)
        f"\n| {len(paths)} cached pages | per page, median ms | for every page, ms |"
        f"\n|---|---|---|"
        f"\n| served by Varnish (HIT) | {ms(median(hits))} | {ms(sum(hits))} |"
        f"\n| after the bar changes: rendered from warm fragments | {ms(median(warm_times))} | {ms(sum(warm_times))} |"
        f"\n| after any other setting changes: rendered cold | {ms(median(cold_times))} | {ms(sum(cold_times))} |"
        f"\n| endpoint: small response from Varnish, per page view | {ms(median(small_hits))} | |"
        f"\n| endpoint: small origin render, per change | {ms(median(small_renders))} | |"
        f"\nbar visible on the home page through Varnish {ms(visible_after)} ms after the change was saved"
    )

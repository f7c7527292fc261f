"""The engagement parts of public pages: counters, share links, query budgets, cacheable HTML."""

from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from journos.engagement import widgets
from journos.engagement.templatetags.engagement_tags import ago, compact_count
from journos.news.factories import ArticlePageFactory, SectionPageFactory, paragraphs
from tests.engagement.conftest import count, make_article

WITH_INLINE_BLOCK = [*paragraphs("Opening paragraph."), ("related_posts", None)]


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        (0, "0"),
        (999, "999"),
        (1000, "1K"),
        (1250, "1.2K"),
        (999_999, "999.9K"),
        (3_400_000, "3.4M"),
        (2 * 10**9, "2B"),
    ],
)
def test_compact_counts(number, shown):
    assert compact_count(number) == shown


def test_relative_dates():
    now = timezone.now()
    assert ago(now - timedelta(seconds=10)) == "just now"
    assert ago(now - timedelta(hours=5)) == "5\xa0hours ago"
    assert ago(now - timedelta(days=230)) == "7\xa0months ago"


@pytest.mark.django_db
def test_the_article_shows_its_totals(client, section):
    article = make_article(section)
    count(article, 1234)
    count(article, 30, days_ago=40)
    count(article, 37, kind="facebook")
    html = client.get(article.url).content.decode()
    assert '<span class="counters__number" data-count="views">1.2K</span> <span data-unit>views</span>' in html
    assert '<span class="counters__number" data-count="shares">37</span> <span data-unit>shares</span>' in html


@pytest.mark.django_db
def test_the_article_has_plain_share_links_and_a_deferred_beacon_script(client, section):
    article = make_article(section, title="Rates & rents")
    html = client.get(article.url).content.decode()
    encoded = "http%3A%2F%2Ftestserver%2F" + section.slug + "%2F" + article.slug + "%2F"
    for link in (
        f"https://www.facebook.com/sharer/sharer.php?u={encoded}",
        f"https://x.com/intent/tweet?url={encoded}&amp;text=Rates%20%26%20rents",
        f"https://www.linkedin.com/sharing/share-offsite/?url={encoded}",
        f"https://wa.me/?text=Rates%20%26%20rents%20{encoded}",
        f"mailto:?subject=Rates%20%26%20rents&amp;body={encoded}",
    ):
        assert f'href="{link}"' in html
    assert 'data-share="copy"' in html
    assert '<script src="/static/js/engagement.js" defer></script>' in html
    assert "<script>" not in html and "facebook.net" not in html and "platform.twitter" not in html


@pytest.mark.django_db
def test_article_html_stays_the_same_for_everyone_and_cacheable(client, section):
    article = make_article(section)
    first = client.get(article.url)
    second = client.get(article.url, REMOTE_ADDR="198.51.100.20", HTTP_USER_AGENT="Another browser")
    assert first.content == second.content
    assert "public" in first["Cache-Control"]
    assert not first.cookies and "csrfmiddlewaretoken" not in first.content.decode()


def render_queries(client, url):
    """Queries of a page rendered from scratch (no cached fragment), once its renditions exist."""
    cache.clear()
    client.get(url)
    cache.clear()  # every cached fragment cold
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_article_query_count_does_not_grow_with_related_posts_or_counts(client, home):
    quiet, busy = SectionPageFactory(parent=home), SectionPageFactory(parent=home)
    small = ArticlePageFactory(parent=quiet, body=WITH_INLINE_BLOCK, tags=["one"])
    ArticlePageFactory.create_batch(2, parent=quiet)
    big = ArticlePageFactory(parent=busy, body=WITH_INLINE_BLOCK, tags=["one", "two", "three"])
    for number, other in enumerate(ArticlePageFactory.create_batch(16, parent=busy, tags=["two"])):
        count(other, number + 1, days_ago=number % 7)
        count(other, number, kind="x")
    count(big, 500)
    assert render_queries(client, small.url) == render_queries(client, big.url)


@pytest.mark.django_db
def test_the_sidebar_costs_a_fixed_number_of_queries_and_none_once_cached(home, section):
    articles = ArticlePageFactory.create_batch(11, parent=section)
    ArticlePageFactory.create_batch(3, parent=section, first_published_at=timezone.now() - timedelta(days=30))
    request = RequestFactory().get("/", SERVER_NAME="localhost")
    count(articles[0], 3)
    count(articles[1], 2)

    def sidebar_queries():
        cache.clear()
        widgets.sidebar_html(request=request)  # makes the renditions of the images shown
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            widgets.sidebar_html(request=request)
        with CaptureQueriesContext(connection) as warm:
            widgets.sidebar_html(request=request)
        return len(cold), len(warm)

    two_popular = sidebar_queries()
    for number, article in enumerate(articles[2:], start=10):
        count(article, number)
    assert sidebar_queries() == two_popular
    # Popular News: rank (the window, the longer window, the newest), cards, renditions, authors, sections.
    # Recommended: picks, rank, top-up, and the same four.
    assert two_popular[0] <= 15  # and, with every cache cold, whether any page is private
    assert two_popular[1] == 0


@pytest.mark.django_db
def test_home_and_section_query_counts_do_not_grow_with_popular_news(client, home, section):
    articles = ArticlePageFactory.create_batch(11, parent=section)
    count(articles[0], 3)
    before = (render_queries(client, "/"), render_queries(client, section.url))
    for number, article in enumerate(articles[1:], start=10):
        count(article, number)
    assert (render_queries(client, "/"), render_queries(client, section.url)) == before

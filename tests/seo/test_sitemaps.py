"""Sitemaps (index, pages, articles with images), the Google News sitemap and robots.txt."""

from datetime import datetime, timedelta
from xml.etree import ElementTree

from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest
import time_machine

from journos.news import sitemaps
from journos.news.factories import ArticlePageFactory, SectionPageFactory

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def parse(client, url) -> ElementTree.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    return ElementTree.fromstring(response.content)


def locations(root) -> list[str]:
    return [loc.text for loc in root.findall("sm:url/sm:loc", NS)]


def aware(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    assert value.tzinfo is not None
    return value


def test_sitemap_index_points_to_absolute_parts(client, article):
    root = parse(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    parts = [entry.findtext("sm:loc", namespaces=NS) for entry in root.findall("sm:sitemap", NS)]
    assert parts == ["http://testserver/sitemap-pages.xml", "http://testserver/sitemap-articles.xml"]
    for entry in root.findall("sm:sitemap", NS):
        aware(entry.findtext("sm:lastmod", namespaces=NS))


def test_pages_part_lists_indexable_pages_but_no_articles(client, article, home, politics, ana):
    hidden = SectionPageFactory(parent=home, title="Thank you", noindex=True)
    draft = SectionPageFactory(parent=home, title="Draft", live=False)
    root = parse(client, "/sitemap-pages.xml")
    assert root.tag == f"{{{NS['sm']}}}urlset"
    found = locations(root)
    for page in (home, politics, ana):
        assert f"http://testserver{page.url}" in found
    assert "http://testserver/politics/diplomacy/treaty-talks/" not in found
    assert not any(page.slug in url for url in found for page in (hidden, draft))
    for url in root.findall("sm:url", NS):
        aware(url.findtext("sm:lastmod", namespaces=NS))


def test_articles_part_has_lastmod_and_the_featured_image(client, article, diplomacy):
    ArticlePageFactory(parent=diplomacy, title="Not for search", slug="hidden", noindex=True)
    ArticlePageFactory(parent=diplomacy, title="Draft", slug="draft", live=False)
    root = parse(client, "/sitemap-articles.xml")
    [url] = root.findall("sm:url", NS)
    assert url.findtext("sm:loc", namespaces=NS) == "http://testserver/politics/diplomacy/treaty-talks/"
    assert abs(aware(url.findtext("sm:lastmod", namespaces=NS)) - article.last_published_at) < timedelta(seconds=1)
    [image] = url.findall("image:image/image:loc", NS)
    assert image.text.startswith("http://testserver/media/images/") and "fill-1200x675" in image.text


def test_large_sitemaps_are_split_into_parts(client, diplomacy, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    for number in range(5):
        ArticlePageFactory(parent=diplomacy, slug=f"story-{number}", featured_image=None)
    parts = [loc.text for loc in parse(client, "/sitemap.xml").findall("sm:sitemap/sm:loc", NS)]
    article_parts = [part for part in parts if "articles" in part]
    assert article_parts == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-articles.xml?p=2",
        "http://testserver/sitemap-articles.xml?p=3",
    ]
    listed = [locations(parse(client, part.removeprefix("http://testserver"))) for part in article_parts]
    assert [len(urls) for urls in listed] == [2, 2, 1]
    assert sorted(url.rsplit("/", 2)[-2] for urls in listed for url in urls) == [f"story-{n}" for n in range(5)]
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404
    assert client.get("/sitemap-articles.xml?p=x").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def news_entries(client) -> dict[str, ElementTree.Element]:
    root = parse(client, "/news-sitemap.xml")
    return {url.findtext("sm:loc", namespaces=NS): url.find("news:news", NS) for url in root.findall("sm:url", NS)}


def test_news_sitemap_lists_articles_of_the_last_two_days(client, diplomacy):
    now = timezone.now()
    for slug, age in (("fresh", timedelta(hours=1)), ("yesterday", timedelta(hours=47)), ("old", timedelta(hours=49))):
        ArticlePageFactory(parent=diplomacy, slug=slug, first_published_at=now - age, featured_image=None)
    ArticlePageFactory(parent=diplomacy, slug="hidden", noindex=True, featured_image=None)
    with time_machine.travel(now, tick=False):
        entries = news_entries(client)
    assert sorted(url.rsplit("/", 2)[-2] for url in entries) == ["fresh", "yesterday"]


def test_news_sitemap_entries_carry_publication_language_date_and_title(client, article):
    news = news_entries(client)["http://testserver/politics/diplomacy/treaty-talks/"]
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Journos"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    published = aware(news.findtext("news:publication_date", namespaces=NS))
    assert abs(published - article.first_published_at) < timedelta(seconds=1)
    assert news.findtext("news:title", namespaces=NS) == "Treaty talks resume in Geneva"


def test_news_sitemap_keeps_the_newest_within_googles_limit(client, diplomacy, monkeypatch):
    assert sitemaps.NEWS_LIMIT == 1000  # Google News reads no more than this
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 3)
    now = timezone.now()
    for minutes in range(5):
        ArticlePageFactory(
            parent=diplomacy,
            slug=f"m{minutes}",
            first_published_at=now - timedelta(minutes=minutes),
            featured_image=None,
        )
    assert sorted(url.rsplit("/", 2)[-2] for url in news_entries(client)) == ["m0", "m1", "m2"]


SITEMAP_QUERIES = {"/sitemap.xml": 5, "/sitemap-pages.xml": 5, "/sitemap-articles.xml": 4, "/news-sitemap.xml": 2}


@pytest.mark.parametrize("count", [2, 6])
def test_sitemaps_cost_the_same_queries_however_many_articles(client, diplomacy, django_assert_num_queries, count):
    for _ in range(count):
        ArticlePageFactory(parent=diplomacy)
    for url, queries in SITEMAP_QUERIES.items():
        client.get(url)  # makes the image renditions once
        with django_assert_num_queries(queries):
            client.get(url)


def test_sitemaps_are_public_and_not_themselves_indexed(client, home):
    for url in ("/sitemap.xml", "/sitemap-pages.xml", "/news-sitemap.xml"):
        response = client.get(url)
        assert "public" in response["Cache-Control"]
        assert response["X-Robots-Tag"].startswith("noindex")
    assert client.post("/news-sitemap.xml").status_code == 405


def test_robots_txt_points_to_both_sitemaps_and_keeps_crawlers_out_of_private_pages(client, home, settings):
    settings.SITE_URL = "https://news.example.org"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/search/", "/account/", "/engagement/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: https://news.example.org/sitemap.xml" in lines
    assert "Sitemap: https://news.example.org/news-sitemap.xml" in lines
    assert "Disallow: /" not in lines  # the news itself stays open to crawlers


def test_private_sections_stay_out_of_sitemaps_and_feeds(client, article, politics, home):
    PageViewRestriction.objects.create(page=politics, restriction_type=PageViewRestriction.LOGIN)
    pages = locations(parse(client, "/sitemap-pages.xml"))
    assert "http://testserver/politics/" not in pages and "http://testserver/" in pages
    assert locations(parse(client, "/sitemap-articles.xml")) == []
    assert news_entries(client) == {}
    assert b"Treaty talks" not in client.get("/feeds/rss/").content
    assert client.get(f"/feeds/sections/{politics.pk}/rss/").status_code == 404

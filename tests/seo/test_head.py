"""Every page describes itself in its <head>: title, description, canonical, robots, share card, feeds."""

from django.template.loader import render_to_string
from django.test import RequestFactory

import pytest
from bs4 import BeautifulSoup

from journos.core.factories import ImageFactory
from journos.core.models import SiteSettings
from journos.news.factories import ArticlePageFactory
from tests.seo.conftest import meta_content, soup

pytestmark = pytest.mark.django_db

ARTICLE_URL = "http://testserver/politics/diplomacy/treaty-talks/"


def canonical(page) -> str | None:
    link = page.find("link", rel="canonical")
    return link["href"] if link else None


def named(page, name: str) -> str | None:
    """<meta name=...>: description, robots, twitter:*."""
    tag = page.find("meta", attrs={"name": name})
    return tag["content"] if tag else None


def robots(page) -> str | None:
    return named(page, "robots")


def og(page, prop: str) -> str | None:
    return meta_content(page, property=prop)


def site_settings(home):
    return SiteSettings.for_site(home.get_site())


def test_article_head_describes_the_story(client, article):
    page = soup(client.get(article.url))
    assert page.title.string == "Treaty talks resume in Geneva | Journos"
    assert named(page, "description") == "Negotiators return after a six-month pause."
    assert canonical(page) == ARTICLE_URL
    assert robots(page) is None
    assert og(page, "og:type") == "article"
    assert og(page, "og:title") == "Treaty talks resume in Geneva"
    assert og(page, "og:url") == ARTICLE_URL
    assert og(page, "article:section") == "Diplomacy"
    assert og(page, "article:published_time").endswith("+00:00")
    authors = [tag["content"] for tag in page.find_all("meta", property="article:author")]
    assert authors == ["http://testserver/authors/ana-ruiz/", "http://testserver/authors/ben-okafor/"]
    assert sorted(tag["content"] for tag in page.find_all("meta", property="article:tag")) == ["Geneva", "treaties"]


def test_share_card_uses_a_1200_by_630_rendition_of_the_featured_image_with_its_alt_text(client, article):
    page = soup(client.get(article.url))
    image_url = og(page, "og:image")
    assert image_url.startswith("http://testserver/media/images/") and "fill-1200x630" in image_url
    assert (og(page, "og:image:width"), og(page, "og:image:height")) == ("1200", "630")
    assert og(page, "og:image:type") == "image/jpeg"
    assert og(page, "og:image:alt") == "Delegates around a table"
    assert named(page, "twitter:card") == "summary_large_image"
    assert named(page, "twitter:image") == image_url
    assert named(page, "twitter:image:alt") == "Delegates around a table"


def test_editors_search_description_wins_over_the_standfirst(client, diplomacy):
    story = ArticlePageFactory(parent=diplomacy, standfirst="Long standfirst.", search_description="Short summary.")
    page = soup(client.get(story.url))
    assert named(page, "description") == "Short summary."
    assert og(page, "og:description") == "Short summary."
    assert named(page, "twitter:description") == "Short summary."


def test_seo_title_replaces_the_headline_in_the_title_tag(client, diplomacy):
    story = ArticlePageFactory(parent=diplomacy, title="A very long headline", seo_title="Short title")
    page = soup(client.get(story.url))
    assert page.title.string == "Short title | Journos"
    assert og(page, "og:title") == "Short title"


def test_canonical_ignores_the_query_string_and_uses_site_url(client, article, settings):
    settings.SITE_URL = "https://news.example.org"
    page = soup(client.get(f"{article.url}?utm_source=newsletter&page=3"))
    assert canonical(page) == "https://news.example.org/politics/diplomacy/treaty-talks/"
    assert robots(page) is None
    assert og(page, "og:image").startswith("https://news.example.org/media/")


def test_page_marked_noindex_asks_search_engines_to_leave_it_out(client, diplomacy):
    story = ArticlePageFactory(parent=diplomacy, noindex=True)
    assert robots(soup(client.get(story.url))) == "noindex, follow"


def test_later_pages_of_a_listing_are_noindex_with_their_own_canonical(client, politics):
    for _ in range(13):  # one more than a section page lists
        ArticlePageFactory(parent=politics, featured_image=None)
    first, second = soup(client.get(politics.url)), soup(client.get(f"{politics.url}?page=2"))
    assert canonical(first) == "http://testserver/politics/" and robots(first) is None
    assert canonical(second) == "http://testserver/politics/?page=2"
    assert robots(second) == "noindex, follow"


def test_views_can_ask_for_noindex_through_the_context(rf: RequestFactory, home):
    """The contract for the search results page: pass `noindex=True` (or override {% block robots %})."""
    html = render_to_string("base.html", {"noindex": True}, request=rf.get("/search/", {"q": "treaty"}))
    page = BeautifulSoup(html, "html.parser")
    assert robots(page) == "noindex, follow"
    assert canonical(page) is None  # a results page has no canonical address


def test_pages_without_a_picture_share_the_default_image(client, home, politics):
    page = soup(client.get(politics.url))
    assert og(page, "og:image") is None
    assert named(page, "twitter:card") == "summary"

    settings = site_settings(home)
    settings.share_image = ImageFactory(file__width=1600, file__height=900, description="The Journos newsroom")
    settings.save()
    page = soup(client.get(politics.url))
    assert "fill-1200x630" in og(page, "og:image")
    assert og(page, "og:image:alt") == "The Journos newsroom"
    assert named(page, "twitter:card") == "summary_large_image"


def test_twitter_site_comes_from_the_x_profile_in_site_settings(client, home):
    settings = site_settings(home)
    settings.x_url = "https://x.com/journosnews"
    settings.save()
    assert named(soup(client.get("/")), "twitter:site") == "@journosnews"


def test_home_page_title_and_description(client, home):
    page = soup(client.get("/"))
    assert page.title.string == "Journos"
    assert named(page, "description") == "Independent news that keeps you ahead."
    assert canonical(page) == "http://testserver/"
    assert og(page, "og:type") == "website"


def test_section_and_author_pages_fall_back_to_their_own_text(client, politics, ana):
    assert named(soup(client.get(politics.url)), "description") == politics.introduction
    author_page = soup(client.get(ana.url))
    assert named(author_page, "description") == "Ana covers treaties & summits."
    assert og(author_page, "og:type") == "profile"
    assert "fill-1200x630" in og(author_page, "og:image")


def feed_links(page) -> list[tuple[str, str]]:
    return [(link["type"], link["href"]) for link in page.find_all("link", rel="alternate")]


def test_feed_autodiscovery_on_matching_pages(client, article, politics, ana):
    site_feeds = [
        ("application/rss+xml", "http://testserver/feeds/rss/"),
        ("application/atom+xml", "http://testserver/feeds/atom/"),
    ]
    assert feed_links(soup(client.get("/"))) == site_feeds
    assert feed_links(soup(client.get(politics.url))) == [
        ("application/rss+xml", f"http://testserver/feeds/sections/{politics.pk}/rss/"),
        ("application/atom+xml", f"http://testserver/feeds/sections/{politics.pk}/atom/"),
        *site_feeds,
    ]
    assert feed_links(soup(client.get(ana.url)))[:2] == [
        ("application/rss+xml", f"http://testserver/feeds/authors/{ana.pk}/rss/"),
        ("application/atom+xml", f"http://testserver/feeds/authors/{ana.pk}/atom/"),
    ]
    assert feed_links(soup(client.get("/tags/geneva/")))[:2] == [
        ("application/rss+xml", "http://testserver/feeds/tags/geneva/rss/"),
        ("application/atom+xml", "http://testserver/feeds/tags/geneva/atom/"),
    ]


def test_cached_head_is_refreshed_when_the_article_is_republished(client, article):
    assert og(soup(client.get(article.url)), "og:title") == "Treaty talks resume in Geneva"
    article.title = "Treaty talks collapse in Geneva"
    article.save_revision().publish()
    assert og(soup(client.get(article.url)), "og:title") == "Treaty talks collapse in Geneva"


def test_not_found_page_has_no_canonical(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert canonical(BeautifulSoup(response.content, "html.parser")) is None


@pytest.mark.parametrize(
    "x_url, handle",
    [("https://x.com/journosnews", "@journosnews"), ("https://twitter.com/@journos/", "@journos"), ("", "")],
)
def test_x_handle_is_read_from_the_profile_address(x_url, handle):
    assert SiteSettings(x_url=x_url).x_handle == handle

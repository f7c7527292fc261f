"""RSS 2.0 and Atom feeds: valid for a feed reader, complete items, cached, refreshed on publish."""

from django.core.cache import cache

from wagtail.actions.move_page import MovePageAction

import feedparser
import pytest

from journos.news.factories import ArticlePageFactory, AuthorPageFactory, SectionPageFactory
from journos.news.feeds import FEED_ITEM_COUNT

pytestmark = pytest.mark.django_db

ARTICLE_URL = "http://testserver/politics/diplomacy/treaty-talks/"
FORMATS = {"rss": "rss20", "atom": "atom10"}


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, f"{url}: {feed.get('bozo_exception')}"
    return feed


def titles(feed) -> list[str]:
    return [entry.title for entry in feed.entries]


def feed_url(kind: str, fmt: str, key=None) -> str:
    return f"/feeds/{fmt}/" if kind == "site" else f"/feeds/{kind}/{key}/{fmt}/"


@pytest.mark.parametrize("fmt", FORMATS)
def test_site_feed_is_valid_and_describes_each_article(client, article, fmt):
    feed = read_feed(client, f"/feeds/{fmt}/")
    assert feed.version == FORMATS[fmt]
    assert feed.feed.title == "Journos"
    assert feed.feed.link == "http://testserver/"
    [entry] = feed.entries
    assert entry.title == "Treaty talks resume in Geneva"
    assert entry.link == ARTICLE_URL
    assert entry.id == f"tag:testserver,{article.first_published_at:%Y-%m-%d}:article:{article.pk}"
    assert entry.published_parsed[:6] == article.first_published_at.utctimetuple()[:6]
    assert entry.author == "Ana Ruiz, Ben Okafor"
    assert [tag.term for tag in entry.tags] == ["Diplomacy", "World", "treaties", "Geneva"]
    assert entry.summary == "Negotiators return after a six-month pause."
    [image] = entry.media_content
    assert image["url"].startswith("http://testserver/media/images/") and "fill-1200x675" in image["url"]
    assert (image["medium"], image["type"], image["width"]) == ("image", "image/jpeg", "1200")
    [enclosure] = entry.enclosures
    assert (enclosure.href, enclosure.type) == (image["url"], "image/jpeg")


def test_guid_is_the_same_in_both_formats_and_survives_a_slug_change(client, article):
    rss_id = read_feed(client, "/feeds/rss/").entries[0].id
    assert read_feed(client, "/feeds/atom/").entries[0].id == rss_id
    article.slug = "geneva-talks"
    article.save_revision().publish()
    entry = read_feed(client, "/feeds/rss/").entries[0]
    assert entry.link == "http://testserver/politics/diplomacy/geneva-talks/"
    assert entry.id == rss_id


def test_text_is_escaped_for_feed_readers(client, diplomacy):
    ArticlePageFactory(parent=diplomacy, title="Tom & Jerry <b>", standfirst="Cats < dogs & mice")
    for fmt in FORMATS:
        entry = read_feed(client, f"/feeds/{fmt}/").entries[0]
        assert entry.title == "Tom & Jerry <b>"
        assert entry.summary == "Cats &lt; dogs &amp; mice"  # HTML that shows the text as written


def test_section_feed_lists_its_subsections_and_extra_category_articles(client, article, politics, world, home):
    elsewhere = SectionPageFactory(parent=home, title="Sport")
    ArticlePageFactory(parent=elsewhere, title="Cup final tonight")
    for section in (politics, world):
        for fmt in FORMATS:
            feed = read_feed(client, feed_url("sections", fmt, section.pk))
            assert feed.feed.title == f"{section.title} – Journos"
            assert feed.feed.link == f"http://testserver{section.url}"
            assert titles(feed) == ["Treaty talks resume in Geneva"]
    assert titles(read_feed(client, feed_url("sections", "rss", elsewhere.pk))) == ["Cup final tonight"]


def test_author_feed_lists_only_their_articles(client, article, ben, authors_index, diplomacy):
    other = AuthorPageFactory(parent=authors_index, title="Chen Li")
    ArticlePageFactory(parent=diplomacy, title="By someone else", authors=[other])
    for fmt in FORMATS:
        feed = read_feed(client, feed_url("authors", fmt, ben.pk))
        assert feed.feed.title == "Ben Okafor – Journos"
        assert titles(feed) == ["Treaty talks resume in Geneva"]


def test_tag_feed_lists_only_tagged_articles(client, article, diplomacy):
    ArticlePageFactory(parent=diplomacy, title="Untagged story")
    for fmt in FORMATS:
        feed = read_feed(client, feed_url("tags", fmt, "geneva"))
        assert feed.feed.title == "Tagged “Geneva” – Journos"
        assert feed.feed.link == "http://testserver/tags/geneva/"
        assert titles(feed) == ["Treaty talks resume in Geneva"]


def test_drafts_and_unpublished_articles_stay_out(client, article, diplomacy):
    ArticlePageFactory(parent=diplomacy, title="Draft story", live=False)
    article.unpublish()
    assert titles(read_feed(client, "/feeds/rss/")) == []


def test_feed_lists_the_newest_articles_only(client, diplomacy):
    for number in range(FEED_ITEM_COUNT + 2):
        ArticlePageFactory(parent=diplomacy, title=f"Story {number}", featured_image=None)
    feed = read_feed(client, "/feeds/atom/")
    assert len(feed.entries) == FEED_ITEM_COUNT
    assert feed.entries[0].title == f"Story {FEED_ITEM_COUNT + 1}"


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/sections/999999/rss/",
        "/feeds/authors/999999/atom/",
        "/feeds/tags/no-such-tag/rss/",
        "/feeds/sections/not-a-number/rss/",
        "/feeds/json/",
        "/feeds/sections/{author}/rss/",  # a page that is not a section
    ],
)
def test_unknown_feeds_are_not_found(client, ana, url):
    assert client.get(url.format(author=ana.pk)).status_code == 404


def test_feed_of_an_unpublished_section_is_not_found(client, politics):
    politics.unpublish()
    assert client.get(feed_url("sections", "rss", politics.pk)).status_code == 404


def test_feeds_only_answer_get_and_head(client, home):
    assert client.post("/feeds/rss/").status_code == 405
    assert client.head("/feeds/rss/").status_code == 200


def test_feed_is_cached_publicly_and_query_strings_do_not_bypass_the_cache(client, article, django_assert_num_queries):
    response = client.get("/feeds/rss/")
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert "public" in response["Cache-Control"] and "s-maxage" in response["Cache-Control"]
    with django_assert_num_queries(0):
        assert client.get("/feeds/rss/").content == response.content
        assert client.get("/feeds/rss/?nocache=1").content == response.content


def test_publishing_refreshes_the_cached_feeds_it_appears_in(client, article, politics, ana):
    urls = ["/feeds/rss/", feed_url("sections", "atom", politics.pk), feed_url("authors", "rss", ana.pk)]
    for url in urls:
        read_feed(client, url)  # now cached
    ArticlePageFactory(parent=article.get_parent(), title="Not published through Wagtail", authors=[ana])
    assert titles(read_feed(client, "/feeds/rss/")) == ["Treaty talks resume in Geneva"]  # still the cached copy

    article.title = "Treaty talks resume"
    article.save_revision().publish()
    for url in urls:
        assert "Treaty talks resume" in titles(read_feed(client, url)), url


def test_unpublishing_moving_and_deleting_refresh_cached_feeds(client, article, politics, world, home):
    sport = SectionPageFactory(parent=home, title="Sport")
    section_feeds = {section: feed_url("sections", "rss", section.pk) for section in (politics, world, sport)}
    for url in section_feeds.values():
        read_feed(client, url)

    MovePageAction(article, sport, pos="last-child", user=None).execute(skip_permission_checks=True)
    assert titles(read_feed(client, section_feeds[politics])) == []
    assert titles(read_feed(client, section_feeds[sport])) == ["Treaty talks resume in Geneva"]

    article.refresh_from_db()
    article.unpublish()
    assert titles(read_feed(client, section_feeds[sport])) == []

    article.save_revision().publish()
    assert titles(read_feed(client, section_feeds[world])) == ["Treaty talks resume in Geneva"]
    article.delete()
    assert titles(read_feed(client, section_feeds[world])) == []


def build_newsroom(home, authors_index, count):
    """`count` articles, each with `count` authors, extra sections and tags."""
    sections = [SectionPageFactory(parent=home) for _ in range(count)]
    authors = [AuthorPageFactory(parent=authors_index) for _ in range(count)]
    for number in range(count):
        ArticlePageFactory(
            parent=sections[number],
            authors=authors,
            extra_categories=sections,
            tags=[f"tag{n}" for n in range(count)],
        )
    return sections[0], authors[0]


# With every cache cold: the site (2) and the feed itself.
FEED_QUERIES = {"site": 10, "sections": 11, "authors": 11, "tags": 10}


@pytest.mark.parametrize("count", [2, 6])
@pytest.mark.parametrize("kind", FEED_QUERIES)
def test_a_feed_costs_the_same_queries_however_many_items(
    client, home, authors_index, django_assert_num_queries, count, kind
):
    section, author = build_newsroom(home, authors_index, count)
    url = feed_url(kind, "rss", {"site": None, "sections": section.pk, "authors": author.pk, "tags": "tag0"}[kind])
    client.get(url)  # makes the image renditions once
    cache.clear()  # every fragment and feed cold, as when nothing is cached yet
    with django_assert_num_queries(FEED_QUERIES[kind]):
        entries = read_feed(client, url).entries
    assert len(entries) == count

"""Live blogs: the page, its updates JSON, update permalinks, structured data, listings and the admin."""

import json
import re
from datetime import timedelta

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from wagtail.rich_text import RichText
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from journos.core.caching.purge import content_changed
from journos.core.factories import ImageFactory
from journos.news.factories import (
    ArticlePageFactory,
    AuthorPageFactory,
    LiveBlogPageFactory,
    SectionPageFactory,
)
from journos.news.models import LiveBlogEntry, LiveBlogPage
from tests.utils import make_authors_index, make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_blog(politics, author):
    return LiveBlogPageFactory(
        parent=politics,
        title="Harbour vote: live",
        slug="harbour-vote",
        authors=[author],
        entries=[
            {"headline": "Polls open", "is_key_event": True, "key_event_summary": "Polling stations open"},
            {"headline": "Queues at the quay", "body": [("paragraph", RichText("<p>Long queues.</p>"))]},
            {"headline": "Turnout passes 40%", "is_key_event": True},
        ],
    )


def structured_data(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def updates(client, live_blog, query=""):
    return client.get(f"{live_blog.url}updates/{query}")


# The model ----------------------------------------------------------------------------------


def test_a_live_blog_is_an_article_labelled_live(live_blog, politics):
    article = ArticlePageFactory(parent=politics)
    listed = {page.pk: page.is_live_blog for page in politics.listed_articles()}
    assert listed == {live_blog.pk: True, article.pk: False}


def test_updates_come_newest_first_with_key_events_pinned(live_blog):
    assert [entry.headline for entry in live_blog.entry_list] == [
        "Turnout passes 40%",
        "Queues at the quay",
        "Polls open",
    ]
    assert [entry.key_event_text for entry in live_blog.key_events] == ["Turnout passes 40%", "Polling stations open"]


def test_an_update_gets_the_time_it_is_first_published_and_keeps_it(live_blog):
    draft = live_blog.get_latest_revision_as_object() if live_blog.latest_revision else live_blog
    draft.entries.add(LiveBlogEntry(headline="Counting begins", body=[("paragraph", RichText("<p>Now.</p>"))]))
    before = timezone.now()
    draft.save_revision().publish()
    entry = LiveBlogEntry.objects.get(headline="Counting begins")
    assert entry.posted_at >= before

    # Published again from a revision where it has no time (as the editor's form may send): the time stays.
    again = LiveBlogPage.objects.get(pk=live_blog.pk)
    for item in again.entries.all():
        if item.pk == entry.pk:
            item.posted_at = None
    again.save_revision().publish()
    assert LiveBlogEntry.objects.get(pk=entry.pk).posted_at == entry.posted_at


def test_a_key_event_needs_a_line_to_show(live_blog):
    entry = LiveBlogEntry(page=live_blog, is_key_event=True, body=[("paragraph", RichText("<p>x</p>"))])
    with pytest.raises(Exception, match="summary line"):
        entry.full_clean()


def test_coverage_ends_when_its_end_time_has_passed(live_blog):
    assert not live_blog.coverage_has_ended
    live_blog.coverage_ended_at = timezone.now() + timedelta(hours=1)
    assert not live_blog.coverage_has_ended
    live_blog.coverage_ended_at = timezone.now() - timedelta(minutes=1)
    assert live_blog.coverage_has_ended


def test_publishing_an_update_purges_the_page_and_its_updates_json(
    live_blog, client, settings, django_capture_on_commit_callbacks
):
    """Through the one invalidation model: the publish's tags name the page, which both responses carry."""
    settings.PAGE_CACHE_ENABLED = True
    page_tags = set(client.get(live_blog.url)["X-Cache-Tags"].strip(",").split(","))
    assert updates(client, live_blog)["X-Page-Cache"] == "miss"
    cached = updates(client, live_blog)
    assert cached["X-Page-Cache"] == "hit"
    json_tags = set(cached["X-Cache-Tags"].strip(",").split(","))
    sent = []

    def record(sender, tags, **kwargs):
        sent.append(set(tags))

    content_changed.connect(record)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            page = LiveBlogPage.objects.get(pk=live_blog.pk)
            page.entries.add(LiveBlogEntry(headline="Counting begins", body=[("paragraph", RichText("<p>Now.</p>"))]))
            page.save_revision().publish()
    finally:
        content_changed.disconnect(record)

    assert f"page:{live_blog.pk}" in set().union(*sent) & page_tags & json_tags
    fresh = updates(client, live_blog)
    assert fresh["X-Page-Cache"] == "miss" and fresh.json()["entries"][0]["html"].count("Counting begins") == 1
    assert "Counting begins" in client.get(live_blog.url).content.decode()


# The page -----------------------------------------------------------------------------------


def test_the_page_shows_the_article_header_key_events_and_every_update(client, live_blog, author):
    response = client.get(live_blog.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Harbour vote: live" in html and author.title in html
    assert '<span class="live-label">Live</span>' in html
    assert "Key events" in html and "Polling stations open" in html
    positions = [html.index(f'id="entry-{entry.pk}"') for entry in live_blog.entry_list]
    assert positions == sorted(positions)  # newest first
    assert html.count("data-entry-id=") == 3
    assert "Share this article" in html


def test_without_javascript_the_page_says_to_reload_and_links_to_itself(client, live_blog):
    html = client.get(live_blog.url).content.decode()
    assert f'Coverage is live. <a href="{live_blog.url}">Reload the page</a> for the latest updates.' in html
    assert "js/liveblog.js" in html
    assert f'data-updates-url="{live_blog.url}updates/"' in html
    assert 'data-poll-seconds="20"' in html


def test_the_page_is_cacheable_and_the_same_for_every_reader(client, live_blog, admin_user, settings):
    response = client.get(live_blog.url)
    assert "public" in response["Cache-Control"] and not response.cookies
    # Browsers keep it one poll interval while coverage is live, so following "Reload the page" shows news.
    assert f"max-age={settings.LIVE_BLOG_POLL_SECONDS}," in response["Cache-Control"]
    assert f"s-maxage={settings.PAGE_CACHE_S_MAXAGE}" in response["Cache-Control"]
    client.force_login(admin_user)
    assert client.get(live_blog.url).content == response.content


def test_ended_coverage_says_so_and_stops_checking(client, live_blog):
    live_blog.coverage_ended_at = timezone.now() - timedelta(minutes=5)
    live_blog.save_revision().publish()
    html = client.get(live_blog.url).content.decode()
    assert "Live coverage ended" in html and "This live coverage has ended." in html
    assert "js/liveblog.js" not in html and "data-live-new" not in html
    assert updates(client, live_blog).json()["live"] is False


def test_an_update_has_its_own_address(client, live_blog):
    entry = live_blog.entry_list[1]
    assert entry.permalink == f"{live_blog.url}entries/{entry.pk}/"
    response = client.get(entry.permalink)
    html = response.content.decode()
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    assert "One update from this live coverage" in html and "Queues at the quay" in html
    assert html.count("data-entry-id=") == 1  # only that update
    assert f'href="{live_blog.url}#entry-{entry.pk}">See all updates' in html
    assert f'<link rel="canonical" href="http://testserver{live_blog.url}">' in html  # the live page is indexed
    assert f'id="entry-{entry.pk}"' in client.get(live_blog.url).content.decode()  # the anchor on the page


@pytest.mark.parametrize("path", ["entries/999999/", "entries/abc/", "entries/", "nothing/"])
def test_unknown_update_addresses_are_404(client, live_blog, path):
    assert client.get(f"{live_blog.url}{path}").status_code == 404


@pytest.mark.parametrize("count", [1, 10])
def test_the_page_costs_the_same_queries_however_many_updates_and_pictures(
    client, politics, author, django_assert_num_queries, count
):
    entries = [
        {
            "body": [
                ("paragraph", RichText("<p>Text.</p>")),
                ("image", {"image": ImageFactory(), "caption": "", "credit": ""}),
                ("pull_quote", {"quote": "We will count all night.", "attribution": "Returning officer"}),
            ],
            "is_key_event": number % 2 == 0,
        }
        for number in range(count)
    ]
    live_blog = LiveBlogPageFactory(parent=politics, authors=[author], entries=entries)
    client.get(live_blog.url)  # creates renditions and settings rows once
    cache.clear()
    with django_assert_num_queries(LIVE_BLOG_QUERIES):
        response = client.get(live_blog.url)
    assert response.content.decode().count("data-entry-id=") == count


# Cold: the article page's budget (tests/news/test_query_budgets.py) without related posts and
# previous/next (not shown), with one query for the updates and one for all their pictures.
# + an article's corrections log, its comments (count, first page) and the sidebar's never-empty Popular News and
# Recommended (tests/news/test_query_budgets.py).
LIVE_BLOG_QUERIES = 25 + 1 + 2 + 6


# The updates JSON ---------------------------------------------------------------------------


def test_the_updates_json_carries_the_newest_updates_rendered(client, live_blog):
    response = updates(client, live_blog)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    assert data["live"] is True and data["poll_seconds"] == 20 and data["total"] == 3
    newest = live_blog.entry_list[0]
    assert [entry["id"] for entry in data["entries"]] == [entry.pk for entry in live_blog.entry_list]
    assert (
        f'id="entry-{newest.pk}"' in data["entries"][0]["html"] and "Turnout passes 40%" in data["entries"][0]["html"]
    )


def test_the_updates_json_is_the_same_for_everyone_and_browsers_keep_it_one_poll_interval(client, live_blog, settings):
    settings.LIVE_BLOG_POLL_SECONDS = 15
    response = updates(client, live_blog)
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    # Shared caches keep it like a page: a publish purges it (test_publishing_an_update_purges_...).
    assert {"public", "max-age=15", f"s-maxage={settings.PAGE_CACHE_S_MAXAGE}"} <= cache_control
    assert not response.cookies and "Cookie" not in response.get("Vary", "")
    assert response.json()["poll_seconds"] == 15


def test_the_updates_json_holds_at_most_twenty_updates(client, politics, author):
    live_blog = LiveBlogPageFactory(parent=politics, authors=[author], entries=25)
    data = updates(client, live_blog).json()
    assert len(data["entries"]) == 20 and data["total"] == 25


@pytest.mark.parametrize("query", ["?since=abc", "?since=1", "?page=2", "?x"])
def test_the_updates_json_takes_no_parameters(client, live_blog, query):
    response = updates(client, live_blog, query)
    assert response.status_code == 400
    assert response.json() == {"error": "This address takes no parameters."}


def test_the_updates_json_is_read_only(client, live_blog):
    assert client.post(f"{live_blog.url}updates/").status_code == 405


# Structured data ----------------------------------------------------------------------------


def test_json_ld_is_a_live_blog_posting_with_its_coverage_and_updates(client, live_blog):
    live_blog.coverage_ended_at = timezone.now()
    live_blog.save_revision().publish()
    live_blog.refresh_from_db()
    html = client.get(live_blog.url).content.decode()
    posting = next(item for item in structured_data(html) if item["@type"] == "LiveBlogPosting")
    assert posting["headline"] == "Harbour vote: live"
    assert posting["coverageStartTime"].startswith(live_blog.first_published_at.strftime("%Y-%m-%dT%H:%M"))
    assert posting["coverageEndTime"].startswith(live_blog.coverage_ended_at.strftime("%Y-%m-%dT%H:%M"))
    assert [update["headline"] for update in posting["liveBlogUpdate"]] == [
        "Turnout passes 40%",
        "Queues at the quay",
        "Polls open",
    ]
    queues = posting["liveBlogUpdate"][1]
    assert queues["@type"] == "BlogPosting" and queues["articleBody"] == "Long queues."
    assert queues["url"].endswith(f"{live_blog.url}entries/{live_blog.entry_list[1].pk}/")
    assert "datePublished" in queues


def test_ongoing_coverage_has_no_end_time(client, live_blog):
    html = client.get(live_blog.url).content.decode()
    posting = next(item for item in structured_data(html) if item["@type"] == "LiveBlogPosting")
    assert "coverageEndTime" not in posting and "coverageStartTime" in posting


# Where it shows up --------------------------------------------------------------------------


def test_section_home_feed_and_sitemap_list_it(client, live_blog, politics):
    section = client.get(politics.url).content.decode()
    assert re.search(r'<span class="live-label card__label">Live</span>\s*<a class="card__section"', section) or (
        '<span class="live-label card__label">Live</span>' in section
    )
    assert "Harbour vote: live" in client.get("/").content.decode()
    assert "Harbour vote: live" in client.get("/feeds/rss/").content.decode()
    sitemap = client.get("/sitemap-articles.xml")
    assert sitemap.status_code == 200 and f"{live_blog.url}</loc>" in sitemap.content.decode()
    assert "Harbour vote: live" in client.get("/news-sitemap.xml").content.decode()


# Editing in the admin -----------------------------------------------------------------------


class LiveBlogEditingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site()
        cls.section = SectionPageFactory(parent=cls.home, title="Harbour", slug="harbour")
        cls.author = AuthorPageFactory(parent=make_authors_index(cls.home), title="Rui Costa")

    def setUp(self):
        self.client.force_login(self.create_superuser("editor"))

    def form_data(self, entries, initial=0):
        return nested_form_data(
            {
                "title": "Storm over the bay: live",
                "slug": "storm-live",
                "standfirst": "The storm reaches the coast tonight.",
                "body": streamfield([("paragraph", rich_text("<p>What we know so far.</p>"))]),
                "article_authors": inline_formset([{"author": self.author.pk}]),
                "related_pins": inline_formset([]),
                "tags": "",
                "entries": inline_formset(entries, initial=initial),
            }
        )

    @staticmethod
    def entry(headline, **extra):
        return {
            "posted_at": "",
            "headline": headline,
            "body": streamfield([("paragraph", rich_text(f"<p>{headline}.</p>"))]),
            "is_key_event": "",
            "key_event_summary": "",
            **extra,
        }

    def publish(self, page, entries):
        initial = sum(1 for entry in entries if "id" in entry)  # existing updates come first
        data = self.form_data(entries, initial=initial) | {"action-publish": "action-publish"}
        return self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    def test_editor_creates_a_live_blog_then_adds_edits_and_deletes_updates(self):
        self.assertCanCreate(self.section, LiveBlogPage, self.form_data([self.entry("Winds pick up")]))
        page = LiveBlogPage.objects.get(slug="storm-live")
        first = page.entries.get()
        self.assertIsNotNone(first.posted_at)

        # Add an update and fix the first one's headline.
        response = self.publish(page, [self.entry("Winds pick up fast", id=first.pk), self.entry("Ferries stop")])
        self.assertEqual(
            response.status_code, 302, response.content.decode()[:3000] if response.status_code != 302 else ""
        )
        kept = LiveBlogEntry.objects.get(pk=first.pk)
        self.assertEqual((kept.headline, kept.posted_at), ("Winds pick up fast", first.posted_at))
        second = LiveBlogEntry.objects.get(headline="Ferries stop")
        self.assertGreaterEqual(second.posted_at, first.posted_at)
        html = self.client.get(page.url).content.decode()
        self.assertIn("Winds pick up fast", html)
        self.assertIn("Ferries stop", html)
        self.assertEqual(list(LiveBlogPage.objects.live().search("ferries")), [page])  # re-indexed on publish

        # Delete the first one.
        self.publish(
            page, [self.entry("Winds pick up fast", id=first.pk, DELETE="1"), self.entry("Ferries stop", id=second.pk)]
        )
        self.assertEqual(list(page.entries.values_list("headline", flat=True)), ["Ferries stop"])
        self.assertNotIn("Winds pick up", self.client.get(page.url).content.decode())

    def test_a_key_event_without_a_line_is_refused_with_a_message(self):
        page = LiveBlogPageFactory(parent=self.section, authors=[self.author], slug="storm-live")
        response = self.publish(page, [self.entry("", is_key_event="on")])
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "A key event needs a summary line (or a headline).")
        self.assertFalse(page.entries.exists())

    def test_live_blog_is_routable_renderable_and_previewable(self):
        page = LiveBlogPageFactory(parent=self.section, authors=[self.author], entries=2)
        self.assertPageIsRoutable(page)
        self.assertPageIsRenderable(page)
        self.assertPageIsPreviewable(page, post_data=self.form_data([self.entry("Winds pick up")]))


def test_search_finds_a_live_blog_by_the_words_of_its_updates(client, politics, author):
    LiveBlogPageFactory(
        parent=politics,
        title="Harbour vote: live",
        authors=[author],
        entries=[
            {"headline": "Ballots arrive", "body": [("paragraph", RichText("<p>The lighthouse keeper voted.</p>"))]}
        ],
    )
    ArticlePageFactory(parent=politics, title="Unrelated story")
    response = client.get("/search/?q=lighthouse")
    assert response.context["result_count"] == 1
    assert "Harbour vote: live" in response.content.decode()


def test_a_live_blog_has_an_articles_corrections_and_comments(client, live_blog):
    from journos.news.factories import ArticleCorrectionFactory

    ArticleCorrectionFactory(page=live_blog, text="An earlier update misnamed the harbour master.")
    html = client.get(live_blog.url).content.decode()
    assert "This article was corrected on" in html
    assert "An earlier update misnamed the harbour master." in html
    assert 'class="story__comment-count"' in html and 'id="comments"' in html

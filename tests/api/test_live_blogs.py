"""Live blogs in the API: listed as articles and on their own endpoint with coverage times and updates.

Skipped until the live blog page type (journos.news.live_blogs, branch `live`) is merged.
"""

from django.apps import apps

import pytest

pytestmark = pytest.mark.django_db

try:
    apps.get_model("news", "LiveBlogPage")
except LookupError:
    pytest.skip("the live blog page type is not installed yet", allow_module_level=True)

from journos.news.factories import LiveBlogEntryFactory, LiveBlogPageFactory  # noqa: E402


@pytest.fixture
def live_blog(politics, author):
    live = LiveBlogPageFactory(parent=politics, title="Live: election night", authors=[author])
    LiveBlogEntryFactory(page=live, headline="Polls open", is_key_event=True, key_event_summary="Polls opened")
    LiveBlogEntryFactory(page=live, headline="Turnout is high")
    return live


def test_a_live_blog_is_listed_with_the_articles_and_on_its_own(client, live_blog, article):
    articles = {item["title"]: item for item in client.get("/api/v2/articles/").json()["items"]}
    assert articles["Live: election night"]["meta"]["type"] == "news.LiveBlogPage"
    assert "Harbour reopens" in articles

    listed = client.get("/api/v2/liveblogs/").json()["items"]
    assert [item["title"] for item in listed] == ["Live: election night"]
    assert listed[0]["coverage_start"] and listed[0]["coverage_ended_at"] is None
    assert listed[0]["meta"]["detail_url"].endswith(f"/api/v2/liveblogs/{live_blog.pk}/")
    assert "updates" not in listed[0]


def test_its_detail_has_the_updates_newest_first(client, live_blog):
    updates = client.get(f"/api/v2/liveblogs/{live_blog.pk}/").json()["updates"]
    assert [update["headline"] for update in updates] == ["Turnout is high", "Polls open"]
    assert [update["is_key_event"] for update in updates] == [False, True]
    assert updates[1]["key_event_summary"] == "Polls opened"
    assert updates[0]["body_text"] == "What happened just now."
    assert updates[0]["html_url"].startswith("http://testserver/politics/live-election-night/")


def test_an_update_saved_as_a_draft_is_not_shown(client, live_blog):
    page = type(live_blog).objects.get(pk=live_blog.pk)
    page.entries.add(type(page.entries.first())(headline="Secret draft update", body=[]))
    page.save_revision()
    assert "Secret draft update" not in client.get(f"/api/v2/liveblogs/{live_blog.pk}/").content.decode()
    page.unpublish()
    assert client.get(f"/api/v2/liveblogs/{live_blog.pk}/").status_code == 404
    assert client.get("/api/v2/liveblogs/").json()["items"] == []

"""Corrections and updates: the log on each article, the note under its headline, the corrections page and feed."""

from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import feedparser
import pytest
from bs4 import BeautifulSoup

from journos.accounts.models import User
from journos.news.factories import ArticleCorrectionFactory, ArticlePageFactory, AuthorPageFactory
from journos.news.views import CORRECTIONS_PER_PAGE
from tests.seo.conftest import json_ld

pytestmark = pytest.mark.django_db


def page(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def text(element) -> str:
    return " ".join(element.get_text().split())


@pytest.fixture
def author(authors_index):
    return AuthorPageFactory(parent=authors_index, title="Ines Moreau")


@pytest.fixture
def article(politics, author):
    return ArticlePageFactory(parent=politics, title="Vote date set", slug="vote-date-set", authors=[author])


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)


def test_a_correction_puts_a_note_under_the_headline_linking_to_the_log(client, article):
    correction = ArticleCorrectionFactory(page=article, date=days_ago(1), text="The vote is on May 4, not May 5.")
    soup = page(client, article.url)
    note = soup.select_one(".story__correction-note a")
    assert (
        text(note)
        == f"This article was corrected on {correction.date:%B} {correction.date.day}, {correction.date:%Y}."
    )
    assert note["href"] == "#corrections"
    log = soup.select_one("#corrections")
    assert text(log.select_one("h2")) == "Corrections and updates"
    [entry] = log.select("li")
    assert entry["id"] == f"correction-{correction.pk}"
    assert text(entry).startswith("Correction,")
    assert text(entry).endswith("The vote is on May 4, not May 5.")


def test_an_update_is_logged_without_a_correction_note(client, article):
    ArticleCorrectionFactory(page=article, kind="update", text="Adds the minister's reply.")
    soup = page(client, article.url)
    assert soup.select_one(".story__correction-note") is None
    assert text(soup.select_one("#corrections li")).startswith("Update,")


def test_an_article_without_entries_has_neither_note_nor_log(client, article):
    soup = page(client, article.url)
    assert soup.select_one(".story__correction-note") is None
    assert soup.select_one("#corrections") is None


def test_the_log_is_oldest_first_and_the_note_names_the_latest_correction(client, article):
    ArticleCorrectionFactory(page=article, date=days_ago(3), text="First fix.")
    latest = ArticleCorrectionFactory(page=article, date=days_ago(1), text="Second fix.")
    ArticleCorrectionFactory(page=article, date=days_ago(2), kind="update", text="An update.")
    soup = page(client, article.url)
    assert [text(entry).rsplit(": ", 1)[1] for entry in soup.select("#corrections li")] == [
        "First fix.",
        "An update.",
        "Second fix.",
    ]
    assert datetime.fromisoformat(soup.select_one(".story__correction-note time")["datetime"]) == latest.date.replace(
        microsecond=0
    )


def test_json_ld_carries_the_corrections_but_not_the_updates(client, article):
    correction = ArticleCorrectionFactory(page=article, date=days_ago(1), text="The vote is on May 4.")
    ArticleCorrectionFactory(page=article, kind="update", text="Adds a reply.")
    data = json_ld(page(client, article.url))["NewsArticle"]
    url = f"http://testserver{article.url}"
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "@id": f"{url}#correction-{correction.pk}",
            "url": f"{url}#correction-{correction.pk}",
            "text": "The vote is on May 4.",
            "datePublished": timezone.localtime(correction.date).replace(microsecond=0).isoformat(),
        }
    ]


def test_editors_add_a_correction_in_the_admin_and_it_shows_when_published(client, article, author):
    client.get(article.url)  # the article is cached without a correction
    client.force_login(User.objects.create_superuser("editor", "editor@example.org", "pw"))
    data = nested_form_data(
        {
            "title": article.title,
            "slug": article.slug,
            "standfirst": article.standfirst,
            "body": streamfield([("paragraph", rich_text("<p>Text.</p>"))]),
            "article_authors": inline_formset([{"author": author.pk}]),
            "related_pins": inline_formset([]),
            "article_type": "news",
            "corrections": inline_formset(
                [{"date": "2026-05-02 10:30:00", "kind": "correction", "text": "Fixed the date of the vote."}]
            ),
            "tags": "",
            "action-publish": "action-publish",
        }
    )
    response = client.post(f"/admin/pages/{article.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    soup = page(client, article.url)
    assert "Fixed the date of the vote." in text(soup.select_one("#corrections"))
    assert "corrected on May 2, 2026" in text(soup.select_one(".story__correction-note"))


def test_an_unpublished_correction_draft_stays_off_the_live_article(client, article, author):
    client.force_login(User.objects.create_superuser("editor", "editor@example.org", "pw"))
    data = nested_form_data(
        {
            "title": article.title,
            "slug": article.slug,
            "standfirst": article.standfirst,
            "body": streamfield([("paragraph", rich_text("<p>Text.</p>"))]),
            "article_authors": inline_formset([{"author": author.pk}]),
            "related_pins": inline_formset([]),
            "article_type": "news",
            "corrections": inline_formset([{"date": "2026-05-02 10:30:00", "kind": "correction", "text": "Draft."}]),
            "tags": "",
        }
    )
    assert client.post(f"/admin/pages/{article.pk}/edit/", data).status_code == 302
    client.logout()
    assert page(client, article.url).select_one("#corrections") is None
    assert "Draft." not in page(client, "/corrections/").get_text()


# The corrections page and its feed -------------------------------------------------------------------------


def test_the_corrections_page_lists_corrections_of_published_articles_newest_first(client, politics, article):
    older = ArticleCorrectionFactory(page=article, date=days_ago(5), text="Older fix.")
    newer = ArticleCorrectionFactory(
        page=ArticlePageFactory(parent=politics, title="Budget passes"), date=days_ago(1), text="Newer fix."
    )
    ArticleCorrectionFactory(page=article, kind="update", text="Only an update.")
    ArticleCorrectionFactory(page=ArticlePageFactory(parent=politics, live=False), text="Of an unpublished article.")
    response = client.get("/corrections/")
    assert response["Cache-Control"].startswith("public") or "public" in response["Cache-Control"]
    soup = BeautifulSoup(response.content, "html.parser")
    items = soup.select(".corrections-list__item")
    assert [text(item.select_one("h2")) for item in items] == ["Budget passes", "Vote date set"]
    assert [item.select_one("h2 a")["href"] for item in items] == [
        f"{newer.page.url}#correction-{newer.pk}",
        f"{article.url}#correction-{older.pk}",
    ]
    assert "Only an update." not in soup.get_text()
    assert "Of an unpublished article." not in soup.get_text()
    assert soup.find(
        "link", rel="alternate", type="application/rss+xml", href="http://testserver/feeds/corrections/rss/"
    )


def test_the_corrections_page_is_paginated_and_answers_404_past_the_end(client, article):
    for day in range(CORRECTIONS_PER_PAGE + 1):
        ArticleCorrectionFactory(page=article, date=days_ago(day + 1), text=f"Fix {day}.")
    first = page(client, "/corrections/")
    assert len(first.select(".corrections-list__item")) == CORRECTIONS_PER_PAGE
    assert first.select_one("a[rel=next]")["href"] == "?page=2"
    second = page(client, "/corrections/?page=2")
    assert [text(item.select_one("p:last-child")) for item in second.select(".corrections-list__item")] == [
        f"Fix {CORRECTIONS_PER_PAGE}."
    ]
    assert client.get("/corrections/?page=3").status_code == 404
    assert client.get("/corrections/?page=abc").status_code == 404


def test_the_corrections_page_says_when_there_are_none(client, home):
    assert "No corrections yet." in page(client, "/corrections/").get_text()


def test_publishing_a_correction_refreshes_the_cached_corrections_page(client, article):
    assert "No corrections yet." in page(client, "/corrections/").get_text()
    ArticleCorrectionFactory(page=article, text="A fresh fix.")
    article.save_revision().publish()
    assert "A fresh fix." in page(client, "/corrections/").get_text()


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_the_corrections_feed_has_one_item_per_correction(client, article, fmt):
    correction = ArticleCorrectionFactory(page=article, date=days_ago(1), text="The vote is on May 4.")
    ArticleCorrectionFactory(page=article, kind="update", text="Adds a reply.")
    response = client.get(f"/feeds/corrections/{fmt}/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Corrections – Journos"
    [entry] = feed.entries
    assert entry.title == "Correction: Vote date set"
    assert entry.link == f"http://testserver{article.url}#correction-{correction.pk}"
    assert entry.summary == "The vote is on May 4."
    assert entry.id == f"tag:testserver,{correction.date:%Y-%m-%d}:correction:{correction.pk}"


# Cold caches: the site, settings, header and footer, the newsletter box, and two for the listing (the
# paginator's count, then the corrections with their articles in one query), whatever the number listed.
CORRECTIONS_PAGE_QUERIES = 9


@pytest.mark.parametrize("count", [1, 10])
def test_the_corrections_page_costs_the_same_queries_however_many_it_lists(
    client, politics, author, django_assert_num_queries, count
):
    for number in range(count):
        ArticleCorrectionFactory(page=ArticlePageFactory(parent=politics, authors=[author]), text=f"Fix {number}.")
    client.get("/corrections/")  # creates settings rows and renditions once
    cache.clear()
    with django_assert_num_queries(CORRECTIONS_PAGE_QUERIES):
        response = client.get("/corrections/")
    assert len(BeautifulSoup(response.content, "html.parser").select(".corrections-list__item")) == count

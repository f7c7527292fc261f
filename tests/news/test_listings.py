"""Home, section, author and tag listings, and their pagination."""

from datetime import timedelta

from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from journos.news.factories import ArticlePageFactory, SectionPageFactory
from journos.news.models import HomePageTopStory

pytestmark = pytest.mark.django_db


def titles(response, selector=".article-list .card__title"):
    assert response.status_code == 200
    return [node.get_text(strip=True) for node in BeautifulSoup(response.content, "html.parser").select(selector)]


def dated(parent, title, days_ago, **kwargs):
    when = timezone.now() - timedelta(days=days_ago)
    return ArticlePageFactory(parent=parent, title=title, first_published_at=when, **kwargs)


def test_section_lists_own_subsection_and_extra_category_articles_newest_first(client, home, politics, diplomacy):
    sports = SectionPageFactory(parent=home, title="Sports")
    dated(politics, "Own story", 3)
    dated(diplomacy, "Subsection story", 1)
    dated(sports, "Also filed under politics", 2, extra_categories=[politics])
    dated(sports, "Sports only", 0)
    ArticlePageFactory(parent=politics, title="Unpublished draft", live=False)
    assert titles(client.get(politics.url)) == ["Subsection story", "Also filed under politics", "Own story"]


def test_section_pages_hold_twelve_and_link_to_the_next(client, politics):
    for day in range(15):
        dated(politics, f"Story {day:02d}", day)
    first = client.get(politics.url)
    assert titles(first) == [f"Story {day:02d}" for day in range(12)]
    more = BeautifulSoup(first.content, "html.parser").select_one("[data-load-more]")
    assert more["href"] == "?page=2" and more.get_text(strip=True) == "Load more"
    second = client.get(politics.url, {"page": 2})
    assert titles(second) == ["Story 12", "Story 13", "Story 14"]
    assert BeautifulSoup(second.content, "html.parser").select_one("[data-load-more]") is None


@pytest.mark.parametrize("bad_page", ["0", "-1", "abc", "999999999", "1.5", "9" * 400, ""])
def test_wrong_page_numbers_answer_404(client, politics, bad_page):
    dated(politics, "Only story", 1)
    assert client.get(politics.url, {"page": bad_page}).status_code == 404


def test_author_archive_lists_their_articles(client, politics, author):
    dated(politics, "By our author", 1, authors=[author])
    dated(politics, "By someone else", 0)
    assert titles(client.get(author.url)) == ["By our author"]


def test_tag_archive_lists_tagged_articles_and_404s_unknown_tags(client, politics):
    dated(politics, "Tagged story", 1, tags=["harbour"])
    dated(politics, "Untagged story", 0)
    assert titles(client.get("/tags/harbour/")) == ["Tagged story"]
    assert client.get("/tags/no-such-tag/").status_code == 404
    assert client.get("/tags/harbour/", {"page": "2"}).status_code == 404


def test_home_leads_with_the_editors_choice_then_top_stories(client, home, politics):
    newest = dated(politics, "Newest", 0)
    chosen = dated(politics, "Chosen lead", 5)
    top = dated(politics, "Chosen top story", 4)
    home.lead_story = chosen
    home.save()
    HomePageTopStory.objects.create(page=home, article=top, sort_order=0)
    response = client.get("/")
    assert titles(response, ".front__lead .card__title") == ["Chosen lead"]
    assert titles(response, ".front__top .card__title")[:2] == ["Chosen top story", "Newest"]
    assert newest.title not in titles(response, ".latest .card__title")


def test_home_falls_back_to_the_newest_story(client, home, politics):
    dated(politics, "Yesterday", 1)
    dated(politics, "Today", 0)
    assert titles(client.get("/"), ".front__lead .card__title") == ["Today"]


def test_home_has_a_block_per_top_level_section(client, home, politics, diplomacy):
    science = SectionPageFactory(parent=home, title="Science")
    dated(diplomacy, "Nested story", 1)
    for day in range(6):
        dated(science, f"Science {day}", day + 2)
    response = client.get("/")
    blocks = {
        block.select_one(".section-block__title").get_text(strip=True): [
            title.get_text(strip=True) for title in block.select(".card__title")
        ]
        for block in BeautifulSoup(response.content, "html.parser").select(".section-block")
    }
    assert blocks["Politics"] == ["Nested story"]
    assert blocks["Science"] == ["Science 0", "Science 1", "Science 2", "Science 3"]


def test_empty_site_home_still_renders(client, home):
    response = client.get("/")
    assert response.status_code == 200
    assert b"No stories have been published yet." in response.content

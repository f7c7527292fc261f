"""Editors' picks (Wagtail's promoted search results) come first for their query."""

import re

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest

from journos.pages.models import StandardPage


def promote(query_string, *, page=None, url="", text="", order=0):
    return SearchPromotion.objects.create(
        query=Query.get(query_string),
        page=page,
        external_link_url=url,
        external_link_text=text,
        sort_order=order,
        description="Chosen by the editors.",
    )


@pytest.fixture
def walrus_articles(make_article):
    return [make_article(title=f"Walrus story {n}") for n in range(3)]


def without_sidebar(html):
    """The page without its sidebar, whose Popular News lists the newest articles too."""
    return html.split('<aside class="sidebar"')[0]


def result_titles(html):
    return re.findall(r'class="card__title"><a href="[^"]*">([^<]*)</a>', html)


def test_a_pinned_article_comes_first_once_even_without_the_word(client, make_article, walrus_articles):
    pinned = make_article(title="Harbour authority report")
    promote("Walrus", page=pinned)
    html = client.get("/search/", {"q": "  WALRUS "}, follow=True).content.decode()
    titles = result_titles(html)
    assert titles[0] == "Harbour authority report"
    assert sorted(titles[1:]) == ["Walrus story 0", "Walrus story 1", "Walrus story 2"]
    assert "Editors’ pick" in html
    assert "4 results." in html


def test_a_pinned_article_that_also_matches_is_not_listed_twice(client, walrus_articles):
    promote("walrus", page=walrus_articles[1])
    titles = result_titles(client.get("/search/", {"q": "walrus"}).content.decode())
    assert titles[0] == "Walrus story 1"
    assert titles.count("Walrus story 1") == 1
    assert len(titles) == 3


def test_picks_keep_the_editors_order_and_may_be_other_pages_or_links(client, home, walrus_articles):
    about = StandardPage(title="About our walrus coverage", slug="about")
    home.add_child(instance=about)
    promote("walrus", url="https://example.org/walrus-cam", text="Walrus webcam", order=2)
    promote("walrus", page=about, order=1)
    promote("walrus", page=walrus_articles[2], order=3)
    html = client.get("/search/", {"q": "walrus"}).content.decode()
    assert result_titles(html)[:3] == ["About our walrus coverage", "Walrus webcam", "Walrus story 2"]
    assert 'href="https://example.org/walrus-cam"' in html


def test_picks_of_unpublished_pages_are_left_out(client, make_article, walrus_articles):
    promote("walrus", page=make_article(title="Withdrawn story", live=False))
    html = client.get("/search/", {"q": "walrus"}).content.decode()
    assert "Withdrawn story" not in html
    assert "Editors’ pick" not in html


def test_picks_are_for_the_exact_query_only(client, make_article, walrus_articles):
    promote("walrus colony", page=make_article(title="Harbour authority report"))
    assert "Harbour authority report" not in without_sidebar(client.get("/search/", {"q": "walrus"}).content.decode())


def test_picks_show_only_on_the_first_page(client, make_article):
    for n in range(12):
        make_article(title=f"Walrus story {n}")
    promote("walrus", page=make_article(title="Harbour authority report"))
    assert "Harbour authority report" in client.get("/search/", {"q": "walrus"}).content.decode()
    second_page = client.get("/search/", {"q": "walrus", "page": 2}).content.decode()
    assert "Harbour authority report" not in without_sidebar(second_page)
    assert len(result_titles(second_page)) == 2  # 12 matches, 10 on the first page


def test_picks_lead_the_live_dropdown(client, make_article, walrus_articles):
    promote("walrus", page=make_article(title="Harbour authority report"))
    results = client.get("/search/live/", {"q": "Walrus"}, follow=True).json()["results"]
    assert [result["title"] for result in results][0] == "Harbour authority report"
    assert [result["pinned"] for result in results] == [True, False, False, False]


def test_searching_one_section_leaves_the_picks_out(client, science, make_article, walrus_articles):
    promote("walrus", page=make_article(title="Harbour authority report"))
    html = client.get("/search/", {"q": "walrus", "section": science.pk}).content.decode()
    assert "Harbour authority report" not in without_sidebar(html)

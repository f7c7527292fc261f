"""Article types: chosen by the editor, labelled on the article and every card, in JSON-LD, feeds and sitemaps."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import feedparser
import pytest
from bs4 import BeautifulSoup

from journos.accounts.models import User
from journos.news.factories import ArticlePageFactory, AuthorPageFactory
from journos.news.models import ArticlePage, ArticleType
from tests.seo.conftest import json_ld

pytestmark = pytest.mark.django_db


def page(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def text(element) -> str:
    """What a reader sees: the element's words, single-spaced."""
    return " ".join(element.get_text().split())


def labels(soup, selector) -> list[str]:
    return [text(label) for label in soup.select(f"{selector} .type-label")]


@pytest.fixture
def columnist(authors_index):
    return AuthorPageFactory(parent=authors_index, title="Maya Lind", role="Political columnist")


@pytest.fixture
def opinion(politics, columnist):
    return ArticlePageFactory(
        parent=politics,
        title="Why the vote should wait",
        article_type=ArticleType.OPINION,
        authors=[columnist],
        first_published_at=timezone.now() - timedelta(hours=2),
    )


@pytest.fixture
def sponsored(politics, columnist):
    return ArticlePageFactory(
        parent=politics,
        title="Ten trains to take this winter",
        article_type=ArticleType.SPONSORED,
        sponsor_name="Nordic Rail",
        authors=[columnist],
        first_published_at=timezone.now() - timedelta(hours=1),
    )


@pytest.fixture
def news(politics, columnist):
    return ArticlePageFactory(
        parent=politics, title="Parliament sits late", authors=[columnist], first_published_at=timezone.now()
    )


# The model ------------------------------------------------------------------------------------------------


def test_articles_are_news_unless_the_editor_says_otherwise(news):
    assert news.article_type == ArticleType.NEWS
    assert news.type_label == ""


def test_sponsored_content_must_name_its_sponsor(politics):
    article = ArticlePage(title="Paid for", slug="paid-for", standfirst="S.", article_type=ArticleType.SPONSORED)
    with pytest.raises(ValidationError) as raised:
        article.clean()
    assert "sponsor_name" in raised.value.message_dict
    article.sponsor_name = "   "
    with pytest.raises(ValidationError):
        article.clean()
    article.sponsor_name = "Nordic Rail"
    article.clean()


def test_the_admin_refuses_sponsored_content_without_a_sponsor_and_publishes_nothing(client, politics, columnist):
    client.force_login(User.objects.create_superuser("editor", "editor@example.org", "pw"))
    data = nested_form_data(
        {
            "title": "A paid piece",
            "slug": "a-paid-piece",
            "standfirst": "Someone paid for this.",
            "body": streamfield([("paragraph", rich_text("<p>Text.</p>"))]),
            "article_authors": inline_formset([{"author": columnist.pk}]),
            "related_pins": inline_formset([]),
            "corrections": inline_formset([]),
            "article_type": "sponsored",
            "sponsor_name": "",
            "tags": "",
            "action-publish": "action-publish",
        }
    )
    response = client.post(f"/admin/pages/add/news/articlepage/{politics.pk}/", data)
    assert response.status_code == 200
    assert "Name the sponsor" in response.content.decode()
    assert not ArticlePage.objects.filter(slug="a-paid-piece").exists()

    data["sponsor_name"] = "Nordic Rail"
    assert client.post(f"/admin/pages/add/news/articlepage/{politics.pk}/", data).status_code == 302
    assert ArticlePage.objects.get(slug="a-paid-piece").live


# What readers see -------------------------------------------------------------------------------------------


def test_opinion_is_labelled_and_shows_the_writers_role(client, opinion):
    soup = page(client, opinion.url)
    assert labels(soup, ".story__kicker") == ["Opinion"]
    assert "Maya Lind, Political columnist" in text(soup.select_one(".story__byline"))


def test_news_has_no_label_and_no_role_in_its_byline(client, news):
    soup = page(client, news.url)
    assert labels(soup, ".story__kicker") == []
    assert "Political columnist" not in soup.select_one(".story__byline").get_text()


def test_sponsored_content_names_its_sponsor_on_the_article(client, sponsored):
    soup = page(client, sponsored.url)
    assert labels(soup, ".story__kicker") == ["Sponsored by Nordic Rail"]
    assert soup.select_one(".story__disclosure").get_text(strip=True) == (
        "This is partner content paid for by Nordic Rail."
    )


@pytest.mark.parametrize("url", ["/", "/politics/", "/tags/trains/", "/search/?q=trains"])
def test_sponsored_content_is_labelled_in_every_listing(client, sponsored, news, url):
    sponsored.tags.add("trains")
    sponsored.save()
    sponsored.save_revision().publish()  # indexed and listed as if published from the admin
    soup = page(client, url)
    card = next(card for card in soup.select("article.card") if "Ten trains" in card.get_text())
    assert labels(card, ".card__kicker") == ["Sponsored by Nordic Rail"]


def test_cards_label_every_type_but_news(client, politics, columnist, news):
    for kind in ("analysis", "explainer", "review"):
        ArticlePageFactory(parent=politics, title=f"A {kind} piece", article_type=kind, authors=[columnist])
    soup = page(client, "/politics/")
    shown = {
        card.select_one(".card__title").get_text(strip=True): labels(card, ".card__kicker")
        for card in soup.select("article.card")
    }
    assert shown["A analysis piece"] == ["Analysis"]
    assert shown["A explainer piece"] == ["Explainer"]
    assert shown["A review piece"] == ["Review"]
    assert shown["Parliament sits late"] == []


def test_opinion_cards_give_the_writers_role(client, opinion):
    soup = page(client, "/politics/")
    assert "By Maya Lind (Political columnist)" in text(soup.select_one(".card__byline"))


def test_changing_the_type_refreshes_the_cached_cards(client, news):
    assert labels(page(client, "/politics/"), ".card__kicker") == []
    news.article_type = ArticleType.ANALYSIS
    news.save_revision().publish()
    assert labels(page(client, "/politics/"), ".card__kicker") == ["Analysis"]


# Structured data, feeds, sitemaps ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [
        ("news", "NewsArticle"),
        ("analysis", "AnalysisNewsArticle"),
        ("opinion", "OpinionNewsArticle"),
        ("explainer", "BackgroundNewsArticle"),
        ("review", "ReviewNewsArticle"),
    ],
)
def test_json_ld_names_the_schema_org_type(client, politics, kind, schema_type):
    article = ArticlePageFactory(parent=politics, article_type=kind)
    data = json_ld(page(client, article.url))[schema_type]
    assert data["headline"] == article.title
    assert data.get("genre") == (None if kind == "news" else article.type_label)


def test_sponsored_json_ld_is_advertiser_content_with_its_sponsor(client, sponsored):
    data = json_ld(page(client, sponsored.url))["AdvertiserContentArticle"]
    assert data["sponsor"] == {"@type": "Organization", "name": "Nordic Rail"}
    assert data["genre"] == "Sponsored"


def test_feeds_carry_the_type_as_a_category_and_label_sponsored_items(client, opinion, sponsored, news):
    feed = feedparser.parse(client.get("/feeds/rss/").content)
    entries = {entry.title: entry for entry in feed.entries}
    assert entries["Why the vote should wait"].tags[0].term == "Opinion"
    assert entries["Ten trains to take this winter"].tags[0].term == "Sponsored"
    assert entries["Ten trains to take this winter"].summary.startswith("Sponsored by Nordic Rail.")
    assert [tag.term for tag in entries["Parliament sits late"].tags] == ["Politics"]


def test_sponsored_content_stays_out_of_the_news_sitemap_but_not_the_article_sitemap(client, sponsored, opinion):
    news_sitemap = client.get("/news-sitemap.xml").content.decode()
    assert opinion.url in news_sitemap
    assert sponsored.url not in news_sitemap
    assert sponsored.url in client.get("/sitemap-articles.xml").content.decode()

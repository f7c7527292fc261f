"""Article types and corrections in the API: labelled everywhere, filterable, only once published."""

from datetime import datetime

from django.utils import timezone

import pytest

from journos.news.factories import ArticleCorrectionFactory, ArticlePageFactory
from journos.news.models import ArticleCorrection, ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def pieces(politics, author):
    opinion = ArticlePageFactory(parent=politics, title="Why the harbour matters", article_type="opinion")
    sponsored = ArticlePageFactory(
        parent=politics, title="Sail with us", article_type="sponsored", sponsor_name="Blue Ferries"
    )
    news = ArticlePageFactory(parent=politics, title="Harbour reopens")
    return {"opinion": opinion, "sponsored": sponsored, "news": news}


def by_title(client, **params) -> dict:
    response = client.get("/api/v2/articles/", params)
    assert response.status_code == 200, response.content
    return {item["title"]: item for item in response.json()["items"]}


def test_every_listed_article_says_what_kind_of_piece_it_is(client, pieces):
    items = by_title(client)
    assert (items["Why the harbour matters"]["article_type"], items["Why the harbour matters"]["type_label"]) == (
        "opinion",
        "Opinion",
    )
    sponsored = items["Sail with us"]
    assert (sponsored["article_type"], sponsored["type_label"], sponsored["sponsor_name"]) == (
        "sponsored",
        "Sponsored",
        "Blue Ferries",
    )
    assert (items["Harbour reopens"]["article_type"], items["Harbour reopens"]["type_label"]) == ("news", "")


def test_filtering_by_type(client, pieces):
    assert list(by_title(client, article_type="sponsored")) == ["Sail with us"]
    response = client.get("/api/v2/articles/", {"article_type": "advert"})
    assert response.status_code == 400
    assert "article_type must be one of news, analysis" in response.json()["message"]


def test_corrections_and_updates_oldest_first(client, pieces):
    news = pieces["news"]
    ArticleCorrectionFactory(page=news, kind="update", text="Adds the mayor's reply.", date=moment(3))
    ArticleCorrectionFactory(page=news, text="An earlier version gave the wrong date.", date=moment(2))

    expected = [
        {"date": moment(2).isoformat(), "kind": "correction", "text": "An earlier version gave the wrong date."},
        {"date": moment(3).isoformat(), "kind": "update", "text": "Adds the mayor's reply."},
    ]
    assert by_title(client)["Harbour reopens"]["corrections"] == expected
    assert client.get(f"/api/v2/articles/{news.pk}/").json()["corrections"] == expected
    assert by_title(client)["Sail with us"]["corrections"] == []


def test_a_correction_in_an_unpublished_draft_is_not_shown(client, pieces):
    article = ArticlePage.objects.get(pk=pieces["news"].pk)
    article.corrections.add(ArticleCorrection(text="Secret draft correction", date=timezone.now()))
    article.save_revision()  # saved as a draft only
    assert "Secret draft correction" not in client.get(f"/api/v2/articles/{article.pk}/").content.decode()
    assert "Secret draft correction" not in client.get("/api/v2/articles/").content.decode()

    ArticlePage.objects.get(pk=article.pk).get_latest_revision().publish()
    assert "Secret draft correction" in client.get(f"/api/v2/articles/{article.pk}/").content.decode()


def moment(day: int):
    return timezone.make_aware(datetime(2026, 3, day, 9, 30))

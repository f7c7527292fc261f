"""Filtering by section, tag, author and date; pagination and order; bad input answered with a 400."""

from datetime import datetime, timedelta

from django.utils import timezone

import pytest

from journos.news.factories import ArticlePageFactory, AuthorPageFactory

pytestmark = pytest.mark.django_db


def titles(client, **params) -> list[str]:
    response = client.get("/api/v2/articles/", params)
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def at(day: int):
    return timezone.make_aware(datetime(2026, 3, day, 12, 0))


@pytest.fixture
def newsroom(politics, diplomacy, sports, author, authors_index):
    other = AuthorPageFactory(parent=authors_index, title="Ben Kato")
    article = ArticlePageFactory
    article(parent=politics, title="Budget vote", first_published_at=at(1), authors=[author], tags=["budget"])
    article(parent=diplomacy, title="Summit ends", first_published_at=at(2), authors=[other], tags=["summit"])
    ArticlePageFactory(
        parent=sports,
        title="Minister opens stadium",
        first_published_at=at(3),
        authors=[author, other],
        tags=["budget"],
        extra_categories=[politics],
    )
    ArticlePageFactory(parent=sports, title="Cup final", first_published_at=at(4), authors=[other])
    return {"politics": politics, "diplomacy": diplomacy, "sports": sports, "amara": author, "ben": other}


def test_newest_first_by_default(client, newsroom):
    assert titles(client) == ["Cup final", "Minister opens stadium", "Summit ends", "Budget vote"]


def test_by_section_with_its_subsections_and_extra_categories(client, newsroom):
    assert titles(client, section=newsroom["politics"].pk) == ["Minister opens stadium", "Summit ends", "Budget vote"]
    assert titles(client, section=newsroom["diplomacy"].pk) == ["Summit ends"]


def test_by_tag_author_and_dates_together(client, newsroom):
    assert titles(client, tag="budget") == ["Minister opens stadium", "Budget vote"]
    assert titles(client, author=newsroom["ben"].pk) == ["Cup final", "Minister opens stadium", "Summit ends"]
    assert titles(client, author=newsroom["amara"].pk, tag="budget", section=newsroom["sports"].pk) == [
        "Minister opens stadium"
    ]
    assert titles(client, published_after="2026-03-02", published_before="2026-03-04") == [
        "Minister opens stadium",
        "Summit ends",
    ]
    assert titles(client, published_after="2026-03-03T12:00:00Z") == ["Cup final", "Minister opens stadium"]


def test_pagination_and_order(client, newsroom):
    page = client.get("/api/v2/articles/", {"limit": 2, "offset": 1}).json()
    assert page["meta"]["total_count"] == 4
    assert [item["title"] for item in page["items"]] == ["Minister opens stadium", "Summit ends"]
    assert titles(client, order="title") == ["Budget vote", "Cup final", "Minister opens stadium", "Summit ends"]
    assert titles(client, order="first_published_at")[0] == "Budget vote"
    assert titles(client, offset=10) == []


def test_child_of_and_descendant_of(client, newsroom):
    assert titles(client, child_of=newsroom["politics"].pk) == ["Budget vote"]
    assert titles(client, descendant_of=newsroom["politics"].pk) == ["Summit ends", "Budget vote"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"section": "politics"}, "section must be a positive whole number"),
        ({"section": "99999"}, "no published section has the id 99999"),
        ({"section": "1" * 30}, "section must be a positive whole number"),
        ({"author": "-3"}, "author must be a positive whole number"),
        ({"tag": "no-such-tag"}, "no tag has the slug 'no-such-tag'"),
        ({"published_after": "yesterday"}, "published_after must be a date"),
        ({"published_before": "2026-13-45"}, "published_before must be a date"),
        ({"published_after": "2026-02-30T25:61:00"}, "published_after must be a date"),
        ({"limit": "1000"}, "limit cannot be higher than 50"),
        ({"limit": "ten"}, "limit must be a whole number"),
        ({"offset": "-1"}, "offset must be a whole number"),
        ({"offset": "9" * 40}, "offset must be a whole number from 0 to 10000"),
        ({"order": "password"}, "cannot order by 'password'"),
        ({"order": "-corrections"}, "cannot order by 'corrections': order by id, title"),
        ({"order": "tags"}, "cannot order by 'tags'"),
        ({"order": "random", "offset": "2"}, "random ordering with offset"),
        ({"fields": "nonsense"}, "unknown fields: nonsense"),
        ({"fields": "title("}, "fields error"),
        ({"child_of": "abc"}, "child_of must be a positive integer"),
        ({"child_of": "9" * 30}, ""),
        ({"descendant_of": "99999"}, "ancestor page doesn't exist"),
        ({"type": "wagtailcore.Page"}, "unknown query parameter: type"),
        ({"title": "Cup final"}, "unknown query parameter: title"),
        ({"site": "localhost:x"}, "unknown query parameter: site"),
    ],
)
def test_bad_input_gets_a_400_that_says_what_is_wrong(client, newsroom, params, message):
    response = client.get("/api/v2/articles/", params)
    assert response.status_code == 400, response.content
    assert message in response.json()["message"]
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/articles/99999/",
        f"/api/v2/articles/{'9' * 30}/",
        "/api/v2/articles/find/?id=99999",
        "/api/v2/articles/find/?html_path=no/such/page/",
        f"/api/v2/sections/{'9' * 19}/",
        "/api/v2/tags/99999/",
    ],
)
def test_what_does_not_exist_is_a_404(client, newsroom, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("url", ["/api/v2/articles/find/?id=abc", f"/api/v2/tags/find/?id={'9' * 30}"])
def test_find_with_a_bad_id_is_a_400(client, newsroom, url):
    assert client.get(url).status_code == 400


def test_writing_is_refused(client, newsroom):
    for method in (client.post, client.put, client.patch, client.delete):
        assert method("/api/v2/articles/").status_code == 405


def test_head_and_options_are_answered(client, newsroom):
    head = client.head("/api/v2/articles/")
    assert head.status_code == 200 and head.content == b""
    assert client.options("/api/v2/articles/").status_code == 200


def test_a_huge_limit_on_other_endpoints_too(client, newsroom):
    for endpoint in ("sections", "authors", "tags"):
        assert client.get(f"/api/v2/{endpoint}/", {"limit": 10**6}).status_code == 400
        assert client.get(f"/api/v2/{endpoint}/", {"offset": "x"}).status_code == 400


def test_a_day_long_window(client, newsroom):
    day = timezone.localtime(at(2)).date()
    assert titles(client, published_after=day.isoformat(), published_before=(day + timedelta(days=1)).isoformat()) == [
        "Summit ends"
    ]

"""What an app gets for an article, a section, an author and a tag."""

import pytest

from journos.core.factories import ImageFactory
from journos.news.factories import ArticlePageFactory
from journos.news.models import ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(article, politics, settings):
    """The article with a body holding every kind of block, and a link to another article."""
    settings.SITE_URL = "https://news.example.org"
    other = ArticlePageFactory(parent=politics, title="Earlier story", slug="earlier")
    picture = ImageFactory(description="Cranes at dawn", caption="Cranes at dawn", credit="Ann Ray / Journos")
    article = ArticlePage.objects.get(pk=article.pk)
    article.body = [
        ("paragraph", f'<p>Ships <b>are</b> back, <a linktype="page" id="{other.pk}">as reported</a> &amp; more.</p>'),
        ("heading", "What changed"),
        ("image", {"image": picture, "caption": "", "credit": "Pool photo"}),
        ("pull_quote", {"quote": "We never gave up", "attribution": "Harbour master"}),
        ("related_posts", None),
        ("paragraph", "<ul><li>One</li><li>Two</li></ul>"),
    ]
    article.source_name, article.source_url = "AP News", "https://apnews.example.org/harbour"
    article.save_revision().publish()
    return article


def test_a_listing_gives_each_article_what_a_card_needs(client, article, author, politics):
    item = client.get("/api/v2/articles/").json()["items"][0]

    assert item["title"] == "Harbour reopens"
    assert item["standfirst"] == "Ships are back after a year."
    assert item["meta"]["type"] == "news.ArticlePage"
    assert item["meta"]["html_url"] == "http://testserver/politics/harbour-reopens/"
    assert item["meta"]["detail_url"] == f"http://testserver/api/v2/articles/{article.pk}/"
    assert item["meta"]["first_published_at"] and item["meta"]["last_published_at"]
    assert item["section"]["title"] == "Politics"
    assert item["section"]["detail_url"] == f"http://testserver/api/v2/sections/{politics.pk}/"
    assert [(a["name"], a["role"]) for a in item["authors"]] == [("Amara Osei", "Diplomatic correspondent")]
    assert item["authors"][0]["detail_url"] == f"http://testserver/api/v2/authors/{author.pk}/"
    assert [(tag["name"], tag["slug"]) for tag in item["tags"]] == [("harbour", "harbour"), ("Shipping", "shipping")]
    assert item["tags"][0]["html_url"] == "http://testserver/tags/harbour/"
    assert "body_html" not in item and "body_text" not in item  # bodies come one article at a time


def test_pictures_come_as_renditions_with_alt_text_caption_and_credit(client, article):
    image = client.get("/api/v2/articles/").json()["items"][0]["image"]

    assert (image["alt"], image["caption"], image["credit"]) == (
        "Boats in the harbour",
        "The old harbour",
        "Jo Lee / Journos",
    )
    assert set(image["renditions"]) == {"thumbnail", "medium", "large"}
    medium = image["renditions"]["medium"]
    assert medium["url"].startswith("/media/images/") and medium["url"].endswith(".jpg")
    assert medium["full_url"] == "http://testserver" + medium["url"]
    assert medium["alt"] == "Boats in the harbour" and medium["width"] and medium["height"]


def test_a_decorative_picture_has_empty_alt_text(client, article):
    article.featured_image.is_decorative = True
    article.featured_image.save()
    image = client.get(f"/api/v2/articles/{article.pk}/").json()["image"]
    assert image["alt"] == "" and image["renditions"]["large"]["alt"] == ""


def test_the_body_comes_as_html_with_absolute_links_and_as_plain_text(client, story):
    data = client.get(f"/api/v2/articles/{story.pk}/").json()

    html = data["body_html"]
    assert '<p>Ships <b>are</b> back, <a href="https://news.example.org/politics/earlier/">as reported</a>' in html
    assert "linktype" not in html
    assert "<h2>What changed</h2>" in html
    assert '<img src="https://news.example.org/media/images/' in html and 'alt="Cranes at dawn"' in html
    assert "<figcaption>Cranes at dawn <small>Pool photo</small></figcaption>" in html
    assert "<blockquote><p>We never gave up</p></blockquote><figcaption>Harbour master</figcaption>" in html
    assert "<li>One</li>" in html

    assert data["body_text"] == (
        "Ships are back, as reported & more.\n\nWhat changed\n\n“We never gave up” (Harbour master)\n\nOne\nTwo"
    )
    assert (data["source_name"], data["source_url"]) == ("AP News", "https://apnews.example.org/harbour")
    assert data["meta"]["html_url"] == "https://news.example.org/politics/harbour-reopens/"
    assert data["meta"]["detail_url"] == f"https://news.example.org/api/v2/articles/{story.pk}/"


def test_fields_can_be_chosen(client, article):
    item = client.get("/api/v2/articles/", {"fields": "_,id,title,tags"}).json()["items"][0]
    assert set(item) == {"id", "title", "tags"}
    detail = client.get(f"/api/v2/articles/{article.pk}/", {"fields": "_,body_text"}).json()
    assert set(detail) == {"body_text"}
    assert "image" not in client.get("/api/v2/articles/", {"fields": "-image"}).json()["items"][0]


def test_sections_authors_and_tags(client, article, politics, diplomacy, author):
    author.photo = ImageFactory(description="Amara Osei", credit="Studio Journos")
    author.bio = f'<p>Covers the <a linktype="page" id="{politics.pk}">politics desk</a>.</p>'
    author.save_revision().publish()

    sections = client.get("/api/v2/sections/").json()["items"]
    assert [(s["title"], s["introduction"]) for s in sections] == [
        ("Politics", "The latest from Politics."),
        ("Diplomacy", "The latest from Diplomacy."),
    ]
    children = client.get("/api/v2/sections/", {"child_of": politics.pk}).json()["items"]
    assert [section["title"] for section in children] == ["Diplomacy"]

    listed = client.get("/api/v2/authors/").json()["items"][0]
    assert (listed["name"], listed["role"], listed["photo"]["credit"]) == (
        "Amara Osei",
        "Diplomatic correspondent",
        "Studio Journos",
    )
    detail = client.get(f"/api/v2/authors/{author.pk}/").json()
    assert detail["bio"] == '<p>Covers the <a href="http://testserver/politics/">politics desk</a>.</p>'

    tags = client.get("/api/v2/tags/").json()
    assert [tag["name"] for tag in tags["items"]] == ["harbour", "Shipping"]
    found = client.get("/api/v2/tags/", {"slug": "shipping"}).json()["items"]
    assert [(tag["name"], tag["html_url"]) for tag in found] == [("Shipping", "http://testserver/tags/shipping/")]

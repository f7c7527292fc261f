"""The JSON-LD each page type carries, with the properties Google Search and News ask for."""

from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings

import pytest
from PIL import Image

from journos.core.factories import ImageFactory
from journos.core.models import SiteSettings
from journos.news.factories import ArticlePageFactory
from tests.seo.conftest import json_ld, soup

pytestmark = pytest.mark.django_db

ARTICLE_URL = "http://testserver/politics/diplomacy/treaty-talks/"


def with_logo_and_social_links(home):
    site_settings = SiteSettings.for_site(home.get_site())
    site_settings.logo = ImageFactory(file__width=300, file__height=300)
    site_settings.x_url = "https://x.com/journosnews"
    site_settings.facebook_url = "https://facebook.example.org/journos"
    site_settings.save()


def image_size(url: str) -> tuple[int, int]:
    """The pixel size of a rendition, read from the file the URL points to."""
    path = urlsplit(url).path.removeprefix(settings.MEDIA_URL)
    with Image.open(settings.MEDIA_ROOT / path) as image:
        return image.size


def aware(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, f"{value} has no time zone"
    return parsed


def visible_breadcrumbs(page) -> list[tuple[str, str | None]]:
    """(name, absolute link) of each crumb shown on the page; the current page has no link."""
    crumbs = []
    for item in page.select("nav.breadcrumbs li"):
        link = item.find("a")
        crumbs.append((item.get_text(strip=True), f"http://testserver{link['href']}" if link else None))
    return crumbs


def assert_breadcrumbs_match_the_page(page, current_url):
    crumbs = json_ld(page)["BreadcrumbList"]["itemListElement"]
    assert [item["position"] for item in crumbs] == list(range(1, len(crumbs) + 1))
    shown = visible_breadcrumbs(page)
    assert [item["name"] for item in crumbs] == [name for name, _ in shown]
    assert [item["item"] for item in crumbs] == [url or current_url for _, url in shown]


def test_news_article_has_googles_required_and_recommended_properties(client, home, article):
    with_logo_and_social_links(home)
    data = json_ld(soup(client.get(article.url)))["NewsArticle"]
    assert data["@context"] == "https://schema.org"
    assert data["headline"] == "Treaty talks resume in Geneva"
    assert data["description"] == "Negotiators return after a six-month pause."
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": ARTICLE_URL}
    assert data["url"] == ARTICLE_URL
    assert aware(data["datePublished"]) == article.first_published_at.replace(microsecond=0)
    assert aware(data["dateModified"]) >= aware(data["datePublished"])
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Ana Ruiz",
            "url": "http://testserver/authors/ana-ruiz/",
            "jobTitle": "Diplomatic correspondent",
        },
        {
            "@type": "Person",
            "name": "Ben Okafor",
            "url": "http://testserver/authors/ben-okafor/",
            "jobTitle": "Reporter",
        },
    ]
    assert data["articleSection"] == ["Diplomacy", "World"]
    assert sorted(data["keywords"]) == ["Geneva", "treaties"]
    assert data["inLanguage"] == "en-US"


def test_news_article_images_come_in_16_9_4_3_and_1_1(client, article):
    images = json_ld(soup(client.get(article.url)))["NewsArticle"]["image"]
    assert all(url.startswith("http://testserver/media/") for url in images)
    sizes = [image_size(url) for url in images]
    assert [width for width, _ in sizes] == [1200, 1200, 1200]
    # Wagtail may round a crop by a pixel: 1200×676 is still 16:9 to the eye.
    assert [round(width / height, 2) for width, height in sizes] == [round(16 / 9, 2), round(4 / 3, 2), 1.0]


def test_news_article_publisher_is_the_organization_with_its_logo(client, home, article):
    with_logo_and_social_links(home)
    publisher = json_ld(soup(client.get(article.url)))["NewsArticle"]["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == "Journos"
    assert publisher["url"] == "http://testserver/"
    assert publisher["logo"]["@type"] == "ImageObject"
    assert publisher["logo"]["url"].startswith("http://testserver/media/")
    assert (publisher["logo"]["width"], publisher["logo"]["height"]) == image_size(publisher["logo"]["url"])


def test_article_without_a_picture_falls_back_to_the_default_share_image(client, home, diplomacy):
    story = ArticlePageFactory(parent=diplomacy, featured_image=None)
    assert "image" not in json_ld(soup(client.get(story.url)))["NewsArticle"]

    site_settings = SiteSettings.for_site(home.get_site())
    site_settings.share_image = ImageFactory(file__width=1200, file__height=1200)
    site_settings.save()
    assert len(json_ld(soup(client.get(story.url)))["NewsArticle"]["image"]) == 3


def test_article_breadcrumbs_match_the_visible_trail(client, article):
    page = soup(client.get(article.url))
    assert visible_breadcrumbs(page)[0] == ("Home", "http://testserver/")
    assert_breadcrumbs_match_the_page(page, ARTICLE_URL)


def test_text_cannot_break_out_of_the_structured_data(client, diplomacy):
    headline = 'Leak: </script><script>alert("x")</script> & more'
    story = ArticlePageFactory(parent=diplomacy, title=headline, standfirst="<!-- a standfirst -->")
    response = client.get(story.url)
    assert b'<script>alert("x")' not in response.content
    data = json_ld(soup(response))
    assert data["NewsArticle"]["headline"] == headline
    assert data["NewsArticle"]["description"] == "<!-- a standfirst -->"


def test_home_page_describes_the_organization_and_its_search(client, home):
    with_logo_and_social_links(home)
    data = json_ld(soup(client.get("/")))
    organization = data["Organization"]
    assert organization["name"] == "Journos"
    assert organization["url"] == "http://testserver/"
    assert organization["logo"]["url"].startswith("http://testserver/media/")
    assert organization["sameAs"] == ["https://facebook.example.org/journos", "https://x.com/journosnews"]
    website = data["WebSite"]
    assert website["url"] == "http://testserver/"
    assert website["publisher"] == {"@id": organization["@id"]}
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://testserver/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"


def test_author_page_is_a_profile_page_about_a_person(client, ana):
    page = soup(client.get(ana.url))
    profile = json_ld(page)["ProfilePage"]
    assert profile["url"] == "http://testserver/authors/ana-ruiz/"
    aware(profile["dateModified"])
    person = profile["mainEntity"]
    assert person["@type"] == "Person"
    assert person["name"] == "Ana Ruiz"
    assert person["url"] == "http://testserver/authors/ana-ruiz/"
    assert person["jobTitle"] == "Diplomatic correspondent"
    assert person["description"] == "Ana covers treaties & summits."
    assert person["sameAs"] == ["https://x.example.org/anaruiz"]
    assert person["image"].startswith("http://testserver/media/")
    assert_breadcrumbs_match_the_page(page, "http://testserver/authors/ana-ruiz/")


def test_section_page_is_a_collection_page(client, diplomacy):
    page = soup(client.get(diplomacy.url))
    collection = json_ld(page)["CollectionPage"]
    assert collection["name"] == "Diplomacy"
    assert collection["url"] == "http://testserver/politics/diplomacy/"
    assert collection["description"] == diplomacy.introduction
    assert collection["isPartOf"]["@type"] == "WebSite"
    assert_breadcrumbs_match_the_page(page, "http://testserver/politics/diplomacy/")


def test_tag_archive_is_a_collection_page(client, article):
    page = soup(client.get("/tags/geneva/"))
    collection = json_ld(page)["CollectionPage"]
    assert collection["name"] == "Articles tagged “Geneva”"
    assert collection["url"] == "http://testserver/tags/geneva/"
    assert_breadcrumbs_match_the_page(page, "http://testserver/tags/geneva/")

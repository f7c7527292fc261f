"""Every absolute link names the public address (SITE_URL), whatever the Wagtail Site record says.

The Site record of a fresh install is `localhost:80`; it routes requests and
must never leak into a link a reader shares, a crawler follows or an e-mail holds.
"""

import re
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

from django.core import mail

from wagtail.models import Site

import feedparser
import pytest

from tests.seo.conftest import json_ld, meta_content, soup

pytestmark = pytest.mark.django_db

PUBLIC = "https://news.example.org"
ARTICLE = f"{PUBLIC}/politics/diplomacy/treaty-talks/"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def public_address(settings, home):
    assert Site.objects.get(is_default_site=True).root_url == "http://localhost"
    settings.SITE_URL = PUBLIC


def shared_url(href: str) -> str:
    """The article address a share link hands to the network."""
    query = parse_qs(urlsplit(href).query)
    for name in ("u", "url", "body"):
        if name in query:
            return query[name][0]
    return query["text"][0].rsplit(" ", 1)[-1]  # WhatsApp: "<title> <url>"


def test_share_and_copy_links_use_the_public_address(client, article):
    page = soup(client.get(article.url))
    links = {link["data-share"]: link["href"] for link in page.select("a.share__link")}
    assert set(links) == {"facebook", "x", "linkedin", "whatsapp", "email", "copy"}
    assert links.pop("copy") == ARTICLE
    assert {network: shared_url(href) for network, href in links.items()} == dict.fromkeys(links, ARTICLE)
    assert "localhost" not in page.select_one("section.share").decode()


def test_canonical_open_graph_and_structured_data_use_the_public_address(client, article):
    page = soup(client.get(article.url))
    assert page.find("link", rel="canonical")["href"] == ARTICLE
    assert meta_content(page, property="og:url") == ARTICLE
    data = json_ld(page)
    assert data["NewsArticle"]["url"] == ARTICLE
    assert all(item["item"].startswith(f"{PUBLIC}/") for item in data["BreadcrumbList"]["itemListElement"])


def test_feed_items_and_sitemap_locations_use_the_public_address(client, article):
    for url in ("/feeds/rss/", "/feeds/atom/"):
        [entry] = feedparser.parse(client.get(url).content).entries
        assert entry.link == ARTICLE
        assert entry.id.startswith("tag:news.example.org,")
    sitemap = ElementTree.fromstring(client.get("/sitemap-articles.xml").content)
    assert [loc.text for loc in sitemap.findall("sm:url/sm:loc", SITEMAP_NS)] == [ARTICLE]
    pages = ElementTree.fromstring(client.get("/sitemap-pages.xml").content)
    assert all(loc.text.startswith(f"{PUBLIC}/") for loc in pages.findall("sm:url/sm:loc", SITEMAP_NS))


def test_account_e_mail_links_use_the_public_address(client, django_user_model, home):
    django_user_model.objects.create_user("ana", "ana@example.org", "a-long-passphrase", email_verified=True)
    response = client.post("/account/password/reset/", {"identifier": "ana"})
    assert response.status_code == 302
    [message] = mail.outbox
    links = re.findall(r"https?://[^\s\"<>)]+", message.body)
    assert links and all(link.startswith(f"{PUBLIC}/") for link in links), links

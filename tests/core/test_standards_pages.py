"""Masthead, ethics, corrections and ownership pages: chosen in Site settings, linked in the footer, named in
JSON-LD; and the latest-headlines list under the breaking-news bar."""

from datetime import timedelta

from django.utils import timezone

from wagtail.models import Site

import pytest
from bs4 import BeautifulSoup

from journos.core.models import SiteSettings
from journos.news.factories import ArticlePageFactory
from journos.pages.factories import StandardPageFactory
from tests.seo.conftest import json_ld

pytestmark = pytest.mark.django_db


def soup(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def text(element) -> str:
    return " ".join(element.get_text().split())


def site_settings() -> SiteSettings:
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def standards(home):
    pages = {
        "masthead_page": StandardPageFactory(parent=home, title="Masthead", slug="masthead"),
        "ethics_policy_page": StandardPageFactory(parent=home, title="Ethics policy", slug="ethics"),
        "corrections_policy_page": StandardPageFactory(parent=home, title="Corrections policy", slug="corr-policy"),
        "ownership_page": StandardPageFactory(parent=home, title="Ownership and funding", slug="ownership"),
    }
    setting = site_settings()
    for name, page in pages.items():
        setattr(setting, name, page)
    setting.save()
    return pages


def footer_standards(page) -> list[tuple[str, str]]:
    return [(text(link), link["href"]) for link in page.select(".site-footer__standards a")]


def test_the_footer_links_the_chosen_standards_pages_and_the_corrections_page(client, standards):
    assert footer_standards(soup(client, "/")) == [
        ("Masthead", "/masthead/"),
        ("Ethics policy", "/ethics/"),
        ("Corrections policy", "/corr-policy/"),
        ("Ownership and funding", "/ownership/"),
        ("Corrections", "/corrections/"),
    ]


def test_without_choices_the_footer_still_links_the_corrections_page(client, home):
    assert footer_standards(soup(client, "/")) == [("Corrections", "/corrections/")]


def test_an_unpublished_standards_page_is_neither_linked_nor_named(client, standards):
    standards["masthead_page"].unpublish()
    page = soup(client, "/")
    assert "Masthead" not in [name for name, _ in footer_standards(page)]
    assert "masthead" not in json_ld(page)["NewsMediaOrganization"]


def test_the_organization_names_its_standards_pages(client, standards):
    organization = json_ld(soup(client, "/"))["NewsMediaOrganization"]
    assert organization["masthead"] == "http://testserver/masthead/"
    assert organization["ethicsPolicy"] == "http://testserver/ethics/"
    assert organization["publishingPrinciples"] == "http://testserver/ethics/"
    assert organization["correctionsPolicy"] == "http://testserver/corr-policy/"
    assert organization["ownershipFundingInfo"] == "http://testserver/ownership/"


def test_without_standards_pages_the_publisher_stays_a_plain_organization(client, home):
    assert "Organization" in json_ld(soup(client, "/"))


def test_articles_name_the_publishing_principles_and_their_publishers_policies(client, standards, politics):
    article = ArticlePageFactory(parent=politics)
    data = json_ld(soup(client, article.url))["NewsArticle"]
    assert data["publishingPrinciples"] == "http://testserver/ethics/"
    assert data["publisher"]["@type"] == "NewsMediaOrganization"
    assert data["publisher"]["correctionsPolicy"] == "http://testserver/corr-policy/"


def test_renaming_a_standards_page_refreshes_the_cached_footer(client, standards):
    assert ("Masthead", "/masthead/") in footer_standards(soup(client, "/"))
    masthead = standards["masthead_page"]
    masthead.title = "Who we are"
    masthead.save_revision().publish()
    assert ("Who we are", "/masthead/") in footer_standards(soup(client, "/"))


# The latest headlines ---------------------------------------------------------------------------------------


def headlines(page) -> list[str]:
    return [text(link) for link in page.select(".ticker__list a")]


def test_the_latest_headlines_are_off_until_switched_on(client, politics):
    ArticlePageFactory(parent=politics, title="First story")
    assert soup(client, "/").select_one(".ticker") is None


def test_switched_on_every_page_lists_the_five_newest_headlines_without_moving(client, politics):
    now = timezone.now()
    for number in range(7):
        ArticlePageFactory(parent=politics, title=f"Story {number}", first_published_at=now - timedelta(hours=number))
    setting = site_settings()
    setting.ticker_active = True
    setting.save()
    for url in ("/", politics.url):
        page = soup(client, url)
        assert headlines(page) == [f"Story {number}" for number in range(5)]
        ticker = page.select_one("nav.ticker")
        assert text(ticker.select_one("#ticker-heading")) == "Latest"
        assert ticker["aria-labelledby"] == "ticker-heading"
        # A still list: no animation or marquee, so nothing to pause (WCAG 2.2.2).
        assert page.find("marquee") is None and "data-" not in str(ticker)


def test_publishing_puts_the_new_headline_first_in_the_cached_list(client, politics):
    ArticlePageFactory(parent=politics, title="Older story", first_published_at=timezone.now() - timedelta(hours=1))
    setting = site_settings()
    setting.ticker_active = True
    setting.save()
    assert headlines(soup(client, "/"))[0] == "Older story"
    article = ArticlePageFactory(parent=politics, title="Just in", live=False)
    article.save_revision().publish()
    assert headlines(soup(client, "/"))[:2] == ["Just in", "Older story"]


def test_sponsored_headlines_keep_their_label(client, politics):
    ArticlePageFactory(parent=politics, title="Trains", article_type="sponsored", sponsor_name="Nordic Rail")
    setting = site_settings()
    setting.ticker_active = True
    setting.save()
    item = soup(client, "/").select_one(".ticker__list li")
    assert text(item) == "Sponsored by Nordic Rail Trains"

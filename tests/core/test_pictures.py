"""A picture's srcset names each width once, even for an upload narrower than the sizes asked for
(journos/core/pictures.py): the same width twice is an HTML error, and the browser may pick either."""

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

import pytest

from journos.core.factories import ImageFactory
from journos.news.factories import ArticlePageFactory, SectionPageFactory
from tests.utils import make_site

pytestmark = pytest.mark.django_db


class SrcsetCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.srcsets = []

    def handle_starttag(self, tag, attrs):
        self.srcsets += [value for name, value in attrs if name == "srcset"]


def srcsets(html: str) -> list[list[str]]:
    """Each srcset on the page as its list of descriptors ("100w", …)."""
    collector = SrcsetCollector()
    collector.feed(html)
    return [[candidate.split()[-1] for candidate in srcset.split(",")] for srcset in collector.srcsets]


@pytest.fixture
def small_pictures():
    """A section of articles whose pictures are 100 × 60 px, narrower than every size the templates ask for."""
    home = make_site()
    section = SectionPageFactory(parent=home, title="Science", slug="science")
    articles = [
        ArticlePageFactory(
            parent=section, title=f"Comet {n}", featured_image=ImageFactory(file__width=100, file__height=60)
        )
        for n in range(3)
    ]
    return {"home": home, "section": section, "article": articles[0]}


def test_a_small_picture_names_each_width_once(client, small_pictures):
    """Cards (front page, section, related posts) and the article's own figure."""
    for page in small_pictures.values():
        found = srcsets(client.get(page.url).content.decode())
        assert found, page.url
        for descriptors in found:
            repeated = [width for width, count in Counter(descriptors).items() if count > 1]
            assert not repeated, (page.url, descriptors)
            assert all(re.fullmatch(r"\d+w", descriptor) for descriptor in descriptors), (page.url, descriptors)


def test_a_large_picture_keeps_every_width(client):
    home = make_site()
    section = SectionPageFactory(parent=home, title="Science", slug="science")
    ArticlePageFactory(parent=section, featured_image=ImageFactory(file__width=1600, file__height=900))
    found = srcsets(client.get(section.url).content.decode())
    assert ["240w", "480w", "720w"] in found  # its card
    article = ArticlePageFactory(parent=section, featured_image=ImageFactory(file__width=1600, file__height=900))
    found = srcsets(client.get(article.url).content.decode())
    assert ["480w", "800w", "1200w", "1600w"] in found  # the article's own figure


def test_every_template_with_a_picture_uses_the_projects_tag():
    """core_tags' {% picture %} replaces Wagtail's only when loaded after wagtailimages_tags."""
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = template.read_text()
        if "{% picture " not in text:
            continue
        loads = " ".join(re.findall(r"{% load ([^%]+) %}", text)).split()
        assert "core_tags" in loads, template
        assert loads.index("core_tags") > loads.index("wagtailimages_tags"), template

"""Error pages: one title and breadcrumb pattern; the 404 helps without costing queries; 500/503/507 stay static."""

from django.core.cache import cache
from django.db import OperationalError, connection
from django.template import loader
from django.test.utils import CaptureQueriesContext

import pytest

from journos.news import selectors
from journos.news.factories import ArticlePageFactory, SectionPageFactory
from tests.utils import make_site

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("template", "title"),
    [
        ("500.html", "Something went wrong"),
        ("503.html", "Temporarily unavailable"),
        ("507.html", "The file could not be saved"),
    ],
)
def test_static_error_pages_share_the_title_pattern_without_the_database(django_assert_num_queries, template, title):
    with django_assert_num_queries(0):
        html = loader.render_to_string(template, {"site_name": "Journos"})
    assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in html
    assert '<a href="/">Home</a>' in html
    assert f'<header class="page-header"><h1>{title}</h1></header>' in html
    assert "css/site.css" in html


@pytest.fixture
def home():
    return make_site()


def not_found_queries(client) -> int:
    cache.clear()
    client.get("/no-such-page/")  # creates the cards' renditions once
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/no-such-page/").status_code == 404
    return len(queries)


def test_the_404_costs_the_same_queries_however_many_stories(client, home):
    section = SectionPageFactory(parent=home)
    ArticlePageFactory(parent=section, title="The only story")
    one = not_found_queries(client)
    for number in range(10):
        ArticlePageFactory(parent=section, title=f"Story {number}")
    assert not_found_queries(client) == one
    # With the fragment kept, the stories cost nothing more than the page around them.
    with CaptureQueriesContext(connection) as warm:
        response = client.get("/no-such-page/")
    assert "Story 9" in response.content.decode()
    assert len(warm) < one


def test_the_404_still_answers_when_the_latest_stories_cannot_be_read(client, home, monkeypatch):
    section = SectionPageFactory(parent=home)
    ArticlePageFactory(parent=section, title="A story")

    def fail(**kwargs):
        raise OperationalError("database is gone")

    monkeypatch.setattr(selectors, "latest_articles", fail)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'name="q"' in html
    assert "Latest stories" not in html
    monkeypatch.undo()
    # The empty list was not kept: the next 404 shows the stories.
    assert "A story" in client.get("/no-such-page/").content.decode()


def test_the_admin_404_suggests_no_stories(admin_client, home):
    section = SectionPageFactory(parent=home)
    ArticlePageFactory(parent=section, title="A public story")
    assert "A public story" in admin_client.get("/no-such-page/").content.decode()
    response = admin_client.get("/admin/no-such-page/")
    assert response.status_code == 404
    assert "A public story" not in response.content.decode()
    # Readers still get the stories afterwards (the admin's answer kept nothing for them).
    cache.clear()
    admin_client.get("/admin/no-such-page/")
    assert "A public story" in admin_client.get("/no-such-page/").content.decode()

"""Recommended: the editors' ordered list, topped up with well-read older articles."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest
import time_machine

from journos.engagement import selectors
from journos.engagement.models import RecommendedArticle, RecommendedSettings
from tests.engagement.conftest import count, make_article

pytestmark = pytest.mark.django_db


def sidebar(html):
    start = html.index('<aside class="sidebar"')
    return html[start : html.index("</aside>", start)]


def recommended_box(html):
    """The Recommended widget of a page (Popular News, above it, lists other articles)."""
    start = html.index('<section class="widget recommended"')
    return html[start : html.index("</section>", start)]


def titles(articles):
    return [article.title for article in articles]


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def recommend(*articles):
    setting = RecommendedSettings.for_site(Site.objects.get(is_default_site=True))
    for position, article in enumerate(articles):
        RecommendedArticle.objects.create(setting=setting, article=article, sort_order=position)


def recommended(**kwargs):
    return titles(selectors.recommended_articles(site=Site.objects.get(is_default_site=True), **kwargs))


def test_editors_picks_come_first_in_their_order(home, section):
    first, second = make_article(section, title="First"), make_article(section, title="Second")
    recommend(second, first)
    assert recommended(limit=2) == ["Second", "First"]


def test_a_short_list_is_topped_up_with_well_read_older_articles(home, section):
    pick = make_article(section, title="Pick")
    read_a_lot = make_article(section, title="Read a lot", first_published_at=days_ago(60))
    read_a_little = make_article(section, title="Read a little", first_published_at=days_ago(30))
    fresh_hit = make_article(section, title="Fresh hit", first_published_at=days_ago(1))
    count(read_a_lot, 80, days_ago=10)
    count(read_a_little, 5, days_ago=2)
    count(fresh_hit, 1000)  # new articles belong to Popular News, not here
    recommend(pick)
    assert recommended(limit=3) == ["Pick", "Read a lot", "Read a little"]


def test_with_no_views_yet_the_newest_older_articles_fill_in(home, section):
    make_article(section, title="Last month", first_published_at=days_ago(30))
    make_article(section, title="Last year", first_published_at=days_ago(365))
    make_article(section, title="Today")
    assert recommended(limit=4) == ["Last month", "Last year"]


def test_unpublished_picks_are_skipped_and_replaced(home, section):
    gone = make_article(section, title="Gone")
    kept = make_article(section, title="Kept")
    make_article(section, title="Archive", first_published_at=days_ago(90))
    recommend(gone, kept)
    gone.unpublish()
    assert recommended(limit=2) == ["Kept", "Archive"]


def test_articles_already_in_popular_news_are_not_repeated(home, section):
    both = make_article(section, title="Both", first_published_at=days_ago(40))
    make_article(section, title="Other", first_published_at=days_ago(50))
    assert recommended(limit=2, exclude=[both.pk]) == ["Other"]


def test_the_sidebar_shows_relative_dates(client, home, section):
    with time_machine.travel(timezone.now() - timedelta(days=225), tick=False):
        article = make_article(section, title="From the archive")
    recommend(article)
    html = sidebar(client.get("/").content.decode())
    assert "Recommended" in html
    assert "From the archive" in html
    assert "7\xa0months ago" in html


def test_editors_edit_the_list_in_the_admin_and_the_sidebar_follows(client, home, section):
    first, second = make_article(section, title="Alpha story"), make_article(section, title="Beta story")
    admin = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(admin)
    site = Site.objects.get(is_default_site=True)
    assert "Recommended" not in sidebar(client.get("/").content.decode())  # renders and caches the sidebar

    url = reverse("wagtailsettings:edit", args=["engagement", "recommendedsettings", site.pk])
    assert client.get(url).status_code == 200
    data = nested_form_data({"items": inline_formset([{"article": second.pk}, {"article": first.pk}])})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    assert recommended(limit=2) == ["Beta story", "Alpha story"]
    client.logout()
    html = recommended_box(client.get("/").content.decode())
    assert html.index("Beta story") < html.index("Alpha story")


def test_the_article_being_read_is_never_recommended_on_its_own_page(client, home, section):
    for number in range(5):  # Popular News (left out of Recommended) is full of this week's reads
        count(make_article(section, title=f"Read this week {number}"), 10)
    picked = make_article(section, title="Picked story", first_published_at=days_ago(30))
    other = make_article(section, title="Other pick", first_published_at=days_ago(30))
    for age in (60, 70, 80):
        make_article(section, title=f"Archive {age}", first_published_at=days_ago(age))
    recommend(picked, other)
    home_box = recommended_box(client.get("/").content.decode())
    assert ("Picked story" in home_box, "Archive 80" in home_box) == (True, False)
    own_page = recommended_box(client.get(picked.url).content.decode())
    assert "Picked story" not in own_page
    assert "Other pick" in own_page
    assert "Archive 80" in own_page  # the next recommendation takes its place
    assert "Picked story" in recommended_box(client.get(other.url).content.decode())


def test_an_article_not_recommended_shares_the_sites_cached_sidebar(home, section, django_assert_num_queries):
    from django.test import RequestFactory

    from journos.engagement import widgets

    reading = make_article(section, title="Unpicked story")
    recommend(make_article(section, title="Picked story"))
    request = RequestFactory().get("/", SERVER_NAME="localhost")
    shared = widgets.sidebar_html(request=request)
    with django_assert_num_queries(0):
        assert widgets.sidebar_html(request=request, article=reading) == shared

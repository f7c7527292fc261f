"""What editors see: the most read articles on the dashboard and each article's totals."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

import pytest

from tests.engagement.conftest import count, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return user


def test_the_dashboard_shows_most_read_today_and_this_week(client, editor, section):
    today_hit = make_article(section, title="Read today")
    week_hit = make_article(section, title="Read this week")
    count(today_hit, 12)
    count(week_hit, 90, days_ago=4)
    count(week_hit, 5, kind="linkedin")
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Most read" in html
    today, week = html.split("Last 7 days")
    assert "Read today" in today and "Read this week" not in today.split("Most read")[1]
    assert week.index("Read this week") < week.index("Read today")
    assert reverse("engagement_article_stats", args=[week_hit.pk]) in week


def test_editors_see_an_articles_totals_per_network_and_per_day(client, editor, section):
    article = make_article(section, title="Counted story")
    count(article, 1500)
    count(article, 20, days_ago=3)
    count(article, 4, kind="facebook")
    count(article, 2, kind="copy")
    response = client.get(reverse("engagement_article_stats", args=[article.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Counted story" in html
    assert "<dt>Views</dt><dd><strong>1520</strong></dd>" in html
    assert "<dt>Shares</dt><dd><strong>6</strong></dd>" in html
    assert "<td>Facebook</td><td>4</td>" in html
    assert "<td>Copied link</td><td>2</td>" in html


def test_the_edit_view_links_to_the_totals(client, editor, section):
    article = make_article(section)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert reverse("engagement_article_stats", args=[article.pk]) in html
    assert "Views and shares" in html
    section_html = client.get(reverse("wagtailadmin_pages:edit", args=[section.pk])).content.decode()
    assert "/admin/engagement/articles/" not in section_html  # only articles have counts


def test_staff_who_cannot_edit_the_article_cannot_see_its_totals(client, section):
    article = make_article(section)
    outsider = get_user_model().objects.create_user("outsider", "outsider@example.com", "pw")
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    outsider.groups.add(group)
    client.force_login(outsider)
    response = client.get(reverse("engagement_article_stats", args=[article.pk]))
    # A page outside the user's permissions does not exist for them in the admin (journos/core/desk_privacy.py).
    assert response.status_code == 404
    assert article.title not in response.content.decode()
    assert client.get(reverse("engagement_article_stats", args=[99999])).status_code == 404

"""The newsroom dashboard (admin home): each role sees its panels with the right items, at a fixed query cost."""

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, Revision, Workflow

import pytest

from journos.core.groups import ensure_newsroom_groups
from journos.engagement import services
from journos.engagement.models import HourlyCount
from journos.news.factories import ArticlePageFactory, SectionPageFactory
from journos.newsletter.models import Issue, NewsletterList

pytestmark = pytest.mark.django_db

HOME = reverse("wagtailadmin_home")


@pytest.fixture
def section(home):
    ensure_newsroom_groups()
    return SectionPageFactory(parent=home, title="Politics")


@pytest.fixture
def staff():
    def make(role, username=None):
        username = username or role.lower()
        user = get_user_model().objects.create_user(username, f"{username}@newsroom.example", "pw")
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


def draft(section, owner, title, *, age=timedelta(0), saves=1):
    """A never-published article `owner` created `age` ago and saved `saves` times."""
    page = ArticlePageFactory(
        parent=section, title=title, owner=owner, live=False, first_published_at=None, featured_image=None
    )
    for _ in range(saves):
        page.save_revision(user=owner)
    then = timezone.now() - age
    page.revisions.update(created_at=then)
    Page.objects.filter(pk=page.pk).update(latest_revision_created_at=then)
    return page


def scheduled(section, owner, title, go_live_at):
    page = ArticlePageFactory(parent=section, title=title, owner=owner, live=False, first_published_at=None)
    page.go_live_at = go_live_at
    # A future go-live time schedules instead of publishing (approved by an editor: no user to check).
    page.save_revision(user=owner).publish()
    return page


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def panel(html, panel_id) -> str:
    """The HTML of one dashboard panel ('' when it is not shown)."""
    start = html.find(f'id="{panel_id}-section"')
    if start == -1:
        start = html.find(f'id="{panel_id}')
    if start == -1:
        return ""
    end = html.find("</section>", start)
    return html[start:end]


def test_a_reporter_sees_their_own_drafts_not_others(client, section, staff):
    ana, ben = staff("Reporters", "ana"), staff("Reporters", "ben")
    draft(section, ana, "Ana's council story")
    draft(section, ben, "Ben's transport story")
    drafts = panel(dashboard(client, ana), "my-drafts")
    assert "Ana&#x27;s council story" in drafts
    assert "Ben" not in drafts
    assert "Ben&#x27;s transport story" in panel(dashboard(client, ben), "my-drafts")


def test_abandoned_drafts_link_to_wagtails_delete_view_and_the_link_works(client, section, staff):
    ana = staff("Reporters", "ana")
    abandoned = draft(section, ana, "Left behind", age=timedelta(days=2))
    worked_on = draft(section, ana, "Being written", age=timedelta(days=2), saves=3)
    fresh = draft(section, ana, "Just started")
    drafts = panel(dashboard(client, ana), "my-drafts")
    delete_url = reverse("wagtailadmin_pages:delete", args=[abandoned.pk])
    assert f'href="{delete_url}?next={HOME}"' in drafts
    for kept in (worked_on, fresh):
        assert reverse("wagtailadmin_pages:delete", args=[kept.pk]) not in drafts
    assert drafts.count("Abandoned") == 1

    assert client.get(f"{delete_url}?next={HOME}").status_code == 200  # Wagtail's confirmation
    response = client.post(f"{delete_url}?next={HOME}")
    assert response.status_code == 302
    assert not Page.objects.filter(pk=abandoned.pk).exists()
    assert "Left behind" not in panel(dashboard(client, ana), "my-drafts")


def test_a_moderator_sees_the_review_queue_first_and_a_reporter_does_not(client, section, staff):
    ana, mo = staff("Reporters", "ana"), staff("Moderators", "mo")
    submitted = draft(section, ana, "Please review me")
    Workflow.objects.get(name="Moderators approval").start(submitted, ana)

    html = dashboard(client, mo)
    queue = panel(html, "awaiting-review")
    assert "Please review me" in queue
    assert "Moderators approval: In progress" in queue  # the item's task progress, as in Wagtail's panel
    assert html.index('id="awaiting-review') < html.index('id="most-read')  # the day's work comes first
    reporter_html = dashboard(client, ana)
    assert panel(reporter_html, "awaiting-review") == ""
    assert "Please review me" in reporter_html  # in Wagtail's "Your pages in workflow"


def test_scheduled_pages_are_listed_with_their_times_soonest_first(client, section, staff):
    ana, ben, editor = staff("Reporters", "ana"), staff("Reporters", "ben"), staff("Editors", "eve")
    soon = timezone.now().replace(second=0, microsecond=0) + timedelta(hours=2)
    later = soon + timedelta(days=1)
    scheduled(section, ana, "Embargoed report", later)
    scheduled(section, ben, "Election results", soon)

    desk = panel(dashboard(client, editor), "scheduled")
    assert desk.index("Election results") < desk.index("Embargoed report")
    assert f'<time datetime="{timezone.localtime(soon).isoformat()}">' in desk
    assert f'<time datetime="{timezone.localtime(later).isoformat()}">' in desk

    own = panel(dashboard(client, ana), "scheduled")  # a reporter sees only their own
    assert "Embargoed report" in own and "Election results" not in own


def chart_numbers(html):
    """(bar heights by value, table rows) of the first chart in `html`."""
    start = html.index('<svg class="j-chart__svg"')
    end = html.index("</svg>", start)
    svg = html[start:end]
    bars = [
        (int(value), float(height))
        for height, value in re.findall(r'<rect class="j-chart__bar"[^>]* height="([\d.]+)" data-value="(\d+)"', svg)
    ]
    table = html[html.index("<table", end) : html.index("</table>", end)]
    rows = [(label, int(value)) for label, value in re.findall(r'<th scope="row">([^<]+)</th><td>(\d+)</td>', table)]
    return bars, rows


def test_the_charts_bars_and_tables_show_the_same_counts(client, section, staff):
    article = ArticlePageFactory(parent=section, featured_image=None)
    start = timezone.make_aware(timezone.datetime.combine(timezone.localdate(), timezone.datetime.min.time()))
    for hour, views in ((0, 40), (1, 10), (2, 20)):
        services.add_hourly_counts({(article.pk, "view"): views}, hour=start + timedelta(hours=hour))
    HourlyCount.objects.create(article=article, hour=start - timedelta(hours=1), kind="view", count=99)  # yesterday
    services.add_counts(article_id=article.pk, day=timezone.localdate(), kind="view", amount=70)
    services.add_counts(article_id=article.pk, day=timezone.localdate() - timedelta(days=2), kind="view", amount=35)

    most_read = panel(dashboard(client, staff("Reporters")), "most-read")
    today, week = most_read.split("Last 7 days")
    bars, rows = chart_numbers(today)
    assert [value for value, _ in bars] == [value for _, value in rows] == [40, 10, 20] + [0] * 21
    assert rows[:3] == [("00:00", 40), ("01:00", 10), ("02:00", 20)]
    assert [height for _, height in bars[:3]] == [160.0, 40.0, 80.0]  # scaled to the tallest bar

    bars, rows = chart_numbers(week)
    assert [value for value, _ in bars] == [value for _, value in rows] == [0, 0, 0, 0, 35, 0, 70]
    assert [height for _, height in bars[-3:]] == [80.0, 0.0, 160.0]

    stats = client.get(reverse("engagement_article_stats", args=[article.pk])).content.decode()
    assert chart_numbers(stats)[1][:3] == [("00:00", 40), ("01:00", 10), ("02:00", 20)]


def test_the_charts_send_no_inline_style_or_script(client, section, staff):
    html = panel(dashboard(client, staff("Editors")), "most-read")
    svgs = re.findall(r'<svg class="j-chart__svg".*?</svg>', html, re.S)
    assert len(svgs) == 2
    for svg in svgs:
        assert "style" not in svg and "<script" not in svg


def test_newsletter_issues_in_flight_are_shown_to_who_may_send_them(client, section, staff):
    newsletter = NewsletterList.objects.create(name="Morning briefing", slug="morning")
    at = timezone.now().replace(second=0, microsecond=0) + timedelta(hours=3)
    Issue.objects.create(newsletter=newsletter, subject="Tomorrow's briefing", status="scheduled", scheduled_at=at)
    Issue.objects.create(newsletter=newsletter, subject="Going out now", status="sending")
    Issue.objects.create(newsletter=newsletter, subject="Old news", status="sent")

    issues = panel(dashboard(client, staff("Editors")), "newsletter-in-flight")
    assert "Tomorrow&#x27;s briefing" in issues and "Going out now" in issues and "Old news" not in issues
    assert f'<time datetime="{timezone.localtime(at).isoformat()}">' in issues
    assert panel(dashboard(client, staff("Reporters")), "newsletter-in-flight") == ""


def test_recently_published_lists_the_desks_articles(client, section, staff):
    ArticlePageFactory(parent=section, title="Fresh off the desk", featured_image=None)
    draft(section, staff("Reporters", "ana"), "Not yet out")
    published = panel(dashboard(client, staff("Moderators")), "recently-published")
    assert "Fresh off the desk" in published and "Not yet out" not in published


def newsroom(section, owner, n):
    """n articles of each kind the dashboard lists: drafts, scheduled, published and read."""
    soon = timezone.now() + timedelta(hours=1)
    for i in range(n):
        draft(section, owner, f"Draft {n}-{i}", age=timedelta(days=2))
        scheduled(section, owner, f"Scheduled {n}-{i}", soon + timedelta(minutes=i))
        article = ArticlePageFactory(parent=section, owner=owner, featured_image=None)
        services.add_counts(article_id=article.pk, day=timezone.localdate(), kind="view", amount=i + 1)
        services.add_hourly_counts({(article.pk, "view"): i + 1}, hour=services.current_hour())


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


def test_the_dashboard_costs_the_same_queries_for_3_or_10_articles(client, section, staff):
    editor = staff("Editors", "eve")
    client.force_login(editor)
    newsroom(section, editor, 3)
    client.get(HOME)  # warm the per-process caches (site root, permissions' content types)
    few = count_queries(client)
    newsroom(section, editor, 7)
    assert count_queries(client) == few


@pytest.mark.parametrize(
    ("panel_class", "queries"),
    [
        ("journos.news.dashboard.MyDraftsPanel", 1),
        ("journos.news.dashboard.ScheduledPanel", 3),
        # Whether any section is private (for the published-articles rule), then the articles.
        ("journos.news.dashboard.RecentlyPublishedPanel", 2),
        # Twice (today, week): rank, cards, authors, sections; then the hourly and the daily chart.
        ("journos.engagement.admin_views.MostReadPanel", 11),
        ("journos.newsletter.admin_views.IssuesInFlightPanel", 1),
    ],
)
def test_each_panel_has_a_fixed_query_budget(rf, section, staff, django_assert_num_queries, panel_class, queries):
    from django.utils.module_loading import import_string

    editor = staff("Editors", "eve")
    newsroom(section, editor, 4)
    request = rf.get(HOME)
    request.user = get_user_model().objects.get(pk=editor.pk)
    Revision.objects.count()  # content types are cached by now
    with django_assert_num_queries(queries):
        import_string(panel_class)().render_html({"request": request, "csrf_token": ""})


def test_a_moderators_dashboard_costs_the_same_queries_for_3_or_10_pages_in_review(client, section, staff):
    ana, mo = staff("Reporters", "ana"), staff("Moderators", "mo")
    workflow = Workflow.objects.get(name="Moderators approval")

    def submit(n):
        for i in range(n):
            workflow.start(draft(section, ana, f"For review {n}-{i}"), ana)

    client.force_login(mo)
    submit(3)
    client.get(HOME)
    few = count_queries(client)
    submit(7)
    assert count_queries(client) == few

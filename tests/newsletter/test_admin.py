"""The newsroom's side: composing and sending issues, delivery reports, subscribers and CSV."""

import csv
import io
from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from journos.news.factories import ArticlePageFactory, SectionPageFactory
from journos.newsletter import sending
from journos.newsletter.factories import IssueFactory, NewsletterListFactory, SubscriberFactory
from journos.newsletter.models import Delivery, Issue, Subscriber
from tests.utils import make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", email="editor@journos.test", password="x")


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


def dispatch_url(issue):
    return reverse("wagtailsnippets_newsletter_issue:dispatch", args=[issue.pk])


def test_issue_screens_load(admin_client, newsletter):
    issue = IssueFactory(newsletter=newsletter)
    index = admin_client.get("/admin/snippets/newsletter/issue/")
    assert index.status_code == 200
    assert dispatch_url(issue) in index.content.decode()
    assert admin_client.get("/admin/snippets/newsletter/issue/add/").status_code == 200
    edit = admin_client.get(f"/admin/snippets/newsletter/issue/edit/{issue.pk}/")
    assert edit.status_code == 200
    assert dispatch_url(issue) in edit.content.decode()


def test_dispatch_page_shows_audience_and_preview(admin_client, newsletter):
    SubscriberFactory.create_batch(3, newsletters=[newsletter])
    SubscriberFactory(state=Subscriber.State.PENDING, newsletters=[newsletter])
    issue = IssueFactory(newsletter=newsletter, subject="Friday edition")
    page = admin_client.get(dispatch_url(issue)).content.decode()
    assert "3 confirmed subscribers" in page
    view = admin_client.get(reverse("wagtailsnippets_newsletter_issue:view_in_browser", args=[issue.pk]))
    assert view.status_code == 200
    assert "Friday edition" in view.content.decode()
    assert "Good morning" in issue.serve_preview(None, "").content.decode()


def test_suggestion_adds_most_read_and_newest_since_last_issue(admin_client, newsletter):
    home = make_site()
    section = SectionPageFactory(parent=home)
    old = ArticlePageFactory(parent=section, title="Old story", first_published_at=timezone.now() - timedelta(days=9))
    last = IssueFactory(newsletter=newsletter, articles=[old])
    Issue.objects.filter(pk=last.pk).update(status=Issue.Status.SENT, sent_at=timezone.now() - timedelta(days=7))
    fresh = [ArticlePageFactory(parent=section, title=f"Fresh {n}") for n in range(3)]
    issue = IssueFactory(newsletter=newsletter)

    response = admin_client.post(dispatch_url(issue), {"action": "suggest"})

    assert response.status_code == 302
    chosen = [item.article.title for item in issue.articles.order_by("sort_order")]
    assert sorted(chosen) == sorted(article.title for article in fresh)
    assert "Old story" not in chosen  # readers had it in the last issue


def test_send_a_test_to_me(admin_client, newsletter):
    issue = IssueFactory(newsletter=newsletter, subject="Draft edition")
    admin_client.post(dispatch_url(issue), {"action": "test"})
    [message] = mail.outbox
    assert message.to == ["editor@journos.test"]
    assert message.subject == "[Test] Draft edition"
    assert issue.deliveries.count() == 0


def confirm_send_url(issue):
    return reverse("wagtailsnippets_newsletter_issue:confirm_send", args=[issue.pk])


def test_send_now_asks_for_confirmation_with_the_audience(admin_client, newsletter):
    SubscriberFactory.create_batch(3, newsletters=[newsletter])
    SubscriberFactory(state=Subscriber.State.UNSUBSCRIBED, newsletters=[newsletter])
    issue = IssueFactory(newsletter=newsletter, subject="Friday edition")
    dispatch = admin_client.get(dispatch_url(issue)).content.decode()
    assert f'href="{confirm_send_url(issue)}"' in dispatch  # "Send now" is a link to the question, not a send

    confirm = admin_client.get(confirm_send_url(issue))
    page = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Friday edition" in page and "Morning briefing" in page
    assert "3 confirmed subscribers" in page
    assert 'name="confirm" value="yes"' in page and 'method="post"' in page
    # Neither looking at the question nor a POST without the confirmation sends anything.
    unconfirmed = admin_client.post(dispatch_url(issue), {"action": "send"})
    assert unconfirmed.status_code == 302 and unconfirmed["Location"] == confirm_send_url(issue)
    assert admin_client.post(confirm_send_url(issue), {"confirm": "yes"}).status_code == 405
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT and mail.outbox == []

    admin_client.post(dispatch_url(issue), {"action": "send", "confirm": "yes"})
    assert len(mail.outbox) == 3


def test_confirming_a_sent_issue_goes_back_to_its_report(admin_client, newsletter):
    SubscriberFactory(newsletters=[newsletter])
    issue = IssueFactory(newsletter=newsletter)
    sending.start_sending(issue)
    response = admin_client.get(confirm_send_url(issue), follow=True)
    assert response.redirect_chain[-1][0] == dispatch_url(issue)
    assert "already being sent or was sent" in response.content.decode()


def test_send_now_and_follow_the_report(admin_client, newsletter):
    SubscriberFactory.create_batch(4, newsletters=[newsletter])
    issue = IssueFactory(newsletter=newsletter)
    response = admin_client.post(dispatch_url(issue), {"action": "send", "confirm": "yes"}, follow=True)
    assert "Sending to 4 subscribers" in response.content.decode()
    assert len(mail.outbox) == 4
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    page = admin_client.get(dispatch_url(issue)).content.decode()
    assert "Delivery report" in page
    # A sent issue cannot be edited or sent again.
    edit = admin_client.get(f"/admin/snippets/newsletter/issue/edit/{issue.pk}/")
    assert edit.status_code == 302 and edit["Location"] == dispatch_url(issue)
    admin_client.post(dispatch_url(issue), {"action": "send", "confirm": "yes"})
    assert len(mail.outbox) == 4


def test_report_lists_failures(admin_client, newsletter):
    issue = IssueFactory(newsletter=newsletter)
    bad = SubscriberFactory(email="gone@example.com", newsletters=[newsletter])
    sending.start_sending(issue)
    Delivery.objects.filter(subscriber=bad).update(state=Delivery.State.FAILED, last_error="550 No such user")
    page = admin_client.get(dispatch_url(issue)).content.decode()
    assert "gone@example.com" in page and "550 No such user" in page


def test_schedule_must_be_in_the_future(admin_client, newsletter):
    issue = IssueFactory(newsletter=newsletter)
    past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = admin_client.post(dispatch_url(issue), {"action": "schedule", "send_at": past})
    assert "Choose a time in the future" in response.content.decode()
    future = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    admin_client.post(dispatch_url(issue), {"action": "schedule", "send_at": future})
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SCHEDULED
    admin_client.post(dispatch_url(issue), {"action": "unschedule"})
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT


def test_an_empty_issue_cannot_be_sent(admin_client, newsletter):
    SubscriberFactory(newsletters=[newsletter])
    issue = IssueFactory(newsletter=newsletter, intro="")
    response = admin_client.post(dispatch_url(issue), {"action": "send", "confirm": "yes"}, follow=True)
    assert "Add an introduction or at least one article" in response.content.decode()
    assert mail.outbox == []


def test_unknown_action_is_a_bad_request(admin_client, newsletter):
    assert admin_client.post(dispatch_url(IssueFactory(newsletter=newsletter)), {"action": "x"}).status_code == 400


def test_sending_needs_the_send_permission(client, django_user_model, newsletter):
    user = django_user_model.objects.create_user("writer", email="w@journos.test", password="x")
    group = Group.objects.create(name="Newsletter writers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_issue"),
    )
    user.groups.add(group)
    client.force_login(user)
    SubscriberFactory(newsletters=[newsletter])
    issue = IssueFactory(newsletter=newsletter)
    page = client.get(dispatch_url(issue))
    assert page.status_code == 200
    assert "Send now" not in page.content.decode()
    refused = client.post(dispatch_url(issue), {"action": "send", "confirm": "yes"})
    assert refused.status_code == 302 and refused["Location"] == "/admin/"  # Wagtail's "permission denied"
    assert client.get(confirm_send_url(issue))["Location"] == "/admin/"
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT
    assert mail.outbox == []


def test_readers_cannot_reach_the_dispatch_page(client, django_user_model, newsletter):
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert client.get(dispatch_url(IssueFactory(newsletter=newsletter))).status_code in (302, 403)


# Subscribers -----------------------------------------------------------------


def test_subscriber_index_counts_states_and_searches(admin_client, newsletter):
    SubscriberFactory.create_batch(2, newsletters=[newsletter])
    SubscriberFactory(email="findme@example.com", state=Subscriber.State.BOUNCED)
    page = admin_client.get("/admin/newsletter/subscribers/").content.decode()
    assert "<strong>2</strong> confirmed" in page
    assert "<strong>1</strong> bounced" in page
    found = admin_client.get("/admin/newsletter/subscribers/?q=findme").content.decode()
    assert "findme@example.com" in found


def export(admin_client, query=""):
    response = admin_client.get("/admin/newsletter/subscribers/export/" + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_csv_export_respects_filters_and_defuses_formulas(admin_client, newsletter):
    weekly = NewsletterListFactory(slug="weekly")
    SubscriberFactory(email="a@example.com", newsletters=[newsletter, weekly], source="=HYPERLINK(1)")
    SubscriberFactory(email="b@example.com", state=Subscriber.State.UNSUBSCRIBED)
    rows = export(admin_client)
    assert {row["email"] for row in rows} == {"a@example.com", "b@example.com"}
    first = next(row for row in rows if row["email"] == "a@example.com")
    assert first["lists"] == "morning;weekly"
    assert first["source"] == "'=HYPERLINK(1)"
    assert [row["email"] for row in export(admin_client, "?state=unsubscribed")] == ["b@example.com"]


def upload(admin_client, content: bytes, **extra):
    data = {
        "file": io.BytesIO(content),
        "newsletters": [extra.pop("newsletter").pk],
        "consent_text": "Signed up on our previous provider",
        "confirm": "on",
        **extra,
    }
    data["file"].name = "subscribers.csv"
    return admin_client.post("/admin/newsletter/subscribers/import/", data)


def test_csv_import_validates_deduplicates_and_reports_by_row(admin_client, newsletter):
    weekly = NewsletterListFactory(slug="weekly")
    SubscriberFactory(email="left@example.com", state=Subscriber.State.UNSUBSCRIBED)
    content = (
        b"Email,lists\n"
        b"new@example.com,\n"
        b"NEW@example.com,\n"
        b"not-an-address,\n"
        b"both@example.com,weekly\n"
        b"left@example.com,\n"
        b"odd@example.com,no-such-list\n"
    )
    response = upload(admin_client, content, newsletter=newsletter)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>2</strong> new subscribers" in page
    assert "Repeats row 2" in page
    assert "<td>4</td><td>not-an-address</td>" in page
    assert "Unknown newsletter: no-such-list" in page
    assert "not added again" in page
    both = Subscriber.objects.get(email="both@example.com")
    assert both.state == Subscriber.State.CONFIRMED
    assert both.consent_text == "Signed up on our previous provider"
    assert sorted(both.subscriptions.values_list("newsletter__slug", flat=True)) == ["morning", "weekly"]
    assert Subscriber.objects.get(email="left@example.com").state == Subscriber.State.UNSUBSCRIBED
    assert weekly.subscriptions.count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name\nana@example.com\n", "one called"),
        ("email\nrené@example.com\n".encode("latin-1"), "not UTF-8"),
    ],
)
def test_csv_import_refuses_unreadable_files(admin_client, newsletter, content, message):
    response = upload(admin_client, content, newsletter=newsletter)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Subscriber.objects.exists()


def test_csv_import_needs_consent_confirmation(admin_client, newsletter):
    response = upload(admin_client, b"email\nana@example.com\n", newsletter=newsletter, confirm="")
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_demo_lists_are_created_once(newsletter):
    from django.core.management import call_command

    from journos.newsletter.models import NewsletterList

    NewsletterList.objects.all().delete()
    call_command("seed_newsletter", stdout=io.StringIO())
    call_command("seed_newsletter", stdout=io.StringIO())
    assert list(NewsletterList.objects.values_list("slug", flat=True)) == ["morning-briefing", "weekly-digest"]


def sending_issue(newsletter, *, sent_recently=3, sent_earlier=3, failed=1, pending=4):
    """An issue part-way through its send: deliveries in each state, some sent within the last minute."""
    issue = IssueFactory(newsletter=newsletter, status=Issue.Status.SENDING, send_started_at=timezone.now())
    now = timezone.now()
    states = (
        [(Delivery.State.SENT, now - timedelta(seconds=20))] * sent_recently
        + [(Delivery.State.SENT, now - timedelta(minutes=5))] * sent_earlier
        + [(Delivery.State.FAILED, None)] * failed
        + [(Delivery.State.PENDING, None)] * pending
    )
    for state, sent_at in states:
        Delivery.objects.create(issue=issue, subscriber=SubscriberFactory(), state=state, sent_at=sent_at)
    return issue


def progress_url(issue):
    return reverse("wagtailsnippets_newsletter_issue:progress", args=[issue.pk])


def test_a_sending_issue_shows_a_progress_bar_with_counts_rate_and_expected_end(admin_client, newsletter):
    issue = sending_issue(newsletter)
    numbers = sending.progress(issue)
    assert (numbers["done"], numbers["total"], numbers["percent"], numbers["per_minute"]) == (7, 11, 63, 3)
    # 4 remaining at 3 a minute: 80 seconds from now.
    assert abs((numbers["expected_end"] - timezone.now()).total_seconds() - 80) < 5

    page = admin_client.get(dispatch_url(issue)).content.decode()
    assert '<progress max="11" value="7"' in page
    assert "6 sent, 1 failed, 4 remaining" in page and "3 a minute, expected to finish around" in page
    assert f'data-newsletter-progress="{progress_url(issue)}"' in page  # the script follows it from there
    assert "js/newsletter-progress.js" in page

    Delivery.objects.filter(issue=issue, state=Delivery.State.PENDING).update(
        state=Delivery.State.SENT, sent_at=timezone.now()
    )
    fragment = admin_client.get(progress_url(issue))
    assert fragment.status_code == 200 and "no-cache" in fragment["Cache-Control"]
    assert '<progress max="11" value="11"' in fragment.content.decode()


def test_a_finished_issue_tells_the_script_to_stop(admin_client, newsletter):
    issue = sending_issue(newsletter, pending=0)
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENT, sent_at=timezone.now())
    fragment = admin_client.get(progress_url(issue)).content.decode()
    assert "100%" in fragment and "data-newsletter-progress" not in fragment


def test_a_send_without_a_worker_says_it_is_waiting(admin_client, newsletter):
    issue = sending_issue(newsletter, sent_recently=0, sent_earlier=0, failed=0, pending=5)
    fragment = admin_client.get(progress_url(issue)).content.decode()
    assert "0 sent, 0 failed, 5 remaining" in fragment and "waiting for the worker" in fragment


def test_progress_is_for_staff_who_may_change_issues(client, django_user_model, newsletter):
    issue = sending_issue(newsletter)
    client.force_login(django_user_model.objects.create_user("reader", "reader@example.org", "x"))
    assert client.get(progress_url(issue)).status_code in (302, 403)
    assert client.post(progress_url(issue)).status_code in (302, 403, 405)

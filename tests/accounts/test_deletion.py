"""Deleting an account removes what the account page says goes with it, here and in the admin."""

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session

from wagtail.models import ModelLogEntry

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from journos.core.ratelimit import allow
from journos.newsletter import sending
from journos.newsletter.factories import IssueFactory, NewsletterListFactory, SubscriberFactory
from journos.newsletter.models import Delivery, Subscriber, Subscription
from tests.accounts.conftest import PASSWORD, login

User = get_user_model()
pytestmark = pytest.mark.django_db


@pytest.fixture
def morning(settings):
    settings.NEWSLETTER_SEND_RATE = 0
    return NewsletterListFactory(name="Morning briefing", slug="morning")


def delete_own_account(client):
    response = client.post("/account/delete/", {"delete-current_password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/account/deleted/"


def test_a_deleted_subscriber_receives_no_more_newsletters(client, mailbox, reader, morning):
    client.force_login(reader)
    client.post("/newsletter/account/", {"lists": ["morning"], "next": "/account/"})
    assert Subscription.objects.get(subscriber__email="ana@example.org").confirmed_at is not None
    SubscriberFactory(email="ben@example.org", newsletters=[morning])
    issue = IssueFactory(newsletter=morning)
    sending.start_sending(issue)  # both deliveries wait to be sent

    delete_own_account(client)
    sending.run(issue.pk)

    assert not Subscriber.objects.filter(email="ana@example.org").exists()
    assert not Subscription.objects.filter(subscriber__email="ana@example.org").exists()
    assert [message["Subject"] for message in mailbox.to("ben@example.org")] == [issue.subject]
    assert [message["Subject"] for message in mailbox.to("ana@example.org")] == [
        "Your Journos account has been deleted"
    ]
    assert list(Delivery.objects.values_list("subscriber__email", "state")) == [("ben@example.org", "sent")]


def test_every_session_of_the_account_ends_and_others_stay(client, reader, make_reader):
    phone, laptop, someone_else = type(client)(), type(client)(), type(client)()
    phone.force_login(reader)
    laptop.force_login(reader)
    someone_else.force_login(make_reader(username="ben", email="ben@example.org"))
    client.force_login(reader)
    assert Session.objects.count() == 4

    delete_own_account(client)

    assert [session.get_decoded().get("_auth_user_id") for session in Session.objects.all()] == [
        str(User.objects.get(username="ben").pk)
    ]
    assert phone.get("/account/status/").json() == {"authenticated": False}


def test_login_records_and_counters_of_the_account_go(client, reader, make_reader, rate_limit):
    other = make_reader(username="ben", email="ben@example.org")
    for name in ("ana", "ana@example.org", "ben"):
        login(type(client)(), name, "wrong password")
    for model in (AccessFailureLog, AccessLog):  # kept when those logs are switched on
        for name in ("ana", "ben"):
            model.objects.create(username=name, ip_address="203.0.113.5", user_agent="test")
    assert AccessAttempt.objects.filter(username="ana").exists()
    rate_limit("account-emails", 3)
    rate_limit("password-checks", 4)  # three here, and the deletion's own check of the password
    for _ in range(3):  # this hour's limit of e-mails to the address, and of password checks for the account
        allow("account-emails", "verify:ana@example.org")
        allow("password-checks", str(reader.pk))
        allow("account-emails", "verify:ben@example.org")

    client.force_login(reader)
    delete_own_account(client)

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert list(model.objects.values_list("username", flat=True)) == ["ben"], model.__name__
    assert allow("account-emails", "verify:ana@example.org")
    assert allow("password-checks", str(reader.pk))
    assert not allow("account-emails", "verify:ben@example.org")
    assert User.objects.filter(pk=other.pk).exists()


def test_deleting_a_reader_in_the_admin_removes_the_same(client, reader, morning, django_user_model):
    SubscriberFactory(email="ana@example.org", newsletters=[morning])
    device = type(client)()
    device.force_login(reader)
    admin = django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    client.force_login(admin)
    ModelLogEntry.objects.log_action(reader, "wagtail.edit", user=admin)  # the history names the reader

    response = client.post(f"/admin/users/delete/{reader.pk}/")

    assert response.status_code == 302
    assert not User.objects.filter(pk=reader.pk).exists()
    assert not Subscriber.objects.filter(email="ana@example.org").exists()
    assert device.get("/account/status/").json() == {"authenticated": False}
    assert not Session.objects.filter(session_key=device.session.session_key).exists()
    labels = set(ModelLogEntry.objects.filter(object_id=str(reader.pk)).values_list("label", flat=True))
    assert labels == {f"Deleted account {reader.pk}"}


def test_account_pages_promise_only_what_exists(client, reader):
    """Readers comment (journos.comments, tests/comments); the delete section says what goes, as tested above
    (what happens to comments: tests/comments/test_reports_notifications_account.py)."""
    register = client.get("/account/register/").content.decode()
    assert "you comment under articles and reply to other readers" in register
    client.force_login(reader)
    account = client.get("/account/").content.decode()
    assert ">Comments</h2>" in account
    assert "your comments, and your reports of other readers' comments" in account.replace("&#x27;", "'")
    assert "the newsletters your address receives" in account and "your sign-ins, on every device" in account

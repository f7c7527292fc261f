"""Leaving a list (signed links, RFC 8058 one-click) and managing lists from the account page."""

import re

from django.core import mail
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

import pytest

from journos.newsletter import emails, tokens
from journos.newsletter.factories import NewsletterListFactory, SubscriberFactory
from journos.newsletter.models import Subscriber, Subscription

pytestmark = pytest.mark.django_db


def unsubscribe_path(subscriber, newsletter=None) -> str:
    return emails.unsubscribe_url(subscriber, newsletter).removeprefix("http://testserver")


@pytest.fixture
def weekly(db):
    return NewsletterListFactory(name="Weekly digest", slug="weekly", is_default=False)


def test_following_the_link_only_shows_a_button(client, newsletter):
    subscriber = SubscriberFactory(newsletters=[newsletter])
    response = client.get(unsubscribe_path(subscriber, newsletter))
    assert response.status_code == 200
    assert "Morning briefing only" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.CONFIRMED


def test_one_click_post_needs_no_login_nor_csrf_and_acts_at_once(newsletter, weekly):
    subscriber = SubscriberFactory(newsletters=[newsletter, weekly])
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        unsubscribe_path(subscriber, newsletter),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    # Only the list the e-mail came from; the reader keeps the weekly digest.
    assert list(subscriber.subscriptions.values_list("newsletter__slug", flat=True)) == ["weekly"]
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.CONFIRMED


def test_unsubscribing_from_everything(client, newsletter, weekly):
    subscriber = SubscriberFactory(newsletters=[newsletter, weekly])
    response = client.post(unsubscribe_path(subscriber, newsletter), {"scope": "all"})
    assert "any of our newsletters" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    assert not subscriber.subscriptions.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_forged_unsubscribe_links_are_refused(client, newsletter, method):
    subscriber = SubscriberFactory(newsletters=[newsletter])
    good = unsubscribe_path(subscriber, newsletter)
    other = SubscriberFactory(newsletters=[newsletter])
    # Another reader's payload under this reader's signature.
    other_payload = tokens.make_unsubscribe_token(other, newsletter).split(":")[0]
    forged = other_payload + ":" + good.split("/")[3].split(":", 1)[1]
    for path in (good[:-6] + "abcde/", f"/newsletter/unsubscribe/{forged}/", "/newsletter/unsubscribe/x/"):
        response = getattr(client, method)(path, {"scope": "all"} if method == "post" else None)
        assert response.status_code == 400, path
    assert Subscriber.objects.filter(state=Subscriber.State.CONFIRMED).count() == 2


def test_a_confirmation_token_does_not_unsubscribe(client, newsletter):
    subscriber = SubscriberFactory(newsletters=[newsletter])
    token = tokens.make_confirm_token(subscriber)
    assert client.post(f"/newsletter/unsubscribe/{token}/").status_code == 400


# The account page ------------------------------------------------------------


def render_panel(user):
    request = RequestFactory().get("/account/")
    request.user = user
    from django.middleware.csrf import get_token

    get_token(request)
    return render_to_string("newsletter/includes/account_panel.html", {"user": user}, request=request)


def test_account_panel_shows_the_readers_lists(django_user_model, newsletter, weekly):
    user = django_user_model.objects.create_user("ana", email="Ana@Example.com", password="x", email_verified=True)
    SubscriberFactory(email="ana@example.com", newsletters=[newsletter])
    html = render_panel(user)
    assert re.search(r'value="morning" id="account-list-morning" checked', html)
    assert re.search(r'value="weekly" id="account-list-weekly">', html)
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'action="/newsletter/account/"' in html


def test_account_panel_without_an_address(django_user_model, newsletter):
    user = django_user_model.objects.create_user("noemail", password="x")
    assert "Add an e-mail address" in render_panel(user)


def test_verified_reader_changes_lists_at_once(client, django_user_model, newsletter, weekly):
    user = django_user_model.objects.create_user("ana", email="ana@example.com", password="x", email_verified=True)
    SubscriberFactory(email="ana@example.com", newsletters=[newsletter])
    client.force_login(user)
    response = client.post("/newsletter/account/", {"lists": ["weekly"], "next": "/account/"})
    assert response.status_code == 302 and response["Location"] == "/account/"
    subscriber = Subscriber.objects.get(email="ana@example.com")
    assert subscriber.state == Subscriber.State.CONFIRMED
    assert [(s.newsletter.slug, bool(s.confirmed_at)) for s in subscriber.subscriptions.all()] == [("weekly", True)]
    assert mail.outbox == []

    client.post("/newsletter/account/", {"next": "/account/"})  # nothing ticked
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.UNSUBSCRIBED


def test_unverified_reader_confirms_by_e_mail(
    client, django_user_model, newsletter, django_capture_on_commit_callbacks
):
    user = django_user_model.objects.create_user("bo", email="bo@example.com", password="x")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/newsletter/account/", {"lists": ["morning"]})
    subscription = Subscription.objects.get(subscriber__email="bo@example.com")
    assert subscription.confirmed_at is None
    [message] = mail.outbox
    assert message.to == ["bo@example.com"]
    path = re.search(r"http://testserver(/newsletter/confirm/\S+/)", message.body)[1]
    client.post(path)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_account_form_needs_login_and_csrf(client, django_user_model, newsletter):
    response = client.post("/newsletter/account/", {"lists": ["morning"]})
    assert response.status_code == 302 and "login" in response["Location"]
    client = Client(enforce_csrf_checks=True)
    user = django_user_model.objects.create_user("ana", email="ana@example.com", password="x")
    client.force_login(user)
    assert client.post("/newsletter/account/", {"lists": ["morning"]}).status_code == 403
    assert client.get("/newsletter/account/").status_code == 405
    assert not Subscriber.objects.exists()


def test_account_form_never_redirects_off_site(client, django_user_model, newsletter):
    user = django_user_model.objects.create_user("ana", email="ana@example.com", password="x")
    client.force_login(user)
    response = client.post("/newsletter/account/", {"lists": ["nope"], "next": "https://evil.example/"})
    assert response["Location"] == "/account/"
    assert not Subscriber.objects.exists()

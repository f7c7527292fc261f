"""Signing up: the forms on cached pages, double opt-in, and what bots and abusers meet."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
import time_machine

from journos.news.factories import ArticlePageFactory, SectionPageFactory
from journos.newsletter.factories import NewsletterListFactory, SubscriberFactory
from journos.newsletter.models import Subscriber, Subscription
from tests.utils import make_site

pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"http://testserver(/newsletter/confirm/[^/\s]+/)")


def sign_up(client, email="ana@example.com", lists=("morning",), **extra):
    data = {"email": email, "lists": list(lists), "website": "", "source": "test"}
    data.update(extra.pop("data", {}))
    return client.post("/newsletter/subscribe/", data, **extra)


def confirm_path(message) -> str:
    return CONFIRM_LINK.search(message.get_body(("plain",)).get_content())[1]


def test_newsletter_page_lists_each_newsletter_and_is_cacheable(client, newsletter):
    NewsletterListFactory(name="Weekly digest", slug="weekly", frequency="Every Saturday", is_default=False)
    NewsletterListFactory(name="Retired list", slug="retired", is_active=False)
    response = client.get("/newsletter/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Morning briefing" in html and "Every weekday at 7am" in html
    assert "Weekly digest" in html and "Every Saturday" in html
    assert "Retired list" not in html
    assert "csrfmiddlewaretoken" not in html
    assert "public" in response["Cache-Control"]
    assert not response.cookies


def test_sidebar_box_on_article_pages_has_no_token_and_costs_no_query_once_cached(
    client, newsletter, django_assert_num_queries
):
    home = make_site()
    article = ArticlePageFactory(parent=SectionPageFactory(parent=home))
    first = client.get(article.url)
    html = first.content.decode()
    assert 'action="/newsletter/subscribe/"' in html
    assert 'value="morning" id="newsletter-box-list-morning"' in html
    assert "csrfmiddlewaretoken" not in html
    assert not first.cookies
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(article.url)
    assert not [query for query in queries if "newsletter_" in query["sql"]]


def test_editing_a_list_refreshes_the_sidebar_box(client, newsletter):
    home = make_site()
    client.get(home.url)
    newsletter.name = "Early edition"
    newsletter.save()
    assert "Early edition" in client.get(home.url).content.decode()


def test_double_opt_in_over_real_smtp(client, smtp, newsletter):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/newsletter/check-your-inbox/"
    subscriber = Subscriber.objects.get(email="ana@example.com")
    assert subscriber.state == Subscriber.State.PENDING
    assert subscriber.source == "test"
    assert "unsubscribe at any time" in subscriber.consent_text
    [message] = smtp.mailbox.to("ana@example.com")
    assert "Confirm" in message["Subject"]
    path = confirm_path(message)

    # Following the link (as a mail scanner would) confirms nothing.
    page = client.get(path)
    assert page.status_code == 200
    assert "Yes, subscribe me" in page.content.decode()
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.PENDING

    done = client.post(path)
    assert done.status_code == 200
    assert "You are subscribed" in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.CONFIRMED
    assert Subscription.objects.get(subscriber=subscriber).confirmed_at is not None


def test_confirm_button_needs_the_csrf_token_of_its_page(newsletter, smtp):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    sign_up(client)
    path = confirm_path(smtp.mailbox.messages[0])
    assert client.post(path).status_code == 403
    page = client.get(path)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    assert client.post(path, {"csrfmiddlewaretoken": token}).status_code == 200
    assert Subscriber.objects.get().state == Subscriber.State.CONFIRMED


def test_expired_confirmation_link_is_refused_with_a_way_forward(client, smtp, newsletter):
    sign_up(client)
    path = confirm_path(smtp.mailbox.messages[0])
    with time_machine.travel(timedelta(days=4)):
        response = client.post(path)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert Subscriber.objects.get().state == Subscriber.State.PENDING


@pytest.mark.parametrize("method", ["get", "post"])
def test_forged_or_cut_confirmation_link_is_refused(client, smtp, newsletter, method):
    sign_up(client)
    path = confirm_path(smtp.mailbox.messages[0])
    for bad in (path[:-8] + "AAAAAAA/", "/newsletter/confirm/not-a-token/", "/newsletter/confirm/" + "x" * 3000 + "/"):
        response = getattr(client, method)(bad)
        assert response.status_code == 400, bad
        assert "not valid" in response.content.decode()
    assert Subscriber.objects.get().state == Subscriber.State.PENDING


def test_same_answer_for_new_pending_and_subscribed_addresses(client, smtp, newsletter):
    SubscriberFactory(email="old@example.com", newsletters=[newsletter])
    SubscriberFactory(email="waiting@example.com", state=Subscriber.State.PENDING, newsletters=[newsletter])
    answers = []
    for address in ("new@example.com", "waiting@example.com", "old@example.com"):
        response = sign_up(client, email=address, follow=True)
        answers.append((response.status_code, response.redirect_chain, response.content))
    assert answers[0] == answers[1] == answers[2]
    # The confirmed reader gets no needless e-mail; the others get a confirmation link.
    assert smtp.mailbox.to("old@example.com") == []
    assert len(smtp.mailbox.to("new@example.com")) == 1
    assert len(smtp.mailbox.to("waiting@example.com")) == 1


def test_addresses_are_normalised(client, smtp, newsletter):
    sign_up(client, email="  Ana.Ruiz@Example.COM ")
    sign_up(client, email="ana.ruiz@example.com")
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["ana.ruiz@example.com"]


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not-an-address", "valid e-mail address"),
        ("", "Enter your e-mail address"),
        ("a" * 400 + "@example.com", "too long"),
        ("ana@exa mple.com", "valid e-mail address"),
    ],
)
def test_bad_addresses_get_a_clear_message(client, newsletter, email, message):
    response = sign_up(client, email=email)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Subscriber.objects.exists()


def test_a_list_must_be_chosen_from_those_offered(client, newsletter):
    NewsletterListFactory(slug="retired", is_active=False)
    assert "Choose at least one newsletter" in sign_up(client, lists=()).content.decode()
    response = sign_up(client, lists=("retired",))
    assert response.status_code == 400
    assert "Choose from the newsletters listed" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_honeypot_looks_like_success_but_records_nothing(client, smtp, newsletter):
    response = sign_up(client, data={"website": "http://spam.example"})
    assert response.status_code == 302
    assert response["Location"] == "/newsletter/check-your-inbox/"
    assert not Subscriber.objects.exists()
    assert smtp.mailbox.messages == []


def test_blocked_domains_are_refused(client, settings, newsletter):
    settings.NEWSLETTER_BLOCKED_DOMAINS = ["mailinator.com"]
    response = sign_up(client, email="bot@eu.mailinator.com")
    assert response.status_code == 400
    assert "use another one" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_posts_from_another_site_are_refused(client, newsletter):
    response = sign_up(client, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert sign_up(client, HTTP_REFERER="https://evil.example/page").status_code == 403
    assert sign_up(client, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert sign_up(client, HTTP_REFERER="http://[::1").status_code == 403
    assert not Subscriber.objects.exists()
    assert sign_up(client, HTTP_ORIGIN="http://testserver").status_code == 302


def test_get_on_subscribe_is_not_allowed(client):
    assert client.get("/newsletter/subscribe/").status_code == 405


def test_hostile_posts_get_a_400_and_store_nothing(client, newsletter):
    assert sign_up(client, email="ana\x00@example.com").status_code == 400
    assert sign_up(client, data={"source": "sidebar\x00"}).status_code == 400
    assert sign_up(client, lists=[f"list-{n}" for n in range(2000)]).status_code == 400
    assert not Subscriber.objects.exists()


def test_one_client_is_rate_limited(client, rate_limit, newsletter):
    rate_limit("newsletter-signups", 3)
    for n in range(3):
        assert sign_up(client, email=f"reader{n}@example.com").status_code == 302
    response = sign_up(client, email="reader9@example.com")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert Subscriber.objects.count() == 3
    # Another client is not affected.
    assert sign_up(client, email="other@example.com", REMOTE_ADDR="10.0.0.9").status_code == 302


def through_deploys_proxies(reader: str, forged: str = "") -> dict:
    """X-Forwarded-For as nginx → Varnish deliver it: [what the reader sent,] reader, nginx; from Varnish."""
    forwarded = f"{forged}, {reader}, 127.0.0.1" if forged else f"{reader}, 127.0.0.1"
    return {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": forwarded}


def test_behind_deploys_proxies_each_reader_has_their_own_sign_up_limit(client, settings, newsletter):
    settings.TRUSTED_PROXY_COUNT = 2  # as deploy/ and .env.example say
    limit = settings.RATE_LIMITS["newsletter-signups"][0]
    # More readers than one client's limit sign up through the proxies: none of them is refused.
    for n in range(limit + 2):
        response = sign_up(client, email=f"reader{n}@example.com", **through_deploys_proxies(f"198.51.100.{n + 1}"))
        assert response.status_code == 302, n
    # One reader, whatever they write in front of their address, has their own limit.
    for n in range(limit - 1):
        forged = f"192.0.2.{n}"
        assert (
            sign_up(client, email=f"ana{n}@example.com", **through_deploys_proxies("198.51.100.1", forged)).status_code
            == 302
        )
    refused = sign_up(client, email="ana-last@example.com", **through_deploys_proxies("198.51.100.1", "192.0.2.99"))
    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()


def test_repeated_sign_ups_do_not_flood_an_inbox(client, smtp, newsletter):
    for n in range(6):
        response = sign_up(client, email="target@example.com", REMOTE_ADDR=f"10.0.0.{n}")
        assert response.status_code == 302  # the same answer every time
    assert len(smtp.mailbox.to("target@example.com")) == 3


def test_with_redis_down_repeated_sign_ups_still_do_not_flood_an_inbox(client, smtp, cache_down, newsletter):
    for n in range(6):
        assert sign_up(client, email="target@example.com", REMOTE_ADDR=f"10.0.0.{n}").status_code == 302
    assert len(smtp.mailbox.to("target@example.com")) == 3


def test_a_reader_who_left_can_come_back_with_a_fresh_opt_in(client, smtp, newsletter):
    SubscriberFactory(email="back@example.com", state=Subscriber.State.UNSUBSCRIBED)
    sign_up(client, email="back@example.com")
    subscriber = Subscriber.objects.get(email="back@example.com")
    assert subscriber.state == Subscriber.State.PENDING
    client.post(confirm_path(smtp.mailbox.to("back@example.com")[0]))
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.CONFIRMED


def test_newsletter_page_query_count_does_not_grow_with_lists(client, newsletter):
    make_site()

    def measure():
        for _ in range(2):
            client.get("/newsletter/")  # warm the navigation and footer fragments
        with CaptureQueriesContext(connection) as queries:
            assert "Morning briefing" in client.get("/newsletter/").content.decode()
        return len(queries)

    one_list = measure()
    NewsletterListFactory.create_batch(5)
    assert measure() == one_list

"""The newsletter dispatch page follows a send live in Chromium: the bar moves without a reload."""

from django.urls import reverse
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from journos.newsletter.factories import IssueFactory, NewsletterListFactory, SubscriberFactory
from journos.newsletter.models import Delivery, Issue
from tests.utils import make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BAR = ".newsletter-progress progress"


def test_the_progress_bar_follows_the_send_then_the_page_shows_the_result(
    live_server, desktop_page, client, django_user_model
):
    make_site()
    client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "x"))
    desktop_page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    issue = IssueFactory(newsletter=NewsletterListFactory(), status=Issue.Status.SENDING)
    for _ in range(10):
        Delivery.objects.create(issue=issue, subscriber=SubscriberFactory())
    desktop_page.goto(live_server.url + reverse("wagtailsnippets_newsletter_issue:dispatch", args=[issue.pk]))
    assert desktop_page.eval_on_selector(BAR, "bar => [bar.value, bar.max]") == [0, 10]
    desktop_page.evaluate("window.notReloaded = true")

    sent = Delivery.objects.filter(pk__in=list(issue.deliveries.values_list("pk", flat=True)[:4]))
    sent.update(state=Delivery.State.SENT, sent_at=timezone.now())
    # Playwright's expect, not a string predicate: the admin's CSP refuses eval.
    expect(desktop_page.locator(BAR)).to_have_js_property("value", 4, timeout=15000)
    text = desktop_page.inner_text(".newsletter-progress")
    assert "40%" in text and "4 sent, 0 failed, 6 remaining" in text and "4 a minute" in text
    assert desktop_page.evaluate("window.notReloaded") is True  # updated in place

    issue.deliveries.update(state=Delivery.State.SENT, sent_at=timezone.now())
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENT, sent_at=timezone.now())
    expect(desktop_page.locator("body")).to_contain_text("Finished sending", timeout=15000)
    assert "100%" in desktop_page.inner_text(".newsletter-progress")

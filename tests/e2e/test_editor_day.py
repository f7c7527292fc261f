"""An editor's day in Chromium: a newsletter goes out only after the confirmation that says to how many,
and an abandoned "New article" never blocks the next one with the same headline."""

from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

import pytest

from journos.news.factories import AuthorPageFactory, SectionPageFactory
from journos.news.models import ArticlePage
from journos.newsletter.factories import IssueFactory, NewsletterListFactory, SubscriberFactory
from journos.newsletter.models import Issue, Subscriber
from tests.utils import make_authors_index, make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_page(desktop_page, live_server, django_user_model):
    """The desktop browser, signed in to the admin as an editor (a superuser, as in the demo)."""
    editor = django_user_model.objects.create_superuser("editor", "editor@journos.test", "x")
    client = Client()
    client.force_login(editor)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    desktop_page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    desktop_page.editor = editor
    return desktop_page


def test_send_now_sends_only_after_the_confirmation_with_the_recipient_count(editor_page, live_server, smtp):
    make_site()
    newsletter = NewsletterListFactory(name="Morning briefing", slug="morning")
    readers = SubscriberFactory.create_batch(3, newsletters=[newsletter])
    SubscriberFactory(state=Subscriber.State.PENDING, newsletters=[newsletter])  # not confirmed: not counted
    issue = IssueFactory(newsletter=newsletter, subject="Friday edition")
    page = editor_page

    page.goto(live_server.url + reverse("wagtailsnippets_newsletter_issue:dispatch", args=[issue.pk]))
    page.get_by_role("link", name="Send now to 3 subscribers…").click()

    page.wait_for_selector(".newsletter-confirm-send")
    assert "Send this issue now?" in page.inner_text("header")
    assert "It will go to 3 confirmed subscribers at once." in page.inner_text(".newsletter-confirm-send")
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT and smtp.mailbox.messages == []  # the question sent nothing

    page.get_by_role("button", name="Yes, send to 3 subscribers").click()

    page.wait_for_selector("text=Sending to 3 subscribers")
    issue.refresh_from_db()
    assert issue.status in (Issue.Status.SENDING, Issue.Status.SENT)
    assert sorted(smtp.mailbox.recipients()) == sorted(reader.email for reader in readers)


def write_article(page, live_server, section, headline):
    """Start "New article" in the section and fill in what an article needs: headline, standfirst,
    an author (through the chooser) and a paragraph (through the body's block menu)."""
    page.goto(live_server.url + reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk]))
    page.fill("#id_title", headline)
    page.fill("#id_standfirst", "Amateur astronomers were first to spot it.")
    page.get_by_text("Choose a page (Author page)").first.click()  # the first author's empty slot
    page.locator(".modal").get_by_role("link", name="Rui Costa").click()
    page.wait_for_selector(".modal", state="hidden")
    body = page.locator("#panel-child-content-body-section")
    body.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph").click()
    body.locator("[contenteditable=true]").first.type("It was faint but clear.")


def test_an_abandoned_new_article_does_not_block_the_next_with_the_same_headline(editor_page, live_server):
    home = make_site()
    section = SectionPageFactory(parent=home, title="Science", slug="science")
    AuthorPageFactory(parent=make_authors_index(home), title="Rui Costa")
    page = editor_page

    # First attempt: the draft is saved, then the editor walks away from it.
    write_article(page, live_server, section, "Comet seen over the bay")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url("**/edit/")
    abandoned = ArticlePage.objects.get()
    assert (abandoned.slug, abandoned.live) == ("comet-seen-over-the-bay", False)
    page.goto(live_server.url + reverse("wagtailadmin_explore", args=[section.pk]))

    # Second attempt, same headline (so the same slug): it publishes, with no "slug already in use".
    write_article(page, live_server, section, "Comet seen over the bay")
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publish").click()

    page.wait_for_selector("text=published", timeout=15000)
    assert "already in use" not in page.content()
    published = ArticlePage.objects.live().get()
    assert published.pk != abandoned.pk
    assert published.slug == "comet-seen-over-the-bay"
    assert published.url_path.endswith("/science/comet-seen-over-the-bay/")
    abandoned.refresh_from_db()
    assert abandoned.slug == f"comet-seen-over-the-bay-draft-{abandoned.pk}" and not abandoned.live

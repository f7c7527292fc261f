"""Article types and corrections in Chromium: an editor labels a piece and logs a correction in the admin,
and a reader sees the label on the card and the article, and follows the note to the log."""

from django.urls import reverse

import pytest
from playwright.sync_api import expect

from journos.news.factories import ArticlePageFactory, AuthorPageFactory, SectionPageFactory
from tests.utils import make_authors_index, make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_labels_an_opinion_and_corrects_it_and_a_reader_follows_the_note(
    live_server, desktop_page, client, django_user_model
):
    home = make_site()
    section = SectionPageFactory(parent=home, title="Politics", slug="politics")
    writer = AuthorPageFactory(parent=make_authors_index(home), title="Maya Lind", role="Political columnist")
    article = ArticlePageFactory(
        parent=section, title="Why the vote should wait", slug="vote-should-wait", authors=[writer]
    )
    client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "x"))
    desktop_page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    desktop_page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[article.pk]))
    desktop_page.get_by_label("Type").select_option(label="Opinion")
    desktop_page.get_by_role("button", name="Add correction or update").click()
    desktop_page.locator("textarea[name='corrections-0-text']").fill("The vote is on May 4, not May 5.")
    desktop_page.locator("footer").get_by_role("button", name="More actions").click()
    desktop_page.get_by_role("button", name="Publish").click()
    expect(desktop_page.locator(".messages")).to_contain_text("published")

    desktop_page.context.clear_cookies()
    desktop_page.goto(live_server.url + section.url)
    card = desktop_page.locator("article.card", has_text="Why the vote should wait")
    expect(card.locator(".type-label")).to_have_text("Opinion")
    expect(card.locator(".card__byline")).to_contain_text("Maya Lind (Political columnist)")

    card.get_by_role("link", name="Why the vote should wait").click()
    header = desktop_page.locator(".story__header")
    expect(header.locator(".type-label")).to_have_text("Opinion")
    expect(header.locator(".type-label")).to_be_visible()
    expect(header.locator(".story__byline")).to_contain_text("Political columnist")
    note = header.get_by_role("link", name="This article was corrected on")
    expect(note).to_be_visible()
    note.click()
    log = desktop_page.get_by_role("region", name="Corrections and updates")
    expect(log).to_be_in_viewport()
    expect(log).to_contain_text("The vote is on May 4, not May 5.")
    assert desktop_page.url.endswith("#corrections")

"""Mark as breaking in Chromium: one click in the page's header menu, and readers reach the bar by keyboard."""

from django.urls import reverse

import pytest
from playwright.sync_api import expect

from journos.news.factories import ArticlePageFactory, SectionPageFactory
from tests.utils import make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_marks_an_article_as_breaking_and_a_reader_tabs_to_the_bar(
    live_server, desktop_page, client, django_user_model
):
    section = SectionPageFactory(parent=make_site(), title="Politics", slug="politics")
    article = ArticlePageFactory(parent=section, title="Parliament dissolved", slug="dissolved")
    client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "x"))
    desktop_page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    desktop_page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[article.pk]))
    desktop_page.get_by_role("navigation", name="Actions", exact=True).get_by_role("button", name="Actions").click()
    desktop_page.get_by_role("link", name="Mark as breaking").click()
    expect(desktop_page.locator(".messages")).to_contain_text("is the breaking news")

    desktop_page.context.clear_cookies()
    desktop_page.goto(live_server.url + "/")
    bar = desktop_page.get_by_role("region", name="Breaking news")
    expect(bar).to_contain_text("Parliament dissolved")
    desktop_page.keyboard.press("Tab")  # the skip link
    desktop_page.keyboard.press("Tab")
    expect(bar.get_by_role("link", name="Parliament dissolved")).to_be_focused()

"""In a real browser under the admin's Content-Security-Policy: a Reporter's dashboard with drafts and charts."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from journos.core.groups import ensure_newsroom_groups
from journos.engagement import services
from journos.news.factories import ArticlePageFactory, SectionPageFactory
from tests.utils import make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
    page.context.add_cookies([cookie])


def test_a_reporters_dashboard_draws_the_charts_with_the_sites_css_and_lists_their_drafts(live_server, desktop_page):
    section = SectionPageFactory(parent=make_site(), title="Science")
    ensure_newsroom_groups()
    ana = get_user_model().objects.create_user("ana", "ana@newsroom.example", "pw")
    ana.groups.add(Group.objects.get(name="Reporters"))
    draft = ArticlePageFactory(parent=section, title="Ana's half-written story", owner=ana, live=False)
    draft.save_revision(user=ana)
    read = ArticlePageFactory(parent=section, title="Comet spotted", featured_image=None)
    services.add_counts(article_id=read.pk, day=timezone.localdate(), kind="view", amount=12)
    services.add_hourly_counts({(read.pk, "view"): 12}, hour=services.current_hour())

    blocked = []  # styles or scripts the CSP refused (the dashboard's charts must need neither inline)

    def watch(message):
        if "Content Security" in message.text and ("style-src" in message.text or "script-src" in message.text):
            blocked.append(message.text)

    desktop_page.on("console", watch)
    signed_in(desktop_page, live_server, ana)
    desktop_page.goto(live_server.url + "/admin/")

    expect(desktop_page.locator("#my-drafts-section")).to_contain_text("Ana's half-written story")
    expect(desktop_page.locator("#most-read-section")).to_contain_text("Comet spotted")
    bar = desktop_page.locator('.j-chart__bar[data-value="12"]').first
    expect(bar).to_be_visible()
    # The bar's colour comes from static/css/admin-dashboard.css (a class, no inline style): not the SVG default black.
    assert bar.evaluate("element => getComputedStyle(element).fill") not in ("rgb(0, 0, 0)", "none", "")
    table = desktop_page.locator(".j-chart__details").first
    expect(table.locator("table")).to_be_hidden()
    table.locator("summary").click()
    expect(table.locator("table")).to_contain_text("12")
    assert blocked == []

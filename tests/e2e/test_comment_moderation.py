"""A moderator works the comment queue in a real browser (under the admin's Content-Security-Policy): approving
with the mouse, rejecting everything left with the keyboard only."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

import pytest
from playwright.sync_api import expect

from journos.comments.models import Comment
from journos.core.groups import ensure_newsroom_groups
from journos.news.factories import ArticlePageFactory, SectionPageFactory
from tests.comments.moderation_helpers import make_comment, make_reader
from tests.utils import make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queue(live_server, desktop_page):
    section = SectionPageFactory(parent=make_site(), title="Politics", slug="politics")
    article = ArticlePageFactory(parent=section, title="Budget vote tonight", slug="budget-vote")
    comments = [make_comment(article, make_reader(f"reader{n}"), f"Pending comment number {n}") for n in range(4)]
    ensure_newsroom_groups()
    moderator = get_user_model().objects.create_user("mo", "mo@newsroom.example", "pw")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client = Client()
    client.force_login(moderator)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
    desktop_page.context.add_cookies([cookie])
    blocked = []  # scripts or styles the CSP refused
    desktop_page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security" in message.text else None
    )
    return desktop_page, comments, blocked


def statuses():
    return list(Comment.objects.order_by("pk").values_list("status", flat=True))


def test_a_moderator_approves_by_mouse_and_rejects_by_keyboard(live_server, queue):
    page, comments, blocked = queue
    page.goto(live_server.url + "/admin/comments/")
    expect(page.locator("table.listing tbody tr")).to_have_count(4)

    # Mouse: tick two comments and approve them.
    page.get_by_label(f"Choose comment {comments[0].pk}").click()
    page.get_by_label(f"Choose comment {comments[2].pk}").click()
    page.get_by_role("button", name="Approve chosen").click()
    expect(page.get_by_text("2 comments approved.")).to_be_visible()
    expect(page.locator("table.listing tbody tr")).to_have_count(2)
    assert statuses() == ["approved", "pending", "approved", "pending"]

    # Keyboard: "Choose all on this page" (shown by the page's script), Space, Tab to Reject chosen, Enter.
    choose_all = page.get_by_label("Choose all on this page")
    expect(choose_all).to_be_visible()
    choose_all.focus()
    page.keyboard.press("Space")
    expect(page.get_by_label(f"Choose comment {comments[3].pk}")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Approve chosen")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Reject chosen")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("2 comments rejected.")).to_be_visible()
    expect(page.get_by_text("No pending comments.")).to_be_visible()
    assert statuses() == ["approved", "rejected", "approved", "rejected"]

    page.get_by_role("link", name="Rejected 2").click()
    expect(page.locator("table.listing tbody tr")).to_have_count(2)
    assert blocked == []

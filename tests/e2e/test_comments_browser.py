"""Comments in Chromium: posting with the live counter, replying in place, load more, reporting."""

from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from journos.comments.factories import CommentFactory, ReaderFactory
from journos.comments.models import Comment, CommentReport
from journos.news.factories import ArticlePageFactory, SectionPageFactory
from tests.utils import make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-and-unusual-passphrase"


@pytest.fixture
def article():
    section = SectionPageFactory(parent=make_site(), title="Politics", slug="politics")
    return ArticlePageFactory(parent=section, title="Harbour talks resume")


def log_in(page, base_url, reader, next_path):
    page.goto(f"{base_url}/account/login/?next={next_path}")
    page.locator("main input[name=username]").fill(reader.username)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**{next_path}")


def test_a_reader_posts_with_the_live_counter_and_replies_in_place(live_server, desktop_page, article, settings):
    # A trusted reader: published at once (what waits for a moderator: tests/e2e/test_comment_moderation.py).
    settings.COMMENTS_TRUSTED_AFTER = 0
    settings.COMMENTS_NEW_ACCOUNT_HOURS = 0
    page = desktop_page
    other = CommentFactory(page=article, body="The talks will fail.")
    reader = ReaderFactory(username="ada")
    log_in(page, live_server.url, reader, article.url)
    form = page.locator("#comments [data-comment-form]")
    expect(form).to_be_visible()  # the panel came from the per-reader endpoint
    box = form.locator("textarea")
    box.fill("Hopeful news for the harbour towns.")
    expect(form.locator("[data-comment-counter]")).to_have_text(f"{settings.COMMENT_MAX_LENGTH - 35} characters left")
    form.get_by_role("button", name="Post comment").click()
    mine = Comment.objects.get(author=reader)
    page.wait_for_url(f"**{article.url}#comment-{mine.pk}")
    expect(page.locator(f"#comment-{mine.pk}")).to_contain_text("Hopeful news for the harbour towns.")
    # Own comments get Edit and Delete instead of Report.
    expect(page.locator(f"#comment-{mine.pk} [data-comment-actions]")).to_contain_text("Delete")
    expect(page.locator(f"#comment-{mine.pk} [data-report-link]")).to_have_count(0)

    page.locator(f"#comment-{other.pk} [data-reply-link]").click()
    reply_form = page.locator(f"#comment-{other.pk} [data-reply-form]")
    expect(reply_form.locator("textarea")).to_be_focused()
    reply_form.locator("textarea").fill("Not if both sides keep talking.")
    reply_form.get_by_role("button", name="Post reply").click()
    reply = Comment.objects.get(parent=other)
    page.wait_for_url(f"**#comment-{reply.pk}")
    expect(page.locator(f"#comment-{other.pk} .comment__replies #comment-{reply.pk}")).to_contain_text(
        "Not if both sides keep talking."
    )


def test_load_more_appends_the_next_page_of_comments(live_server, desktop_page, article):
    start = timezone.now() - timedelta(hours=2)
    author = ReaderFactory()
    for number in range(60):
        CommentFactory(
            page=article, author=author, body=f"Comment {number}", created_at=start + timedelta(minutes=number)
        )
    page = desktop_page
    page.goto(live_server.url + article.url)
    items = page.locator("#comment-list > li")
    assert items.count() == 50
    page.get_by_role("link", name="Load more comments").click()
    items.nth(59).wait_for()
    assert items.count() == 60
    assert page.url.endswith(article.url)
    expect(page.get_by_role("link", name="Load more comments")).to_have_count(0)


def test_a_reader_reports_a_comment(live_server, desktop_page, article):
    comment = CommentFactory(page=article, body="Something rude.")
    reader = ReaderFactory()
    page = desktop_page
    log_in(page, live_server.url, reader, article.url)
    page.locator(f"#comment-{comment.pk} [data-report-link]").click()
    page.get_by_label("Abusive or hateful").check()
    page.get_by_role("button", name="Send report").click()
    expect(page.locator(".comments__message")).to_contain_text("moderators will look at this comment")
    assert CommentReport.objects.get().reason == "abuse"
    page.goto(live_server.url + article.url)
    expect(page.locator(f"#comment-{comment.pk} .comment__reported")).to_have_text("Reported")

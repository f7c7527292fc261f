"""Readers write, reply, edit and delete comments; bad input gets a clear answer, never a 500."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest
import time_machine

from journos.comments.factories import CommentFactory, ReaderFactory
from journos.comments.models import Comment, CommenterStatus

pytestmark = pytest.mark.django_db


def post(client, article, body, **extra):
    return client.post(f"/comments/article/{article.pk}/", {"body": body, **extra})


def test_a_confirmed_reader_comments_and_lands_on_it(reader_client, article):
    assert "No comments yet" in reader_client.get(article.url).content.decode()  # cached fragments, now warm
    response = post(reader_client, article, "Good reporting.\n\nSecond paragraph with https://example.org/x")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED
    assert response.status_code == 302
    assert response["Location"] == f"{article.url}#comment-{comment.pk}"
    page = reader_client.get(article.url).content.decode()
    assert f'id="comment-{comment.pk}"' in page
    assert "<p>Good reporting.</p>" in page
    assert '<a href="https://example.org/x" rel="nofollow ugc">https://example.org/x</a>' in page


def test_html_and_script_are_shown_as_text(reader_client, article):
    post(reader_client, article, '<script>alert("x")</script> <b>bold</b> <a href="javascript:alert(1)">y</a>')
    stored = Comment.objects.get().body
    assert stored.startswith("<script>")  # stored as typed...
    page = reader_client.get(article.url).content.decode()
    assert '<script>alert("x")</script>' not in page  # ...shown escaped
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page
    assert 'href="javascript:' not in page


def test_control_and_bidi_characters_are_removed(reader_client, article):
    post(reader_client, article, "Hello\u202e dlrow\u0007\u200b there\r\nnext line")
    assert Comment.objects.get().body == "Hello dlrow there\nnext line"


def test_null_characters_are_refused_with_a_message(reader_client, article):
    response = post(reader_client, article, "Hello\x00there")
    assert response.status_code == 400
    assert "Null characters are not allowed" in response.content.decode()
    assert not Comment.objects.exists()


def test_too_long_and_empty_comments_are_refused(reader_client, article, settings):
    settings.COMMENT_MAX_LENGTH = 50
    response = post(reader_client, article, "x" * 51)
    assert response.status_code == 400
    assert "at most 50 characters" in response.content.decode()
    response = post(reader_client, article, "  \u200b \n ")
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_a_one_megabyte_body_is_refused_413(reader_client, article):
    response = post(reader_client, article, "x" * 1_000_000)
    assert response.status_code == 413
    assert "far longer than a comment" in response.content.decode()
    assert not Comment.objects.exists()


def test_signed_out_unconfirmed_and_closed_are_told_why(client, reader, article):
    assert post(client, article, "Hi").status_code == 403
    unconfirmed = ReaderFactory(email_verified=False)
    client.force_login(unconfirmed)
    response = post(client, article, "Hi")
    assert response.status_code == 403
    assert "Confirm your e-mail address" in response.content.decode()
    client.force_login(reader)
    article.comments_open = False
    article.save()
    response = post(client, article, "Hi")
    assert response.status_code == 403
    assert "closed" in response.content.decode()
    assert not Comment.objects.exists()


def test_comments_close_by_themselves_after_the_site_setting(reader_client, article, home):
    from journos.core.models import SiteSettings

    settings_row = SiteSettings.for_site(home.get_site())
    settings_row.comments_close_after_days = 7
    settings_row.save()
    with time_machine.travel(article.first_published_at + timedelta(days=6), tick=False):
        panel = reader_client.get(f"/comments/article/{article.pk}/").content.decode()
        assert "close on" in panel
        assert post(reader_client, article, "In time").status_code == 302
    with time_machine.travel(article.first_published_at + timedelta(days=8), tick=False):
        response = post(reader_client, article, "Too late")
        assert response.status_code == 403
        assert "Comments on this article are closed" in response.content.decode()
    assert Comment.objects.count() == 1


def test_missing_csrf_token_is_403(reader, article):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    response = post(client, article, "Hi")
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()


def test_bogus_ids_are_404(reader_client, article):
    assert reader_client.get("/comments/article/999999/").status_code == 404
    assert reader_client.get("/comments/999999/").status_code == 404
    assert reader_client.get("/comments/999999/report/").status_code == 404
    assert reader_client.get("/comments/999999/edit/").status_code == 404
    assert reader_client.get("/comments/export.xml").status_code == 404
    assert reader_client.get(article.url + "?comments_page=abc").status_code == 404
    assert reader_client.get(article.url + "?comments_page=0").status_code == 404
    assert reader_client.get(article.url + "?comments_page=7").status_code == 404
    assert reader_client.get(article.url + "?comments_order=random").status_code == 404
    response = post(reader_client, article, "Hi", parent="999999")
    assert response.status_code == 404
    assert post(reader_client, article, "Hi", parent="abc").status_code == 400
    assert reader_client.get("/comments/unsubscribe/forged/").status_code == 400


def test_rate_limited_refusals_answer_429(reader_client, article, monkeypatch):
    def refuse(comment, request):
        raise ValidationError("You are commenting too fast. Wait a minute.", code="rate_limited")

    monkeypatch.setattr("journos.comments.moderation.screen", refuse)
    response = post(reader_client, article, "Again")
    assert response.status_code == 429
    assert "too fast" in response.content.decode()
    assert not Comment.objects.exists()


def test_rapid_repeats_never_fail(reader_client, article):
    answers = {post(reader_client, article, "Same words").status_code for _ in range(5)}
    assert answers <= {302, 400, 429}


def test_banned_readers_are_refused(reader_client, reader, article):
    CommenterStatus.objects.create(user=reader, banned=True, ban_reason="Abuse")
    response = post(reader_client, article, "Hi")
    assert response.status_code == 403
    assert "suspended" in response.content.decode()


def test_reply_to_a_comment_one_level_only(reader_client, article):
    parent = CommentFactory(page=article)
    response = post(reader_client, article, "I agree", parent=str(parent.pk))
    reply = Comment.objects.get(parent=parent)
    assert response.status_code == 302
    page = reader_client.get(article.url).content.decode()
    assert f'id="comment-{reply.pk}"' in page
    assert page.index(f'id="comment-{parent.pk}"') < page.index(f'id="comment-{reply.pk}"')
    response = post(reader_client, article, "Deeper", parent=str(reply.pk))
    assert response.status_code == 400
    assert "only reply to a published comment" in response.content.decode()


def test_reply_page_works_without_javascript(reader_client, article):
    parent = CommentFactory(page=article, body="Original point")
    page = reader_client.get(f"/comments/{parent.pk}/reply/").content.decode()
    assert "Original point" in page
    assert f'name="parent" value="{parent.pk}"' in page


def test_edit_within_ten_minutes_only(reader_client, reader, article):
    comment = CommentFactory(page=article, author=reader, body="Typo hre")
    response = reader_client.post(f"/comments/{comment.pk}/edit/", {"body": "Typo here"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Typo here" and comment.edited_at
    assert "(edited)" in reader_client.get(article.url).content.decode()
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        response = reader_client.post(f"/comments/{comment.pk}/edit/", {"body": "Later"})
    assert response.status_code == 403
    assert "10 minutes" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Typo here"


def test_nobody_edits_or_deletes_another_readers_comment(reader_client, article):
    other = CommentFactory(page=article)
    assert reader_client.post(f"/comments/{other.pk}/edit/", {"body": "Mine now"}).status_code == 404
    assert reader_client.post(f"/comments/{other.pk}/delete/").status_code == 404
    assert Comment.objects.get(pk=other.pk).body == other.body


def test_delete_removes_or_leaves_deleted_when_answered(reader_client, reader, article):
    alone = CommentFactory(page=article, author=reader)
    answered = CommentFactory(page=article, author=reader, body="Controversial view")
    reply = CommentFactory(page=article, parent=answered)
    assert reader_client.post(f"/comments/{alone.pk}/delete/").status_code == 302
    assert reader_client.post(f"/comments/{answered.pk}/delete/").status_code == 302
    assert not Comment.objects.filter(pk=alone.pk).exists()
    answered.refresh_from_db()
    assert answered.deleted and answered.body == ""
    page = reader_client.get(article.url).content.decode()
    assert "This comment was deleted by its author." in page
    assert "Controversial view" not in page
    assert f'id="comment-{reply.pk}"' in page
    assert "1 comment" in page  # the deleted one is not counted


def test_pending_comments_show_only_in_their_authors_panel(client, article):
    unconfirmed_then_confirmed = ReaderFactory()
    client.force_login(unconfirmed_then_confirmed)
    CommentFactory(page=article, author=unconfirmed_then_confirmed, status=Comment.Status.PENDING, body="Waiting")
    assert "Waiting" not in client.get(article.url).content.decode()
    panel = client.get(f"/comments/article/{article.pk}/", headers={"X-Requested-With": "fetch"}).content.decode()
    assert "Waiting" in panel and "Waiting for a moderator" in panel
    assert "<html" not in panel  # the fragment alone, for comments.js


def test_editors_close_comments_per_article_and_site_wide():
    from journos.core.models import SiteSettings
    from journos.news.models import ArticlePage

    assert "comments_open" in ArticlePage.get_edit_handler().get_form_class().base_fields
    assert ["comments_close_after_days"] in [getattr(panel, "children", None) for panel in SiteSettings.panels]


def test_comments_on_unpublished_articles_are_not_shown_anywhere(reader_client, article):
    comment = CommentFactory(page=article)
    article.unpublish()
    assert reader_client.get(f"/comments/{comment.pk}/").status_code == 404
    assert reader_client.get(f"/comments/{comment.pk}/report/").status_code == 404
    assert reader_client.get(f"/comments/{comment.pk}/reply/").status_code == 404
    assert post(reader_client, article, "Hello?").status_code == 404

"""Reports, reply e-mails with one-click unsubscribe, the account page's option and download, account deletion."""

import csv
import io
import json
import re

from django.core import mail

import pytest

from journos.comments import services
from journos.comments.factories import CommentFactory, ReaderFactory
from journos.comments.models import Comment, CommenterStatus, CommentReport
from tests.comments.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def report(client, comment, reason="abuse", note=""):
    return client.post(f"/comments/{comment.pk}/report/", {"reason": reason, "note": note})


def test_a_reader_reports_a_comment_once_with_a_reason(reader_client, reader, article):
    comment = CommentFactory(page=article)
    page = reader_client.get(f"/comments/{comment.pk}/report/").content.decode()
    assert "Abusive or hateful" in page and comment.body in page
    assert report(reader_client, comment, "spam", "Selling things").status_code == 200
    stored = CommentReport.objects.get()
    assert (stored.reporter, stored.reason, stored.note) == (reader, "spam", "Selling things")
    again = report(reader_client, comment)
    assert again.status_code == 400
    assert "already reported" in again.content.decode()
    assert report(reader_client, comment, reason="not-a-reason").status_code == 400
    assert CommentReport.objects.count() == 1


def test_reporting_needs_an_account_and_not_ones_own_comment(client, reader, article):
    comment = CommentFactory(page=article, author=reader)
    response = client.get(f"/comments/{comment.pk}/report/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert report(client, comment).status_code == 403
    client.force_login(reader)
    assert report(client, comment).status_code == 403
    assert not CommentReport.objects.exists()


def test_enough_reports_hide_a_comment_until_a_moderator_decides(client, article, settings):
    settings.COMMENT_REPORTS_TO_HIDE = 3
    comment = CommentFactory(page=article, body="Nasty words")
    for _ in range(3):
        client.force_login(ReaderFactory())
        report(client, comment)
    comment.refresh_from_db()
    assert comment.hidden_by_reports
    assert "Nasty words" not in client.get(article.url).content.decode()
    services.set_status(comment, Comment.Status.APPROVED, by=ReaderFactory(is_staff=True))
    comment.refresh_from_db()
    assert not comment.hidden_by_reports
    assert all(item.resolved for item in CommentReport.objects.all())
    assert "Nasty words" in client.get(article.url).content.decode()


def test_reply_email_goes_to_readers_who_asked_with_one_click_unsubscribe(
    client, reader, article, django_capture_on_commit_callbacks
):
    services.set_reply_notifications(reader, True)
    mine = CommentFactory(page=article, author=reader)
    other = ReaderFactory(first_name="Ben")
    client.force_login(other)
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail is queued once the comment is saved
        client.post(f"/comments/article/{article.pk}/", {"body": "A fair point, but...", "parent": mine.pk})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [reader.email]
    assert "Ben replied to your comment" in message.subject
    assert "A fair point, but..." in message.body
    unsubscribe = re.search(
        r"<(http://testserver/comments/unsubscribe/[^>]+)>", message.extra_headers["List-Unsubscribe"]
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = unsubscribe.group(1).removeprefix("http://testserver")
    assert unsubscribe.group(1) in message.body
    anonymous = type(client)(enforce_csrf_checks=True)
    assert "Stop reply e-mails" in anonymous.get(path).content.decode()
    assert CommenterStatus.objects.get(user=reader).notify_replies
    response = anonymous.post(path, {"List-Unsubscribe": "One-Click"})  # as a mail provider does: no cookie, no token
    assert response.status_code == 200
    assert not CommenterStatus.objects.get(user=reader).notify_replies
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/comments/article/{article.pk}/", {"body": "And another thing", "parent": mine.pk})
    assert len(mail.outbox) == 1


def test_no_reply_email_unless_asked_or_to_oneself(client, reader, article, django_capture_on_commit_callbacks):
    mine = CommentFactory(page=article, author=reader)
    client.force_login(ReaderFactory())
    with django_capture_on_commit_callbacks(execute=True) as queued:
        client.post(f"/comments/article/{article.pk}/", {"body": "Reply", "parent": mine.pk})
    assert queued  # the task ran, and sent nothing
    services.set_reply_notifications(reader, True)
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/comments/article/{article.pk}/", {"body": "Replying to myself", "parent": mine.pk})
    assert mail.outbox == []


def test_the_account_page_has_the_option_and_the_download(reader_client, reader, article):
    page = reader_client.get("/account/").content.decode()
    assert "E-mail me when someone replies to my comments" in page
    assert 'href="/comments/export.json"' in page and 'href="/comments/export.csv"' in page
    assert "A former reader" in page  # what deletion does to comments, said before it happens
    response = reader_client.post("/comments/notifications/", {"notify_replies": "on"})
    assert response.status_code == 302
    assert CommenterStatus.objects.get(user=reader).notify_replies
    assert 'id="id_notify_replies" checked' in reader_client.get("/account/").content.decode()
    reader_client.post("/comments/notifications/", {})
    assert not CommenterStatus.objects.get(user=reader).notify_replies


def test_a_reader_downloads_their_comments(reader_client, reader, article):
    CommentFactory(page=article, author=reader, body='=HYPERLINK("http://evil.example","x")')
    CommentFactory(page=article, author=reader, body="Plain words", status=Comment.Status.PENDING)
    CommentFactory(page=article, body="Someone else's")
    data = json.loads(reader_client.get("/comments/export.json").content)
    assert [item["text"] for item in data["comments"]] == ['=HYPERLINK("http://evil.example","x")', "Plain words"]
    assert data["comments"][1]["status"] == "pending" and data["comments"][0]["article"] == article.title
    response = reader_client.get("/comments/export.csv")
    assert response["Content-Disposition"] == 'attachment; filename="my-comments.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
    assert rows[0][-1] == "text" and len(rows) == 3
    assert rows[1][-1] == '\'=HYPERLINK("http://evil.example","x")'  # never a live formula
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_deleting_the_account_anonymises_answered_comments_and_deletes_the_rest(client, reader, article):
    answered = CommentFactory(page=article, author=reader, body="Start of a conversation")
    reply = CommentFactory(page=article, parent=answered, body="An answer")
    alone = CommentFactory(page=article, author=reader, body="Nobody answered")
    other_reply = CommentFactory(page=article, parent=CommentFactory(page=article), author=reader)
    CommentReport.objects.create(comment=reply, reporter=reader, reason="spam")
    CommenterStatus.objects.create(user=reader, notify_replies=True)
    client.force_login(reader)
    assert client.post("/account/delete/", {"delete-current_password": PASSWORD}).status_code == 302
    answered.refresh_from_db()
    assert answered.author is None and answered.body == "Start of a conversation"
    assert Comment.objects.filter(pk=reply.pk).exists()
    assert not Comment.objects.filter(pk__in=[alone.pk, other_reply.pk]).exists()
    assert not CommentReport.objects.exists() and not CommenterStatus.objects.exists()
    page = client.get(article.url).content.decode()
    assert "A former reader" in page and "Nobody answered" not in page and "An answer" in page

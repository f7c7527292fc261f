"""What the moderation tests share: readers, an article, and comments as the posting service saves them."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import timezone

from journos.comments.models import Comment, CommenterStatus
from journos.comments.text import clean_body, digest
from journos.news.factories import ArticlePageFactory


def make_article(section):
    return ArticlePageFactory(parent=section, title="Budget vote tonight", slug="budget-vote")


def make_reader(name="reader", *, hours_old=24 * 30, approved=0):
    user = get_user_model().objects.create_user(
        name, f"{name}@readers.example", "pw", first_name=name.title(), email_verified=True
    )
    user.date_joined = timezone.now() - timedelta(hours=hours_old)
    user.save(update_fields=["date_joined"])
    if approved:
        CommenterStatus.objects.create(user=user, approved_count=approved)
    return user


def posting(user, data=None, ip="203.0.113.9"):
    """The request a reader posts a comment with."""
    request = RequestFactory().post("/comments/", data or {}, REMOTE_ADDR=ip)
    request.user = user
    return request


def make_comment(article, author, body="A fair point about the budget.", **fields):
    """A saved comment (as moderation sees one after screening)."""
    return Comment.objects.create(page=article, author=author, body=body, body_digest=digest(body), **fields)


def unsaved_comment(article, author, body):
    """A new comment as the posting service hands it to moderation.screen: cleaned text, its digest."""
    body = clean_body(body)
    return Comment(page=article, author=author, body=body, body_digest=digest(body))

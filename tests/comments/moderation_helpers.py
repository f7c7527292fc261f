"""What the moderation tests share: readers, an article, and comments as the posting service saves them."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import timezone

from journos.comments import services
from journos.comments.models import Comment, CommenterStatus
from journos.news.factories import ArticlePageFactory


def stand_in_for_set_status(monkeypatch):
    """Until the readers' services.set_status is merged, a stand-in that saves the new status."""
    if not hasattr(services, "set_status"):

        def set_status(comment, status, *, by=None):
            comment.status = status
            comment.save()

        monkeypatch.setattr(services, "set_status", set_status, raising=False)


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
    from journos.comments.moderation import digest

    return Comment.objects.create(page=article, author=author, body=body, body_digest=digest(body), **fields)

"""Screening a comment before it is saved (placeholder until the moderation work lands).

`screen(comment, request)` is called by journos.comments.services after the comment is validated and before it
is saved, when it is posted and when it is edited. It sets `comment.status` (PENDING or APPROVED) or raises
ValidationError with a message for the reader. Codes the posting view answers with a status of their own:
"banned" (403) and "rate_limited" (429); any other refusal is a 400.

This placeholder approves comments of readers with a confirmed address and refuses banned readers; the
moderation work replaces it with pre-moderation, blocked words, spam and rate checks.
"""

from django.core.exceptions import ValidationError

from journos.comments.models import Comment, CommenterStatus


def screen(comment, request) -> None:
    author = comment.author
    status = CommenterStatus.objects.filter(user=author).first() if author is not None else None
    if status is not None and status.is_banned():
        raise ValidationError(
            "You cannot comment at the moment: a moderator has suspended your comments.", code="banned"
        )
    comment.status = (
        Comment.Status.APPROVED if author is not None and author.email_verified else Comment.Status.PENDING
    )

"""Writes with side effects on comments. Every change of what readers see goes through here.

For the moderation work (journos/comments/moderation.py, the admin queue):
- `set_status(comment, status, *, by=None)`: the ONE way to change a comment's status (approve, reject,
  back to pending). It saves, clears a hiding by reports when a moderator decides, notes the author's
  approved comments, e-mails the parent's author about a reply made public, and purges every cache that
  shows the article's comments.
- `set_hidden_by_reports(comment, hidden)`: hide a comment after reports (or show it again).
- `comment_changed(comment)`: purge what shows the article's comments (the functions here call it).

Readers' own writes: `post_comment`, `edit_comment`, `delete_comment`, `report_comment`. Each refusal is a
ValidationError whose code the views answer with a status (see views.REFUSALS).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from journos.comments import moderation, selectors, tasks
from journos.comments.models import Comment, CommenterStatus, CommentReport
from journos.comments.text import clean_body, digest
from journos.core.caching.invalidation import changed

Status = Comment.Status


# --- The one status change, and the one purge -----------------------------------------------------------


def comment_changed(comment) -> None:
    """The article's public comments (list, count, structured data) are stale: purged once this commits."""
    comments_changed([comment.page_id])


def comments_changed(page_ids) -> None:
    changed({selectors.tag(page_id) for page_id in page_ids})


def set_status(comment, status, *, by=None) -> None:
    """Approve, reject or send back to pending. A moderator's decision (`by`) also ends a hiding by reports."""
    was_public, was_approved = comment.is_public, comment.status == Status.APPROVED
    comment.status = status
    fields = ["status"]
    if by is not None:
        comment.moderated_at, comment.moderated_by = timezone.now(), by
        comment.hidden_by_reports = False
        fields += ["moderated_at", "moderated_by", "hidden_by_reports"]
        comment.reports.filter(resolved=False).update(resolved=True)
    with transaction.atomic():
        comment.save(update_fields=fields)
        _after_save(comment, was_public=was_public, was_approved=was_approved)


def set_hidden_by_reports(comment, hidden: bool) -> None:
    was_public = comment.is_public
    comment.hidden_by_reports = hidden
    comment.save(update_fields=["hidden_by_reports"])
    if was_public != comment.is_public:
        comment_changed(comment)


def _after_save(comment, *, was_public: bool, was_approved: bool) -> None:
    """What follows a comment becoming (or ceasing to be) public; approvals count towards its author's trust."""
    if comment.status == Status.APPROVED and comment.author_id and not was_approved:
        status, _ = CommenterStatus.objects.get_or_create(user_id=comment.author_id)
        CommenterStatus.objects.filter(pk=status.pk).update(approved_count=F("approved_count") + 1)
    if comment.is_public and comment.parent_id and not comment.reply_notified:
        Comment.objects.filter(pk=comment.pk).update(reply_notified=True)
        comment.reply_notified = True
        transaction.on_commit(lambda: tasks.send_reply_notification.enqueue(comment.pk))
    if was_public or comment.is_public:
        comment_changed(comment)


# --- Readers ----------------------------------------------------------------------------------------------


def check_can_comment(*, article, user, site_settings) -> None:
    if not user.is_authenticated:
        raise ValidationError("Sign in to comment.", code="not_signed_in")
    if not user.email_verified:
        raise ValidationError("Confirm your e-mail address to comment: see your account page.", code="not_verified")
    if not selectors.is_open(article, site_settings):
        raise ValidationError("Comments on this article are closed.", code="closed")


def clean_text(body: str) -> str:
    text = clean_body(body or "")
    if not text:
        raise ValidationError("Write something first: the comment is empty.", code="empty")
    if len(text) > settings.COMMENT_MAX_LENGTH:
        raise ValidationError(
            f"A comment may have at most {settings.COMMENT_MAX_LENGTH} characters (this one has {len(text)}).",
            code="too_long",
        )
    return text


def post_comment(*, article, author, body: str, request, site_settings, parent=None) -> Comment:
    """A reader's comment, or reply to a top-level comment; screened (moderation.screen) before it is saved."""
    check_can_comment(article=article, user=author, site_settings=site_settings)
    if parent is not None and (parent.page_id != article.pk or parent.parent_id or not parent.is_public):
        raise ValidationError("You can only reply to a published comment on this article.", code="bad_parent")
    if parent is not None and parent.deleted:
        raise ValidationError("That comment was deleted: reply to the article instead.", code="bad_parent")
    text = clean_text(body)
    comment = Comment(page_id=article.pk, author=author, parent=parent, body=text, body_digest=digest(text))
    moderation.screen(comment, request)
    with transaction.atomic():
        comment.save()
        _after_save(comment, was_public=False, was_approved=False)
    return comment


def edit_comment(*, comment, body: str, request) -> None:
    """Its author rewrites it, within COMMENT_EDIT_MINUTES; screened again like a new comment."""
    if not selectors.can_edit(comment):
        raise ValidationError(
            f"Comments can be edited for {settings.COMMENT_EDIT_MINUTES} minutes after posting.", code="too_late"
        )
    was_public, was_approved, before = comment.is_public, comment.status == Status.APPROVED, comment.body
    text = clean_text(body)
    comment.body, comment.body_digest, comment.edited_at = text, digest(text), timezone.now()
    moderation.screen(comment, request)
    with transaction.atomic():
        comment.save(update_fields=["body", "body_digest", "edited_at", "status"])
        moderation.log_edit(comment, before=before)
        _after_save(comment, was_public=was_public, was_approved=was_approved)
        if was_public and comment.is_public:
            comment_changed(comment)  # the text shown changed


def delete_comment(*, comment) -> None:
    """Its author deletes it: kept as "deleted" (without its text) while it has replies, removed otherwise."""
    with transaction.atomic():
        if comment.replies.exists():
            comment.deleted, comment.body = True, ""
            comment.save(update_fields=["deleted", "body"])
        else:
            comment.delete()
        comment_changed(comment)


def report_comment(*, comment, reporter, reason: str, note: str = "") -> None:
    """A reader reports a comment, once; enough reports hide it until a moderator decides."""
    if comment.author_id == reporter.pk:
        raise ValidationError("You cannot report your own comment: edit or delete it instead.", code="own")
    if not comment.is_public or comment.deleted:
        raise ValidationError("This comment is not shown any more.", code="gone")
    try:
        with transaction.atomic():
            CommentReport.objects.create(
                comment=comment, reporter=reporter, reason=reason, note=clean_body(note)[:500]
            )
    except IntegrityError as error:
        raise ValidationError("You have already reported this comment. Thank you.", code="already_reported") from error
    unresolved = comment.reports.filter(resolved=False).count()
    if unresolved >= settings.COMMENT_REPORTS_TO_HIDE and not comment.hidden_by_reports:
        set_hidden_by_reports(comment, True)


def set_reply_notifications(user, enabled: bool) -> None:
    CommenterStatus.objects.update_or_create(user=user, defaults={"notify_replies": enabled})


# --- Account deletion ------------------------------------------------------------------------------------


def forget_deleted_account(sender, user, **kwargs) -> None:
    """A deleted account's comments (the account page says so): those with replies stay without the name,
    as by "a former reader", so the conversation still reads; the others are deleted. Its reports go too."""
    mine = Comment.objects.filter(author=user)
    page_ids = set(mine.values_list("page_id", flat=True).distinct())
    answered = mine.filter(replies__isnull=False).distinct().values_list("pk", flat=True)
    Comment.objects.filter(pk__in=list(answered)).update(author=None)
    Comment.objects.filter(author=user).delete()
    CommentReport.objects.filter(reporter=user).delete()
    CommenterStatus.objects.filter(user=user).delete()
    if page_ids:
        comments_changed(page_ids)

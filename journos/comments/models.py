"""Readers' comments under articles, and what moderators decide about them.

A comment is public once approved; pending ones are seen only by their author (from the uncached
per-reader endpoint) and by moderators. Replies go one level deep: a reply's parent is a top-level comment.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="comments_by_readers")
    # Null once the author's account is deleted (the comment is then shown as by "a former reader").
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    # Hidden after enough reports, until a moderator approves or rejects it again.
    hidden_by_reports = models.BooleanField(default=False)
    # Deleted by its author: kept as "deleted" while it has replies, so the thread still reads.
    deleted = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A fingerprint of the normalised body, to spot the same text posted again.
    body_digest = models.CharField(max_length=64, db_index=True, editable=False, default="")
    # Set once the parent's author has been told of this reply (so a reply approved again is not sent twice).
    reply_notified = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["page", "status", "parent", "created_at"], name="comments_listing"),
            models.Index(fields=["author", "created_at"], name="comments_by_author"),
        ]

    def __str__(self):
        return f"Comment {self.pk} on {self.page_id}"

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED and not self.hidden_by_reports


class CommentReport(models.Model):
    """A reader's report of a comment: one per reader and comment."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam or advertising"
        ABUSE = "abuse", "Abusive or hateful"
        OFF_TOPIC = "off_topic", "Off topic"
        LEGAL = "legal", "May break the law (e.g. libel, contempt of court)"
        OTHER = "other", "Something else"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reports")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set when a moderator has decided on the comment after this report.
    resolved = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="comments_one_report_each")]

    def __str__(self):
        return f"Report of comment {self.comment_id}: {self.get_reason_display()}"


class CommenterStatus(models.Model):
    """What moderation knows of one reader: trusted after approved comments, or banned (until a date)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commenter")
    approved_count = models.PositiveIntegerField(default=0)
    banned = models.BooleanField(default=False)
    banned_until = models.DateTimeField(null=True, blank=True, help_text="Empty: banned until lifted.")
    ban_reason = models.CharField(max_length=500, blank=True)
    notify_replies = models.BooleanField(default=False, help_text="E-mail me when someone replies to my comment.")

    def __str__(self):
        return f"Commenter {self.user_id}"

    def is_banned(self, now=None) -> bool:
        now = now or timezone.now()
        return self.banned and (self.banned_until is None or self.banned_until > now)


@register_setting(icon="comment")
class CommentModerationSettings(BaseSiteSetting):
    """What moderators screen for, per site: blocked words and link domains (journos/comments/moderation.py)."""

    class Action(models.TextChoices):
        HOLD = "hold", "Hold the comment for a moderator"
        REFUSE = "refuse", "Refuse the comment (the reader is told to rephrase)"

    blocked_words = models.TextField(
        blank=True,
        help_text="One word or phrase a line. Matched as whole words, in any case: 'ass' does not match 'class'.",
    )
    blocked_domains = models.TextField(
        blank=True,
        help_text="One domain a line, e.g. 'spam.example'. Links to it and its subdomains match, with or without "
        "http:// or www.",
    )
    blocked_action = models.CharField(
        "When a comment contains one",
        max_length=10,
        choices=Action.choices,
        default=Action.HOLD,
    )

    class Meta:
        verbose_name = "Comment moderation"

    def __str__(self):
        return "Comment moderation"

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

"""What moderation decides about a comment: screened when posted or edited, then approved or rejected by moderators.

`screen(comment, request)` is called by the posting service (journos/comments/services.py) after the comment
is validated and before it is saved, also on edit. It either sets `comment.status` or raises ValidationError
with a message for the reader, whose code the posting view answers with a status ("banned" 403,
"rate_limited" 429, others 400). In order:

1. the honeypot: a form field (HONEYPOT_FIELD) hidden from people; a bot that fills it in is refused;
2. a banned reader is refused, told until when (CommenterStatus);
3. rate limits, per account and per client address ("comments" and "comments-per-client" in
   settings.RATE_LIMITS): RATE_LIMITED_MESSAGE (the posting view answers 429);
4. more than settings.COMMENT_MAX_LINKS links: refused;
5. the same reader posting the same text (Comment.body_digest: case and spacing aside) within a day: refused;
6. blocked words and link domains (CommentModerationSettings, per site): held for a moderator, or refused if
   the setting says so;
7. held (PENDING) when the article's section or one above it pre-moderates every comment, when the reader
   has fewer than settings.COMMENTS_TRUSTED_AFTER approved comments, or when the account is younger than
   settings.COMMENTS_NEW_ACCOUNT_HOURS; otherwise APPROVED.

Moderators' decisions (`decide`, `ban`, `unban`) are logged in Wagtail's audit log (actions below,
registered in wagtail_hooks.py). docs/moderation.md tells moderators how it works.
"""

import re
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from wagtail.log_actions import log
from wagtail.models import Site

from journos.comments import services
from journos.comments.models import Comment, CommenterStatus, CommentModerationSettings
from journos.comments.text import digest
from journos.core import ratelimit
from journos.core.clients import client_ip

# The readers' comment form includes this field, hidden from people (off-screen, aria-hidden, tabindex=-1,
# autocomplete=off) and left empty; bots that fill in every field give themselves away.
HONEYPOT_FIELD = "website"

RATE_LIMITED_MESSAGE = "You're commenting too fast; try again in a minute."
RATE_LIMITS = ("comments", "comments-per-client")
DUPLICATE_WINDOW = timedelta(days=1)

# Audit-log actions (Wagtail's log, "Reports → Site history"), registered in wagtail_hooks.py.
APPROVE, REJECT, BAN, UNBAN, EDIT = (
    "comments.approve",
    "comments.reject",
    "comments.ban",
    "comments.unban",
    "comments.edit",
)
LOG_ACTIONS = {
    APPROVE: ("Approve comment", "Comment approved"),
    REJECT: ("Reject comment", "Comment rejected"),
    BAN: ("Ban from commenting", "Banned from commenting"),
    UNBAN: ("Lift commenting ban", "Commenting ban lifted"),
    EDIT: ("Edit comment", "Comment edited by its author"),
}

# What counts as a link: an address with a scheme, or starting www.
LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
INVISIBLE = {"Cc", "Cf"}  # control and format characters (zero-width spaces, direction marks, …)


def screen(comment: Comment, request) -> None:
    """Set comment.status to PENDING or APPROVED, or raise ValidationError (see the module's docstring)."""
    author = comment.author or request.user
    if request.POST.get(HONEYPOT_FIELD):
        raise ValidationError("Your comment could not be posted.", code="honeypot")
    commenter = CommenterStatus.objects.filter(user=author).first()
    if commenter is not None and commenter.is_banned():
        raise ValidationError(ban_message(commenter), code="banned")
    allowed = [ratelimit.allow("comments", str(author.pk)), ratelimit.allow("comments-per-client", client_ip(request))]
    if not all(allowed):
        raise ValidationError(RATE_LIMITED_MESSAGE, code="rate_limited")
    links = len(LINK.findall(comment.body))
    if links > settings.COMMENT_MAX_LINKS:
        raise ValidationError(
            f"A comment may contain at most {settings.COMMENT_MAX_LINKS} links; this one has {links}.", code="links"
        )
    comment.body_digest = comment.body_digest or digest(comment.body)
    if is_duplicate(comment, author):
        raise ValidationError("You have already posted this comment.", code="duplicate")
    blocked = blocked_terms(comment.body, moderation_settings(request))
    if blocked and moderation_settings(request).blocked_action == CommentModerationSettings.Action.REFUSE:
        raise ValidationError(
            "Your comment contains words or links this site does not publish. Please rephrase it.", code="blocked"
        )
    held = blocked or section_premoderates(comment.page) or not is_trusted(author, commenter)
    comment.status = Comment.Status.PENDING if held else Comment.Status.APPROVED


def ban_message(commenter: CommenterStatus) -> str:
    until = commenter.banned_until
    when = f" until {date_format(timezone.localtime(until), 'j F Y, H:i')}" if until else ""
    reason = f" Reason: {commenter.ban_reason}" if commenter.ban_reason else ""
    return f"A moderator has suspended your comments{when}.{reason}"


def normalise(body: str) -> str:
    """The text as a reader reads it: compatibility forms folded, no invisible characters, any case, one space."""
    text = unicodedata.normalize("NFKC", body)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in INVISIBLE or ch in "\n\t")
    return " ".join(text.casefold().split())


def is_duplicate(comment: Comment, author) -> bool:
    since = timezone.now() - DUPLICATE_WINDOW
    same = Comment.objects.filter(author=author, body_digest=comment.body_digest, created_at__gte=since)
    if comment.pk:
        same = same.exclude(pk=comment.pk)
    return same.exists()


def moderation_settings(request) -> CommentModerationSettings:
    if not hasattr(request, "_comment_moderation_settings"):
        site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
        request._comment_moderation_settings = (
            CommentModerationSettings.for_site(site) if site else CommentModerationSettings()
        )
    return request._comment_moderation_settings


def blocked_terms(body: str, rules: CommentModerationSettings) -> list[str]:
    """The blocked words (whole words, any case) and link domains (and their subdomains) the body contains."""
    text = normalise(body)
    found = []
    for word in rules.lines(rules.blocked_words):
        if re.search(rf"(?<!\w){re.escape(normalise(word))}(?!\w)", text):
            found.append(word)
    for domain in rules.lines(rules.blocked_domains):
        domain = normalise(domain).removeprefix("http://").removeprefix("https://").removeprefix("www.").strip("/")
        if domain and re.search(rf"(?<![\w-]){re.escape(domain)}(?![\w-])", text):
            found.append(domain)
    return found


def section_premoderates(page) -> bool:
    from journos.news.models import SectionPage

    return SectionPage.objects.ancestor_of(page).filter(premoderate_comments=True).exists()


def is_trusted(author, commenter: CommenterStatus | None) -> bool:
    approved = commenter.approved_count if commenter else 0
    account_age = timezone.now() - author.date_joined
    return approved >= settings.COMMENTS_TRUSTED_AFTER and account_age >= timedelta(
        hours=settings.COMMENTS_NEW_ACCOUNT_HOURS
    )


# --- Moderators' decisions ---


@transaction.atomic
def decide(comments, status: str, *, by) -> int:
    """Approve or reject these comments (a moderator's decision), each logged in the audit log.

    services.set_status saves the decision, ends a hiding by reports, marks the reports as dealt with, counts an
    approval towards the author's trust (COMMENTS_TRUSTED_AFTER) and purges the caches. Returns how many
    comments changed: one already decided so, with nothing reported since, is left alone.
    """
    assert status in (Comment.Status.APPROVED, Comment.Status.REJECTED)
    action = APPROVE if status == Comment.Status.APPROVED else REJECT
    changed = 0
    for comment in comments:
        reported = comment.hidden_by_reports or comment.reports.filter(resolved=False).exists()
        if comment.status == status and not reported:
            continue
        services.set_status(comment, status, by=by)
        log(comment, action, user=by)
        changed += 1
    return changed


def log_edit(comment: Comment, *, before: str) -> None:
    """Its author edited it (services.edit_comment): the audit log keeps the earlier text for moderators."""
    log(comment, EDIT, user=comment.author, data={"before": before})


@transaction.atomic
def ban(user, *, reason: str, until=None, by) -> CommenterStatus:
    commenter, _ = CommenterStatus.objects.get_or_create(user=user)
    commenter.banned, commenter.banned_until, commenter.ban_reason = True, until, reason
    commenter.save(update_fields=["banned", "banned_until", "ban_reason"])
    log(commenter, BAN, user=by, data={"reason": reason, "until": until.isoformat() if until else None})
    return commenter


@transaction.atomic
def unban(user, *, by) -> None:
    commenter = CommenterStatus.objects.filter(user=user, banned=True).first()
    if commenter is None:
        return
    commenter.banned, commenter.banned_until, commenter.ban_reason = False, None, ""
    commenter.save(update_fields=["banned", "banned_until", "ban_reason"])
    log(commenter, UNBAN, user=by)

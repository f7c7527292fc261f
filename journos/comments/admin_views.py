"""The admin's "Comments" area: the moderation queue, one comment's full story, and banning readers.

Open to whoever may change comments (the Moderators role and up, journos/core/groups.py); banning needs the
permission to change commenter statuses. An article's title is shown as desk privacy allows
(journos/core/desk_privacy.py): a page the moderator may not know of shows its published title, or none.
"""

from datetime import datetime, time
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from wagtail.admin.utils import get_user_display_name
from wagtail.models import ModelLogEntry

from journos.comments import moderation
from journos.comments.models import Comment, CommenterStatus, CommentReport
from journos.core.desk_privacy import UNPUBLISHED, known_pages

MODERATE = "comments.change_comment"
BAN = "comments.change_commenterstatus"
PER_PAGE = 50

OPEN_REPORTS = Exists(CommentReport.objects.filter(comment=OuterRef("pk"), resolved=False))
# Each tab: (label, which comments, oldest first?). The queue works oldest first; the others show the newest.
TABS = {
    "pending": ("Pending", Q(status=Comment.Status.PENDING), True),
    "reported": ("Reported", Q(hidden_by_reports=True) | Q(OPEN_REPORTS), True),
    "approved": ("Approved", Q(status=Comment.Status.APPROVED), False),
    "rejected": ("Rejected", Q(status=Comment.Status.REJECTED), False),
    "all": ("All", Q(), False),
}
DECISIONS = {"approve": Comment.Status.APPROVED, "reject": Comment.Status.REJECTED}


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _back(request, default: str):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)


def comments_for_admin(queryset):
    """Comments with what a queue row shows, in a fixed number of queries whatever their number."""
    return queryset.select_related("page", "author", "author__commenter", "parent").prefetch_related(
        Prefetch(
            "reports",
            queryset=CommentReport.objects.filter(resolved=False).order_by("created_at"),
            to_attr="open_reports",
        )
    )


def describe_pages(request, comments) -> None:
    """Give each comment `article_title`, `article_url` and `article_edit_url`, as the moderator may see them."""
    pages = {comment.page_id: comment.page for comment in comments}
    user = request.user
    if user.is_superuser:
        known = set(pages)
    else:
        known = set(known_pages(user).filter(pk__in=pages).values_list("pk", flat=True))
    for comment in comments:
        page = comment.page
        if page.pk in known:
            comment.article_title = page.title if page.live else page.draft_title
            comment.article_edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        else:
            comment.article_title = page.title if page.live else UNPUBLISHED
            comment.article_edit_url = None
        comment.article_url = page.get_url(request) if page.live else None


@require_GET
def queue(request):
    _require(request, MODERATE)
    tab = request.GET.get("status", "pending")
    if tab not in TABS:
        return HttpResponseBadRequest("Unknown tab: choose pending, reported, approved, rejected or all.")
    author_id = request.GET.get("author", "")
    if author_id and not author_id.isdigit():
        return HttpResponseBadRequest("The author is named by a number.")
    comments = Comment.objects.filter(deleted=False)
    author = None
    if author_id:
        author = get_object_or_404(get_user_model().objects.select_related("commenter"), pk=author_id)
        comments = comments.filter(author=author)
    counts = comments.aggregate(**{name: Count("pk", filter=where) for name, (_, where, _) in TABS.items()})
    label, where, oldest_first = TABS[tab]
    order = ("created_at", "pk") if oldest_first else ("-created_at", "-pk")
    listed = comments_for_admin(comments.filter(where).order_by(*order))
    paginator = Paginator(listed, PER_PAGE)
    page = paginator.get_page(request.GET.get("p"))
    rows = list(page.object_list)
    describe_pages(request, rows)
    base = {"author": author_id} if author_id else {}
    tabs = [
        {
            "name": name,
            "label": tab_label,
            "count": counts[name],
            "current": name == tab,
            "href": "?" + urlencode({**base, "status": name}),
        }
        for name, (tab_label, _, _) in TABS.items()
    ]
    context = {
        "tab": tab,
        "tab_label": label,
        "tabs": tabs,
        "page_obj": page,
        "comments": rows,
        "author": author,
        "author_name": get_user_display_name(author) if author else "",
        "commenter": _commenter(author),
        "can_ban": request.user.has_perm(BAN),
        "ban_form": BanForm(),
        "page_href": "?" + urlencode({**base, "status": tab, "p": ""}),
        "here": request.get_full_path(),
    }
    return TemplateResponse(request, "comments/admin/queue.html", context)


@require_POST
def decide(request):
    """Approve or reject the chosen comments (the queue's bulk buttons, and a comment's own)."""
    _require(request, MODERATE)
    status = DECISIONS.get(request.POST.get("action", ""))
    ids = request.POST.getlist("comment")
    if status is None:
        return HttpResponseBadRequest("Unknown action: approve or reject.")
    if not all(pk.isdigit() for pk in ids):
        return HttpResponseBadRequest("Comments are named by numbers.")
    comments = list(Comment.objects.filter(pk__in=ids, deleted=False).select_related("author"))
    if not comments:
        messages.warning(request, "Choose at least one comment first.")
        return _back(request, reverse("comments_moderation:queue"))
    changed = moderation.decide(comments, status, by=request.user)
    verb = "approved" if status == Comment.Status.APPROVED else "rejected"
    messages.success(request, f"{changed} comment{'s' if changed != 1 else ''} {verb}.")
    return _back(request, reverse("comments_moderation:queue"))


@require_GET
def detail(request, comment_id):
    _require(request, MODERATE)
    comment = get_object_or_404(comments_for_admin(Comment.objects.all()), pk=comment_id)
    describe_pages(request, [comment])
    commenter = _commenter(comment.author)
    history = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Comment), object_id=str(comment.pk)
    ).select_related("user")
    context = {
        "comment": comment,
        "reports": comment.reports.select_related("reporter").order_by("created_at"),
        "history": history.order_by("timestamp"),
        "author": comment.author,
        "author_name": get_user_display_name(comment.author) if comment.author else "",
        "commenter": commenter,
        "can_ban": request.user.has_perm(BAN),
        "ban_form": BanForm(),
        "here": request.get_full_path(),
    }
    return TemplateResponse(request, "comments/admin/detail.html", context)


class BanForm(forms.Form):
    reason = forms.CharField(max_length=500, help_text="Shown to the reader when they try to comment.")
    until = forms.DateField(
        required=False,
        label="Until",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Empty: until a moderator lifts the ban.",
    )
    reject_pending = forms.BooleanField(required=False, label="Also reject their comments waiting for review")

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until is None:
            return None
        ends = timezone.make_aware(datetime.combine(until, time.min))
        if ends <= timezone.now():
            raise forms.ValidationError("Choose a day in the future, or leave it empty.")
        return ends


@require_POST
def ban(request, user_id):
    _require(request, BAN)
    reader = get_object_or_404(get_user_model(), pk=user_id)
    form = BanForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"Not banned: {error}")
        return _back(request, _author_url(reader))
    moderation.ban(reader, reason=form.cleaned_data["reason"], until=form.cleaned_data["until"], by=request.user)
    message = f"{get_user_display_name(reader)} may no longer comment."
    if form.cleaned_data["reject_pending"]:
        waiting = Comment.objects.filter(author=reader, status=Comment.Status.PENDING, deleted=False)
        rejected = moderation.decide(list(waiting), Comment.Status.REJECTED, by=request.user)
        message += f" {rejected} waiting comment{'s' if rejected != 1 else ''} rejected."
    messages.success(request, message)
    return _back(request, _author_url(reader))


@require_POST
def unban(request, user_id):
    _require(request, BAN)
    reader = get_object_or_404(get_user_model(), pk=user_id)
    moderation.unban(reader, by=request.user)
    messages.success(request, f"{get_user_display_name(reader)} may comment again.")
    return _back(request, _author_url(reader))


def _author_url(user) -> str:
    return f"{reverse('comments_moderation:queue')}?author={user.pk}&status=all"


def _commenter(user):
    if user is None:
        return None
    try:
        return user.commenter
    except CommenterStatus.DoesNotExist:
        return None

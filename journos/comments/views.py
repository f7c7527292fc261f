"""Readers' comment views. The public list is part of the cached article page (journos.news); everything here
is per reader — forms with a CSRF token, the reader's own comments — so none of it is ever cached
(journos.accounts.http.account_page), and every refusal is a page with a message and its status."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from journos.comments import selectors, services, tokens
from journos.comments.forms import CommentForm, ReplyNotificationsForm, ReportForm
from journos.comments.models import Comment, CommenterStatus
from journos.comments.tasks import display_name
from journos.core import ratelimit
from journos.core.csv_safety import csv_writer, spreadsheet_safe
from journos.core.models import SiteSettings

# The status each refusal is answered with (journos.comments.services, journos.comments.moderation).
REFUSALS = {
    "not_signed_in": 403,
    "not_verified": 403,
    "closed": 403,
    "banned": 403,
    "too_late": 403,
    "own": 403,
    "gone": 404,
    "rate_limited": 429,
}
TOO_LARGE = "That is far longer than a comment may be: nothing was saved."


def article_or_404(page_id: int):
    from journos.news.models import ArticlePage

    article = selectors_visible(ArticlePage.objects.filter(pk=page_id)).first()
    if article is None:
        raise Http404("No such article.")
    return article


def selectors_visible(queryset):
    from journos.news.selectors import visible

    return visible(queryset)


def comment_or_404(comment_id: int, **filters) -> Comment:
    return get_object_or_404(Comment.objects.select_related("page", "author"), pk=comment_id, **filters)


def too_large(request) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > settings.COMMENT_MAX_REQUEST_BYTES
    except ValueError:
        return True


def message_page(request, message: str, status: int, *, article=None):
    return render(request, "comments/message.html", {"message": message, "article": article}, status=status)


def refusal_status(error: ValidationError) -> int:
    return REFUSALS.get(getattr(error, "code", None), 400)


def refused(request, template: str, context: dict, error: ValidationError):
    """The form again with the refusal; too fast: 429, saying when to try again."""
    response = render(request, template, context, status=refusal_status(error))
    if response.status_code == 429:
        response["Retry-After"] = str(ratelimit.window("comments"))
    return response


def refusal_message(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- The reader's panel: the form and their own comments on one article ----------------------------------


def panel_context(request, article, form=None) -> dict:
    user = request.user
    site_settings = SiteSettings.for_request(request)
    context = {
        "article": article,
        "form": form or CommentForm(),
        "closes_at": selectors.closing_date(article, site_settings),
        "is_open": selectors.is_open(article, site_settings),
        "max_length": settings.COMMENT_MAX_LENGTH,
        "edit_minutes": settings.COMMENT_EDIT_MINUTES,
        "own_comments": [],
        "reported_ids": [],
    }
    if user.is_authenticated:
        now = timezone.now()
        own = selectors.own_comments(user, article.pk)
        for comment in own:
            comment.editable = selectors.can_edit(comment, now)
            comment.edit_seconds_left = selectors.edit_seconds_left(comment, now)
        context["own_comments"] = own
        context["own_json"] = json.dumps(
            {
                "own": [
                    {"id": comment.pk, "editable": comment.editable, "seconds": comment.edit_seconds_left}
                    for comment in own
                ],
                "reported": sorted(selectors.reported_ids(user, article.pk)),
            }
        )
    return context


@require_http_methods(["GET", "HEAD", "POST"])
def article_comments(request, page_id: int):
    """GET: the reader's panel (fetched by comments.js, or a page of its own without JavaScript). POST: a comment."""
    if request.method == "POST" and too_large(request):
        return message_page(request, TOO_LARGE, 413)
    article = article_or_404(page_id)
    if request.method != "POST":
        template = (
            "comments/includes/panel.html" if request.headers.get("X-Requested-With") else "comments/reader.html"
        )
        return render(request, template, panel_context(request, article))
    if not request.user.is_authenticated:
        return message_page(request, "Sign in to comment.", 403, article=article)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return render(request, "comments/reader.html", panel_context(request, article, form), status=400)
    parent = None
    if form.cleaned_data["parent"]:
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], page_id=article.pk).first()
        if parent is None:
            return message_page(request, "The comment you replied to is not on this article.", 404, article=article)
    try:
        comment = services.post_comment(
            article=article,
            author=request.user,
            body=form.cleaned_data["body"],
            request=request,
            site_settings=SiteSettings.for_request(request),
            parent=parent,
        )
    except ValidationError as error:
        form.add_error("body" if error.code in ("empty", "too_long") else None, error)
        return refused(request, "comments/reader.html", panel_context(request, article, form), error)
    if comment.is_public:
        return redirect(permalink_target(comment))
    messages.success(request, "Thank you: your comment will appear once a moderator has read it.")
    return redirect("comments:article", page_id=article.pk)


@require_GET
def reply(request, comment_id: int):
    """The reply form on a page of its own (the cached list links here; comments.js opens it in place)."""
    parent = comment_or_404(comment_id, parent__isnull=True)
    if not parent.is_public or parent.deleted:
        raise Http404("No such comment.")
    article = article_or_404(parent.page_id)
    context = panel_context(request, article, CommentForm(initial={"parent": parent.pk}))
    context.update(parent=parent, parent_name=display_name(parent.author))
    return render(request, "comments/reply.html", context)


# --- A link to each comment ------------------------------------------------------------------------------


def permalink_target(comment) -> str:
    number = selectors.page_number_of(comment)
    query = f"?{selectors.PAGE_PARAM}={number}" if number > 1 else ""
    return f"{comment.page.url}{query}#comment-{comment.pk}"


@require_GET
def permalink(request, comment_id: int):
    """/comments/<id>/ → the article's page of comments that shows it."""
    comment = comment_or_404(comment_id)
    if not comment.is_public or not comment.page.live or not comment.page.url:
        raise Http404("This comment is not shown.")
    return redirect(permalink_target(comment))


# --- The author's own comment: edit, delete --------------------------------------------------------------


def own_comment(request, comment_id: int) -> Comment:
    comment = comment_or_404(comment_id, deleted=False)
    if comment.author_id != request.user.pk:
        raise Http404("You can only change your own comments.")
    return comment


@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, comment_id: int):
    if request.method == "POST" and too_large(request):
        return message_page(request, TOO_LARGE, 413)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    comment = own_comment(request, comment_id)
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    context = {"comment": comment, "article": comment.page, "form": form, "max_length": settings.COMMENT_MAX_LENGTH}
    if not selectors.can_edit(comment):
        return message_page(
            request,
            f"Comments can be edited for {settings.COMMENT_EDIT_MINUTES} minutes after posting. "
            "You can still delete it.",
            403,
            article=comment.page,
        )
    if request.method != "POST":
        return render(request, "comments/edit.html", context)
    if not form.is_valid():
        return render(request, "comments/edit.html", context, status=400)
    try:
        services.edit_comment(comment=comment, body=form.cleaned_data["body"], request=request)
    except ValidationError as error:
        form.add_error("body" if error.code in ("empty", "too_long") else None, error)
        return refused(request, "comments/edit.html", context, error)
    if comment.is_public:
        return redirect(permalink_target(comment))
    messages.success(request, "Your comment is saved; it will appear once a moderator has read it.")
    return redirect("comments:article", page_id=comment.page_id)


@require_http_methods(["GET", "HEAD", "POST"])
def delete(request, comment_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    comment = own_comment(request, comment_id)
    if request.method != "POST":
        return render(request, "comments/delete.html", {"comment": comment, "article": comment.page})
    article = comment.page
    services.delete_comment(comment=comment)
    messages.success(request, "Your comment is deleted.")
    return redirect("comments:article", page_id=article.pk)


# --- Reports ---------------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def report(request, comment_id: int):
    if request.method == "POST" and too_large(request):
        return message_page(request, TOO_LARGE, 413)
    comment = comment_or_404(comment_id)
    if not comment.is_public or comment.deleted or not comment.page.live:
        raise Http404("This comment is not shown any more.")
    if not request.user.is_authenticated:
        if request.method == "POST":
            return message_page(request, "Sign in to report a comment.", 403, article=comment.page)
        return redirect_to_login(request.get_full_path())
    form = ReportForm(request.POST or None)
    context = {"comment": comment, "article": comment.page, "form": form, "author_name": display_name(comment.author)}
    if request.method != "POST":
        return render(request, "comments/report.html", context)
    if not form.is_valid():
        return render(request, "comments/report.html", context, status=400)
    try:
        services.report_comment(
            comment=comment, reporter=request.user, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        return message_page(request, refusal_message(error), refusal_status(error), article=comment.page)
    return message_page(request, "Thank you: moderators will look at this comment.", 200, article=comment.page)


# --- Reply e-mails ---------------------------------------------------------------------------------------


@require_POST
def notifications(request):
    """The account page's option: e-mail me when someone replies."""
    if not request.user.is_authenticated:
        return redirect_to_login("/account/")
    form = ReplyNotificationsForm(request.POST)
    form.is_valid()  # a checkbox: absent means off
    enabled = bool(form.cleaned_data.get("notify_replies"))
    services.set_reply_notifications(request.user, enabled)
    messages.success(
        request, "We will e-mail you when someone replies." if enabled else "We will not e-mail you about replies."
    )
    return redirect("/account/#comments")


@csrf_exempt  # RFC 8058: mail providers POST `List-Unsubscribe=One-Click` without cookies or tokens
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    user_id = tokens.read_unsubscribe_token(token)
    if user_id is None:
        return message_page(
            request, "This unsubscribe link is not valid. Change the option on your account page.", 400
        )
    if request.method != "POST":
        return render(request, "comments/unsubscribe.html", {"token": token})
    CommenterStatus.objects.filter(user_id=user_id).update(notify_replies=False)
    return message_page(request, "Done: we will not e-mail you about replies to your comments any more.", 200)


# --- Export ----------------------------------------------------------------------------------------------

EXPORT_FIELDS = ["id", "article", "article_url", "reply_to", "status", "written_at", "edited_at", "text"]


def export_rows(user):
    for comment in selectors.for_export(user).iterator(chunk_size=500):
        yield {
            "id": comment.pk,
            "article": comment.page.title,
            "article_url": comment.page.url or "",
            "reply_to": comment.parent_id,
            "status": "deleted" if comment.deleted else comment.status,
            "written_at": comment.created_at.isoformat(),
            "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
            "text": comment.body,
        }


class Echo:
    def write(self, value):
        return value


@require_GET
def export(request, fmt: str):
    """The reader's comments as JSON or CSV (spreadsheet-safe cells)."""
    if fmt not in ("json", "csv"):
        raise Http404("Comments download as .json or .csv.")
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    name = f"my-comments.{fmt}"
    if fmt == "json":
        response = HttpResponse(
            json.dumps({"comments": list(export_rows(request.user))}, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
    else:
        writer = csv_writer(Echo())

        def lines():
            yield "\ufeff" + writer.writerow(EXPORT_FIELDS)
            for row in export_rows(request.user):
                yield writer.writerow([spreadsheet_safe(row[field]) for field in EXPORT_FIELDS])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

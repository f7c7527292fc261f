"""Admin pages beyond Wagtail's generic ones: sending an issue, its delivery report, CSV import/export."""

import logging
from datetime import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from wagtail.admin.ui.components import Component

from journos.core.mail import describe
from journos.newsletter import csv_io, emails, selectors, sending, tasks
from journos.newsletter.models import Delivery, Issue, IssueArticle, NewsletterList, Subscriber

logger = logging.getLogger(__name__)


def _require(request, perm: str) -> None:
    if not request.user.has_perm(f"newsletter.{perm}"):
        raise PermissionDenied


# Issues --------------------------------------------------------------------


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label="Send at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="In the site's time zone.",
    )

    def clean_send_at(self):
        send_at = self.cleaned_data["send_at"]
        if send_at <= timezone.now():
            raise ValidationError("Choose a time in the future, or use 'Send now'.")
        return send_at


@require_http_methods(["GET", "POST"])
def issue_dispatch(request, pk):
    """Preview, test, schedule or send an issue; then follow its delivery report."""
    _require(request, "change_issue")
    issue = get_object_or_404(Issue.objects.select_related("newsletter"), pk=pk)
    schedule_form = ScheduleForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        handler = ACTIONS.get(action)
        if handler is None:
            return HttpResponse("Unknown action.", status=400)
        result = handler(request, issue)
        if isinstance(result, ScheduleForm):
            schedule_form = result  # invalid: show its errors
        else:
            return result
    context = {
        "issue": issue,
        "report": sending.progress(issue),
        "failures": issue.deliveries.filter(state__in=[Delivery.State.FAILED, Delivery.State.RETRY])
        .select_related("subscriber")
        .order_by("-pk")[:50],
        "audience": selectors.audience_count(issue.newsletter),
        "confirm_send_url": reverse("wagtailsnippets_newsletter_issue:confirm_send", args=[issue.pk]),
        "articles": [item.article for item in issue.articles.select_related("article")],
        "schedule_form": schedule_form,
        "can_send": request.user.has_perm("newsletter.send_issue"),
        "edit_url": reverse("wagtailsnippets_newsletter_issue:edit", args=[issue.pk]),
        "view_url": reverse("wagtailsnippets_newsletter_issue:view_in_browser", args=[issue.pk]),
        "next_wake_up": sending.next_wake_up(issue) if issue.status == Issue.Status.SENDING else None,
    }
    return TemplateResponse(request, "newsletter/admin/dispatch.html", context)


@never_cache
@require_GET
def issue_progress(request, pk):
    """The dispatch page's progress bar alone: its script asks for it every few seconds while an issue sends."""
    _require(request, "change_issue")
    issue = get_object_or_404(Issue, pk=pk)
    context = {"issue": issue, "report": sending.progress(issue)}
    return TemplateResponse(request, "newsletter/admin/includes/progress.html", context)


def _back(issue):
    return redirect("wagtailsnippets_newsletter_issue:dispatch", issue.pk)


def _suggest(request, issue):
    if not issue.is_editable:
        messages.error(request, "This issue has been sent; its articles can no longer change.")
        return _back(issue)
    picks = selectors.suggested_articles(issue=issue)
    if not picks:
        messages.warning(request, "No article to suggest: nothing new was published since the last issue.")
        return _back(issue)
    with transaction.atomic():
        start = (issue.articles.aggregate(top=Max("sort_order"))["top"] or 0) + 1
        IssueArticle.objects.bulk_create(
            [IssueArticle(issue=issue, article=article, sort_order=start + n) for n, article in enumerate(picks)]
        )
    messages.success(request, f"Added {len(picks)} suggested articles. Reorder or remove them here.")
    return redirect("wagtailsnippets_newsletter_issue:edit", issue.pk)


def _send_test(request, issue):
    address = getattr(request.user, "email", "")
    if not address:
        messages.error(request, "Your account has no e-mail address: add one to receive test e-mails.")
        return _back(issue)
    try:
        emails.send_test(issue, to=address)
    except Exception as error:  # show the mail server's answer to the editor
        logger.warning("Newsletter test e-mail failed: %s", error)
        messages.error(request, f"The test e-mail could not be sent: {describe(error)}")
    else:
        messages.success(request, f"A test e-mail is on its way to {address}.")
    return _back(issue)


def _check_sendable(request, issue) -> bool:
    _require(request, "send_issue")
    if not issue.is_editable:
        messages.error(request, "This issue is already being sent or was sent.")
        return False
    if not issue.articles.exists() and not issue.intro:
        messages.error(request, "Add an introduction or at least one article before sending.")
        return False
    return True


def _send_now(request, issue):
    _require(request, "send_issue")
    # Sending cannot be undone: only the confirmation page's button (which says how many people) sends.
    if request.POST.get("confirm") != "yes":
        return redirect("wagtailsnippets_newsletter_issue:confirm_send", issue.pk)
    if _check_sendable(request, issue):
        count = tasks.send_now(issue)
        messages.success(request, f"Sending to {count} subscribers. This page shows the progress.")
    return _back(issue)


def _schedule(request, issue):
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        return form
    if _check_sendable(request, issue):
        tasks.schedule(issue, form.cleaned_data["send_at"])
        messages.success(request, f"Scheduled for {timezone.localtime(form.cleaned_data['send_at']):%d %b %Y %H:%M}.")
    return _back(issue)


def _unschedule(request, issue):
    _require(request, "send_issue")
    sending.unschedule(issue)
    messages.success(request, "No longer scheduled: the issue is a draft again.")
    return _back(issue)


def _resume(request, issue):
    _require(request, "send_issue")
    if issue.status == Issue.Status.SENDING:
        tasks.send_issue.enqueue(issue.pk)
        messages.success(request, "Sending resumed.")
    return _back(issue)


ACTIONS = {
    "suggest": _suggest,
    "test": _send_test,
    "send": _send_now,
    "schedule": _schedule,
    "unschedule": _unschedule,
    "resume": _resume,
}


@require_GET
def issue_confirm_send(request, pk):
    """ "Send now" asks first: the issue, its list and how many subscribers it will go to. Only POST sends."""
    issue = get_object_or_404(Issue.objects.select_related("newsletter"), pk=pk)
    if not _check_sendable(request, issue):
        return _back(issue)
    context = {
        "issue": issue,
        "audience": selectors.audience_count(issue.newsletter),
        "articles": [item.article for item in issue.articles.select_related("article")],
        "dispatch_url": reverse("wagtailsnippets_newsletter_issue:dispatch", args=[issue.pk]),
    }
    return TemplateResponse(request, "newsletter/admin/confirm_send.html", context)


@require_GET
def issue_view_in_browser(request, pk):
    _require(request, "change_issue")
    issue = get_object_or_404(Issue.objects.select_related("newsletter"), pk=pk)
    return HttpResponse(emails.render_issue(issue, unsubscribe_url=emails.preview_unsubscribe_url()).html)


# Subscribers ---------------------------------------------------------------


class ImportForm(forms.Form):
    MAX_BYTES = 20 * 1024 * 1024

    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8 CSV with a header line. Column 'email' is required; an optional 'lists' column holds "
        "newsletter slugs separated by ';'.",
    )
    newsletters = forms.ModelMultipleChoiceField(
        queryset=NewsletterList.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Every imported address gets these newsletters (plus any in its 'lists' column).",
    )
    consent_text = forms.CharField(
        label="Where and how these people consented",
        max_length=500,
        help_text="Kept as their consent record, e.g. 'Signed up on our previous provider, Jan 2024'.",
    )
    confirm = forms.BooleanField(
        label="These people asked to receive our newsletters.",
        help_text="Imported addresses are confirmed at once: import only people who opted in elsewhere.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError("The file is larger than 20 MB. Split it into smaller files.")
        return upload


@require_http_methods(["GET", "POST"])
def subscriber_import(request):
    _require(request, "add_subscriber")
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = csv_io.import_subscribers(
                form.cleaned_data["file"].read(),
                newsletters=list(form.cleaned_data["newsletters"]),
                consent_text=form.cleaned_data["consent_text"],
            )
        except csv_io.ImportFileError as error:
            form.add_error("file", str(error))
    status = 400 if request.method == "POST" and report is None else 200
    context = {"form": form, "report": report, "index_url": reverse("newsletter_subscribers:index")}
    return TemplateResponse(request, "newsletter/admin/import.html", context, status=status)


@require_GET
def subscriber_export(request):
    _require(request, "view_subscriber")
    queryset = filtered_subscribers(request.GET)
    response = StreamingHttpResponse(csv_io.export_rows(queryset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="subscribers-{datetime.now():%Y%m%d-%H%M}.csv"'
    return response


def filtered_subscribers(params):
    """The subscribers the index shows for these filters (state, lists, q)."""
    queryset = Subscriber.objects.all()
    states = [value for value in params.getlist("state") if value in Subscriber.State.values]
    if states:
        queryset = queryset.filter(state__in=states)
    list_ids = [value for value in params.getlist("lists") if value.isdigit()]
    if list_ids:
        queryset = queryset.filter(subscriptions__newsletter_id__in=list_ids).distinct()
    if params.get("q"):
        queryset = queryset.filter(email__icontains=params["q"].strip()[:254])
    return queryset


class IssuesInFlightPanel(Component):
    """Dashboard panel: newsletter issues scheduled or being sent, for whoever may send them."""

    name = "newsletter_in_flight"
    template_name = "newsletter/admin/in_flight_panel.html"
    order = 170

    def get_context_data(self, parent_context):
        return {"issues": selectors.issues_in_flight()}

"""The admin's "Newsletter" menu: issues, subscribers, lists."""

from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property

from wagtail import hooks
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from journos.newsletter import admin_views, selectors
from journos.newsletter.models import Issue, NewsletterList, Subscriber


class IssueEditView(SnippetEditView):
    def dispatch(self, request, *args, **kwargs):
        issue = Issue.objects.filter(pk=kwargs.get("pk")).first()
        if issue and not issue.is_editable:
            return redirect("wagtailsnippets_newsletter_issue:dispatch", issue.pk)  # sent mail cannot change
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def header_buttons(self):
        url = reverse("wagtailsnippets_newsletter_issue:dispatch", args=[self.object.pk])
        return [*super().header_buttons, HeaderButton("Send…", url=url, icon_name="mail")]


class IssueIndexView(SnippetIndexView):
    def get_list_buttons(self, instance):
        url = reverse("wagtailsnippets_newsletter_issue:dispatch", args=[instance.pk])
        label = "Send…" if instance.is_editable else "Delivery report"
        return [ListingButton(label, url=url, priority=5), *super().get_list_buttons(instance)]


class IssueViewSet(SnippetViewSet):
    model = Issue
    icon = "mail"
    menu_label = "Issues"
    edit_view_class = IssueEditView
    index_view_class = IssueIndexView
    list_display = ["subject", "newsletter", "status", "scheduled_at", "sent_at"]
    list_filter = ["newsletter", "status"]
    search_fields = ["subject"]
    copy_view_enabled = True

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("dispatch/<int:pk>/", admin_views.issue_dispatch, name="dispatch"),
            path("dispatch/<int:pk>/confirm-send/", admin_views.issue_confirm_send, name="confirm_send"),
            path("dispatch/<int:pk>/progress/", admin_views.issue_progress, name="progress"),
            path("view/<int:pk>/", admin_views.issue_view_in_browser, name="view_in_browser"),
        ]


class NewsletterListViewSet(SnippetViewSet):
    model = NewsletterList
    icon = "list-ul"
    menu_label = "Lists"
    list_display = ["name", "frequency", "is_active", "is_default", "sort_order"]


class SubscriberIndexView(IndexView):
    """The subscribers, with how many there are in each state, and CSV import/export."""

    template_name = "newsletter/admin/subscriber_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = selectors.counts_by_state()
        context["state_counts"] = [(label, counts[value]) for value, label in Subscriber.State.choices]
        return context

    @cached_property
    def header_buttons(self):
        export_url = reverse("newsletter_subscribers:export")
        if self.request.GET:
            export_url += "?" + self.request.GET.urlencode()
        return [
            *super().header_buttons,
            HeaderButton("Import CSV", url=reverse("newsletter_subscribers:import"), icon_name="upload"),
            HeaderButton("Export CSV", url=export_url, icon_name="download"),
        ]


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "user"
    menu_label = "Subscribers"
    url_prefix = "newsletter/subscribers"
    url_namespace = "newsletter_subscribers"
    index_view_class = SubscriberIndexView
    list_display = ["email", "state", "created_at", "confirmed_at", "source"]
    list_filter = ["state", "lists"]
    search_fields = ["email"]
    form_fields = ["email", "state", "source", "consent_text"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "email",
        "state",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
        "bounced_at",
        "source",
        "consent_text",
        "last_error",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("import/", admin_views.subscriber_import, name="import"),
            path("export/", admin_views.subscriber_export, name="export"),
        ]


class NewsletterGroup(ViewSetGroup):
    menu_label = "Newsletter"
    menu_icon = "mail"
    menu_order = 250
    items = (IssueViewSet, SubscriberViewSet, NewsletterListViewSet)


register_snippet(NewsletterGroup)


@hooks.register("construct_homepage_panels")
def add_in_flight_panel(request, panels):
    if request.user.has_perm("newsletter.send_issue"):
        panels.append(admin_views.IssuesInFlightPanel())

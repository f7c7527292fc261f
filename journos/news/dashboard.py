"""The newsroom dashboard on the admin home: one panel per question a role asks every morning.

Wagtail's own panels stay ("Awaiting your review", "Your pages in workflow", "Your most recent
edits", "Locked pages"); these add what they lack. Each panel costs a fixed number of queries,
whatever the number of articles (tests/news/test_dashboard.py pins them). Reporters see their
own work; whoever may publish (Moderators, Editors) sees the whole desk's schedule.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import CharField, Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision
from wagtail.permissions import page_permission_policy

from journos.news import selectors

PANEL_LIMIT = 10
# A draft is "abandoned" when it was never published and nobody saved it again after creating it
# (e.g. a "New article" form left behind, which autosave turned into a page) for this long.
ABANDONED_AFTER = timedelta(hours=1)
# Wagtail's "Awaiting your review" goes first: for a Moderator it is the day's work.
REVIEW_PANEL_ORDER = 100


def can_publish(user) -> bool:
    return page_permission_policy.user_has_permission(user, "publish")


def can_write(user) -> bool:
    return page_permission_policy.user_has_permission(user, "add")


def _revision_count():
    revisions = (
        Revision.page_revisions.filter(object_id=Cast(OuterRef("pk"), output_field=CharField()))
        .order_by()
        .values("object_id")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Subquery(revisions, output_field=IntegerField())


def drafts_of(user) -> list:
    """The user's pages with unsaved-to-live changes, newest first, each marked `abandoned` or not: one query."""
    drafts = (
        Page.objects.filter(owner=user, has_unpublished_changes=True)
        .annotate(revision_count=_revision_count())
        .order_by("-latest_revision_created_at", "-pk")[:PANEL_LIMIT]
    )
    cutoff = timezone.now() - ABANDONED_AFTER
    drafts = list(drafts)
    for page in drafts:
        touched_at = page.latest_revision_created_at
        page.abandoned = (
            page.first_published_at is None
            and (page.revision_count or 0) <= 1
            and (touched_at is None or touched_at < cutoff)
        )
    return drafts


def scheduled_for(user) -> list[tuple]:
    """(go-live time, page, revision) of the next scheduled publications: two queries.

    Whoever may publish sees the desk's schedule; others the pages they own.
    """
    revisions = Revision.page_revisions.filter(approved_go_live_at__isnull=False)
    if not can_publish(user):
        owned = Page.objects.filter(owner=user, pk=Cast(OuterRef("object_id"), output_field=IntegerField()))
        revisions = revisions.filter(Exists(owned))
    revisions = list(revisions.select_related("user").order_by("approved_go_live_at", "pk")[:PANEL_LIMIT])
    pages = Page.objects.in_bulk([int(revision.object_id) for revision in revisions])
    return [
        (revision.approved_go_live_at, pages[int(revision.object_id)], revision)
        for revision in revisions
        if int(revision.object_id) in pages
    ]


def recently_published() -> list:
    """The desk's latest published articles, with who owns them: one query (two with private sections)."""
    articles = selectors.published_articles().defer_streamfields().select_related("owner")
    return list(articles[:PANEL_LIMIT])


class MyDraftsPanel(Component):
    name = "my_drafts"
    template_name = "news/admin/my_drafts_panel.html"
    order = 140

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {"drafts": drafts_of(request.user), "request": request}


class ScheduledPanel(Component):
    name = "scheduled"
    template_name = "news/admin/scheduled_panel.html"
    order = 145

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        return {"scheduled": scheduled_for(user), "whole_desk": can_publish(user)}


class RecentlyPublishedPanel(Component):
    name = "recently_published"
    template_name = "news/admin/recently_published_panel.html"
    order = 260

    def get_context_data(self, parent_context):
        return {"articles": recently_published()}


def add_panels(request, panels: list) -> None:
    """construct_homepage_panels: the newsroom's panels for this user's role."""
    user = request.user
    for panel in panels:
        if panel.name == "workflow_objects_to_moderate" and getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            panel.order = REVIEW_PANEL_ORDER
    if can_write(user):
        panels.extend([MyDraftsPanel(), ScheduledPanel()])
    panels.append(RecentlyPublishedPanel())

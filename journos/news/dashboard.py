"""The newsroom dashboard on the admin home: one panel per question a role asks every morning.

Wagtail's own panels stay ("Awaiting your review", "Your pages in workflow", "Your most recent
edits", "Locked pages"); these add what they lack. Each panel costs a fixed number of queries,
whatever the number of articles (tests/news/test_dashboard.py pins them). Reporters see their
own work; whoever may publish (Moderators, Editors) sees the whole desk's schedule.
"""

from copy import copy
from datetime import timedelta

from django.conf import settings
from django.db.models import CharField, Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page, Revision, TaskState, WorkflowTask
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


class ReviewQueuePanel(WorkflowObjectsToModeratePanel):
    """Wagtail's "Awaiting your review", first on the page, with each item's task progress read for all
    items in two queries (Wagtail reads it once per item, so a long queue made a slow dashboard)."""

    order = REVIEW_PANEL_ORDER

    def get_context_data(self, parent_context):
        if getattr(settings, "WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT", False):
            return super().get_context_data(parent_context)  # statuses then depend on each latest revision
        request = parent_context["request"]
        states = (
            TaskState.objects.reviewable_by(request.user)
            .select_related("revision", "revision__user", "workflow_state", "workflow_state__workflow")
            .prefetch_related("revision__content_object", "revision__content_object__latest_revision")
            .order_by("-started_at")
            .annotate(previous_revision_id=Revision.objects.previous_revision_id_subquery())
        )
        states = [state for state in states if state.revision.content_object]  # skip deleted objects
        progress = tasks_with_status([state.workflow_state for state in states])
        items = []
        for state in states:
            obj = state.revision.content_object
            # Pages only: the newsroom runs no workflow on snippets (Wagtail's panel also links snippets).
            if not isinstance(obj, Page):
                continue
            items.append(
                {
                    "obj": obj,
                    "revision": state.revision,
                    "previous_revision_id": state.previous_revision_id,
                    "live_revision_id": obj.live_revision_id,
                    "task_state": state,
                    "actions": state.task.specific.get_actions(obj, request.user),
                    "workflow_tasks": progress[state.workflow_state_id],
                    "workflow_action_url_name": "wagtailadmin_pages:workflow_action",
                    "workflow_preview_url_name": "wagtailadmin_pages:workflow_preview"
                    if getattr(obj, "is_previewable", False)
                    else None,
                    "revisions_compare_url_name": "wagtailadmin_pages:revisions_compare",
                }
            )
        return {"states": items, "request": request, "csrf_token": parent_context["csrf_token"]}


def tasks_with_status(workflow_states) -> dict[int, list]:
    """{workflow state id: its workflow's tasks, each with `status` and `status_display`}, as Wagtail's
    WorkflowState.all_tasks_with_status() gives for one state: two queries for all of them."""
    states = {state.pk: state for state in workflow_states}
    links = WorkflowTask.objects.filter(workflow_id__in={state.workflow_id for state in states.values()})
    links = list(links.select_related("task").order_by("sort_order"))
    latest = {}
    rows = TaskState.objects.filter(workflow_state_id__in=states).order_by("started_at", "id")
    for workflow_state_id, task_id, status in rows.values_list("workflow_state_id", "task_id", "status"):
        latest[workflow_state_id, task_id] = status  # the last one started wins, as in Wagtail
    labels = dict(TaskState.STATUS_CHOICES)
    result = {}
    for state_id, state in states.items():
        tasks = []
        for link in links:
            if link.workflow_id == state.workflow_id:
                task = copy(link.task)
                task.status = latest.get((state_id, task.pk))
                task.status_display = labels.get(task.status, "Not started")
                tasks.append(task)
        result[state_id] = tasks
    return result


def add_panels(request, panels: list) -> None:
    """construct_homepage_panels: the newsroom's panels for this user's role."""
    user = request.user
    panels[:] = [ReviewQueuePanel() if type(panel) is WorkflowObjectsToModeratePanel else panel for panel in panels]
    if can_write(user):
        panels.extend([MyDraftsPanel(), ScheduledPanel()])
    panels.append(RecentlyPublishedPanel())

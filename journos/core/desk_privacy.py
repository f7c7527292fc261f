"""What a staff member learns in the admin about pages: only about the pages they work on.

A desk editor (page permissions on one section) must not read another desk's drafts, such as an embargoed
headline. Wagtail itself shows any page's title in a few admin views to anyone signed in: bulk-action and move
confirmations, workflow actions, the page chooser, the page types report. Here, one rule closes them:

- a page is *known* to a user when Wagtail's explorer shows it to them (a page permission on it or on a page
  below it, `explorable_instances`) or when they may act on its current moderation task;
- any other page is answered as if it did not exist (404) in every admin address that names it
  (`hide_unknown_pages`, applied to all of the admin's URL patterns in journos/urls.py) and left out of bulk
  actions and reports;
- the page chooser, where editors link to other desks' stories, also offers live public pages, by their
  published title (never a pending draft's).

tests/core/test_desk_privacy.py walks every admin URL pattern as a desk editor with another desk's page ids.
"""

from functools import wraps

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.http import Http404
from django.urls import path, reverse

from wagtail.admin.views import chooser
from wagtail.admin.views.pages.bulk_actions import (
    DeleteBulkAction,
    MoveBulkAction,
    PublishBulkAction,
    UnpublishBulkAction,
)
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page, TaskState
from wagtail.permissions import page_permission_policy

# URL arguments that name a page, in Wagtail's admin and ours.
PAGE_ARGUMENTS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id")
# The chooser browses other desks' published pages: it applies its own rule (chooser_pages).
CHOOSER_URL_NAMES = {"wagtailadmin_choose_page_child"}
UNPUBLISHED = "(unpublished page)"


def known_pages(user):
    """The pages `user` may know of in the admin, drafts and all."""
    explorable = page_permission_policy.explorable_instances(user).values("pk")
    in_review = (
        TaskState.objects.reviewable_by(user)
        .filter(workflow_state__base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("workflow_state__object_id", flat=True)
    )
    return Page.objects.filter(Q(pk__in=explorable) | Q(pk__in=[int(pk) for pk in in_review]))


def knows_page(user, page_id) -> bool:
    if user.is_superuser and user.is_active:
        return True
    return known_pages(user).filter(pk=page_id).exists()


def chooser_pages(user):
    """Pages the chooser may list: known ones, and those any reader can see."""
    if user.is_superuser and user.is_active:
        return Q()
    return Q(pk__in=known_pages(user).values("pk")) | Q(pk__in=Page.objects.live().public().values("pk"))


def as_known_to(user, page):
    """`page` as `user` may see it: unknown pages show their published title, or none if never published."""
    if page.draft_title == page.title and page.live or knows_page(user, page.pk):
        return page
    if page.live:
        page.draft_title = page.title  # in memory only: what the admin displays
    else:
        page.title = page.draft_title = UNPUBLISHED
    return page


def hide_unknown_pages(view):
    """Answer 404 to an admin address naming a page the signed-in user may not know of."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        user = getattr(request, "user", None)
        page_ids = [kwargs[name] for name in PAGE_ARGUMENTS if name in kwargs]
        match = request.resolver_match
        checked = page_ids and user is not None and user.is_authenticated and match.url_name not in CHOOSER_URL_NAMES
        if checked and not all(knows_page(user, page_id) for page_id in page_ids):
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return guarded


# --- Bulk actions: unknown pages are neither listed nor acted on ---


class KnownPagesOnly:
    def get_all_objects_in_listing_query(self, parent_id):
        if parent_id is not None and not (parent_id.isdigit() and knows_page(self.request.user, parent_id)):
            return []
        return super().get_all_objects_in_listing_query(parent_id)

    def get_actionable_objects(self):
        ids = self.request.GET.getlist("id")
        if not all(pk.isdigit() or pk == "all" for pk in ids):
            raise Http404("No such page.")
        objects, extra = super().get_actionable_objects()
        refused = extra["items_with_no_access"]
        known = set(
            known_pages(self.request.user)
            .filter(pk__in=[page.pk for page in objects + refused])
            .values_list("pk", flat=True)
        )
        objects = [page for page in objects if page.pk in known]
        refused = [page for page in refused if page.pk in known]
        if not objects and not refused:
            raise Http404("No such page.")
        return objects, {**extra, "items_with_no_access": refused}


BULK_ACTIONS = [
    type(action.__name__, (KnownPagesOnly, action), {})
    for action in (DeleteBulkAction, MoveBulkAction, PublishBulkAction, UnpublishBulkAction)
]


# --- The page chooser: published pages by their published title ---


class KnownTitleColumn(chooser.PageTitleColumn):
    def get_cell_context_data(self, instance, parent_context):
        as_known_to(parent_context["request"].user, instance)
        return super().get_cell_context_data(instance, parent_context)


class KnownParentColumn(chooser.ParentPageColumn):
    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        if context["value"] is not None:
            as_known_to(parent_context["request"].user, context["value"])
        return context


def known_columns(columns):
    swaps = {chooser.PageTitleColumn: KnownTitleColumn, chooser.ParentPageColumn: KnownParentColumn}
    for column in columns:
        if type(column) in swaps:
            column.__class__ = swaps[type(column)]
    return columns


class BrowseView(chooser.BrowseView):
    @property
    def columns(self):
        return known_columns(super().columns)

    def get(self, request, parent_page_id=None):
        if parent_page_id is not None and not Page.objects.filter(chooser_pages(request.user), pk=parent_page_id):
            raise Http404("No such page.")
        return super().get(request, parent_page_id)


class SearchView(chooser.SearchView):
    @property
    def columns(self):
        return known_columns(super().columns)


class ChosenMultipleView(chooser.ChosenMultipleView):
    def get(self, request):
        ids = [pk for pk in request.GET.getlist("id") if pk.isdigit()]
        pages = Page.objects.filter(chooser_pages(request.user), pk__in=ids).specific()
        result = [
            {
                "id": page.pk,
                "parentId": page.get_parent().pk,
                "adminTitle": as_known_to(request.user, page).get_admin_display_title(),
                "editUrl": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
                "url": page.url,
            }
            for page in pages
        ]
        return self.render_chosen_response(result)


def filter_chooser_queryset(pages, request):
    """construct_page_chooser_queryset hook: the chooser lists and searches known or public pages only."""
    return pages.filter(chooser_pages(request.user))


# --- Reports ---


class PageTypesUsageView(PageTypesUsageReportView):
    """Counts stay site-wide; the "last edited" page of each type is the latest one the user knows."""

    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        user = self.request.user
        for item in page_types:
            page = item.last_edited_page
            if page is not None and not knows_page(user, page.pk):
                item.last_edited_page = (
                    known_pages(user)
                    .filter(content_type=item)
                    .order_by(F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk")
                    .specific()
                    .first()
                )
        return page_types


# Wagtail's admin views replaced above, routed before Wagtail's admin URLs (same addresses and names).
urlpatterns = [
    path("choose-page/", BrowseView.as_view(), name="wagtailadmin_choose_page"),
    path("choose-page/<int:parent_page_id>/", BrowseView.as_view(), name="wagtailadmin_choose_page_child"),
    path("choose-page/search/", SearchView.as_view(), name="wagtailadmin_choose_page_search"),
    path(
        "choose-page/chosen-multiple/",
        ChosenMultipleView.as_view(),
        name="wagtailadmin_choose_page_chosen_multiple",
    ),
    path("reports/page-types-usage/", PageTypesUsageView.as_view(), name="page_types_usage"),
    path(
        "reports/page-types-usage/results/",
        PageTypesUsageView.as_view(results_only=True),
        name="page_types_usage_results",
    ),
]

"""The Wagtail admin's user list, for the newsroom: readers and staff side by side.

Administrators (the only group holding the user and group permissions, see
journos/core/groups.py) list, search and filter users, deactivate them, assign
groups, see their last login, and see and lift login locks.
"""

from django.conf import settings
from django.urls import path, reverse
from django.utils.functional import cached_property

from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.generic.base import BaseOperationView, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.boolean_radio_select import BooleanRadioSelect
from wagtail.log_actions import log
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_users

import django_filters

from journos.accounts import services
from journos.accounts.selectors import login_locked, newsroom_staff, with_account_type, with_login_failures

LIFT_LOGIN_LOCK = "journos.lift_login_lock"  # the audit-log action (registered in wagtail_hooks.py)

ACCOUNT_TYPES = [("reader", "Readers"), ("staff", "Staff")]


class NewsroomUserFilterSet(wagtail_users.UserFilterSet):
    account_type = django_filters.ChoiceFilter(
        label="Account type", choices=ACCOUNT_TYPES, method="filter_account_type", empty_label="All"
    )
    email_verified = django_filters.BooleanFilter(label="E-mail verified", widget=BooleanRadioSelect)
    login_locked = django_filters.BooleanFilter(
        label="Login locked", method="filter_login_locked", widget=BooleanRadioSelect
    )

    class Meta(wagtail_users.UserFilterSet.Meta):
        fields = []

    def filter_account_type(self, queryset, name, value):
        if value == "staff":
            return queryset.filter(newsroom_staff())
        if value == "reader":
            return queryset.exclude(newsroom_staff())
        return queryset

    def filter_login_locked(self, queryset, name, value):
        return queryset.filter(login_locked()) if value else queryset.exclude(login_locked())


class NewsroomUserIndexView(wagtail_users.IndexView):
    lift_lock_url_name = None

    @cached_property
    def columns(self):
        # Wagtail's "Access level" (Admin or nothing) becomes "Account": Admin, Staff or Reader.
        columns = [column for column in super().columns if column.name != "is_superuser"]
        after_username = [column.name for column in columns].index(self.model.USERNAME_FIELD) + 1
        columns[after_username:after_username] = [
            Column("email", label="E-mail", sort_key="email"),
            Column("account_type", label="Account", accessor=account_type_label, sort_key="is_superuser"),
            BooleanColumn("email_verified", label="Verified", sort_key="email_verified"),
        ]
        columns.append(Column("login_lock", label="Login lock", accessor=login_lock_label))
        # No fixed widths: Wagtail's and ours added up to 101%, which left Name nothing (one letter a line).
        # The table sizes columns by their content; static/css/admin-users.css keeps names on one line.
        for column in columns:
            column.width = None
        columns[[column.name for column in columns].index("name")].classname = "name users-name"
        return columns

    def get_base_queryset(self):
        return with_login_failures(with_account_type(super().get_base_queryset()))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if is_locked(instance) and self.user_has_permission("change"):
            url = reverse(self.lift_lock_url_name, args=[instance.pk])
            buttons.append(MenuItem("Lift login lock", url=url, icon_name="lock-open", priority=25))
        return buttons


def is_locked(user) -> bool:
    """For users listed with with_login_failures."""
    return user.login_failures >= settings.AXES_FAILURE_LIMIT


def account_type_label(user) -> str:
    if user.is_superuser:
        return "Admin"
    return "Staff" if user.is_newsroom_staff else "Reader"


def login_lock_label(user) -> str:
    return "Locked" if is_locked(user) else ""


class LiftLoginLockView(PermissionCheckedMixin, WagtailAdminTemplateMixin, BaseOperationView):
    """Forget an account's failed logins: GET asks to confirm, POST lifts the lock. Needs "change user".

    Readers are also paused per client address; that lock is lifted by time or with
    `manage.py axes_reset_ip` (README "Throttling").
    """

    permission_required = "change"
    index_url_name = None
    template_name = "accounts/admin/lift_login_lock.html"
    page_title = "Lift login lock"
    header_icon = "lock-open"

    def get_base_object_queryset(self):
        return with_login_failures(super().get_base_object_queryset())

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(account=self.object, locked=is_locked(self.object))
        return self.render_to_response(context)

    def get_page_subtitle(self):
        return get_user_display_name(self.object)

    def perform_operation(self):
        services.unlock(self.object)
        log(self.object, LIFT_LOGIN_LOCK, user=self.request.user)

    def get_success_message(self):
        return f"The login lock on '{get_user_display_name(self.object)}' is lifted: they can sign in again."

    def get_success_url(self):
        return self.next_url or reverse(self.index_url_name)


class NewsroomUserEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | {"email_verified"}


class NewsroomUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | {"email_verified"}


class NewsroomUserViewSet(wagtail_users.UserViewSet):
    filterset_class = NewsroomUserFilterSet
    index_view_class = NewsroomUserIndexView
    create_template_name = "accounts/admin/user_create.html"
    edit_template_name = "accounts/admin/user_edit.html"

    def get_form_class(self, for_update=False):
        return NewsroomUserEditForm if for_update else NewsroomUserCreationForm

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(lift_lock_url_name=self.get_url_name("lift_lock"), **kwargs)

    def get_urlpatterns(self):
        lift_lock = self.construct_view(LiftLoginLockView)
        return [*super().get_urlpatterns(), path("lift-lock/<str:pk>/", lift_lock, name="lift_lock")]

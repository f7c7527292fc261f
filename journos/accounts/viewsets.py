"""The Wagtail admin's user list, for the newsroom: readers and staff side by side.

Administrators (the only group holding the user and group permissions, see
journos/core/groups.py) list, search and filter users, deactivate them, assign
groups and see their last login.
"""

from django.utils.functional import cached_property

from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets.boolean_radio_select import BooleanRadioSelect
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_users

import django_filters

from journos.accounts.selectors import newsroom_staff, with_account_type

ACCOUNT_TYPES = [("reader", "Readers"), ("staff", "Staff")]


class NewsroomUserFilterSet(wagtail_users.UserFilterSet):
    account_type = django_filters.ChoiceFilter(
        label="Account type", choices=ACCOUNT_TYPES, method="filter_account_type", empty_label="All"
    )
    email_verified = django_filters.BooleanFilter(label="E-mail verified", widget=BooleanRadioSelect)

    class Meta(wagtail_users.UserFilterSet.Meta):
        fields = []

    def filter_account_type(self, queryset, name, value):
        if value == "staff":
            return queryset.filter(newsroom_staff())
        if value == "reader":
            return queryset.exclude(newsroom_staff())
        return queryset


class NewsroomUserIndexView(wagtail_users.IndexView):
    @cached_property
    def columns(self):
        columns = list(super().columns)
        after_username = [column.name for column in columns].index(self.model.USERNAME_FIELD) + 1
        columns[after_username:after_username] = [
            Column("email", label="E-mail", sort_key="email", width="20%"),
            Column(
                "account_type",
                label="Account",
                accessor=lambda user: "Staff" if user.is_newsroom_staff else "Reader",
                width="8%",
            ),
            BooleanColumn("email_verified", label="Verified", sort_key="email_verified", width="8%"),
        ]
        return columns

    def get_base_queryset(self):
        return with_account_type(super().get_base_queryset())


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

from django.apps import AppConfig

from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True  # this module holds two app configs; "journos.accounts" means this one
    name = "journos.accounts"
    label = "accounts"

    def ready(self):
        from journos.accounts import signals  # noqa: F401  (connects the sign-in marker)


class NewsroomUsersConfig(WagtailUsersAppConfig):
    """wagtail.users, listing readers and staff with the filters the newsroom needs."""

    user_viewset = "journos.accounts.viewsets.NewsroomUserViewSet"

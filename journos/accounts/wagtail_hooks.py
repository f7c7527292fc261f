from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks

from journos.accounts import avatars
from journos.accounts.viewsets import LIFT_LOGIN_LOCK


@hooks.register("register_log_actions")
def register_account_log_actions(actions):
    actions.register_action(LIFT_LOGIN_LOCK, "Lift login lock", "Login lock lifted")


@hooks.register("get_avatar_url")
def initials_avatar(user, size):
    return avatars.initials_url(user, size)


@hooks.register("insert_global_admin_css")
def users_list_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-users.css"))

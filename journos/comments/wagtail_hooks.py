"""The admin's "Comments" menu item (the moderation queue) and the audit-log actions of moderation."""

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from journos.comments import admin_views, moderation


class CommentsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.MODERATE)


admin_urlpatterns = [
    path("", admin_views.queue, name="queue"),
    path("decide/", admin_views.decide, name="decide"),
    path("<int:comment_id>/", admin_views.detail, name="detail"),
    path("readers/<int:user_id>/ban/", admin_views.ban, name="ban"),
    path("readers/<int:user_id>/unban/", admin_views.unban, name="unban"),
]


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [path("comments/", include((admin_urlpatterns, "comments_moderation")))]


@hooks.register("register_admin_menu_item")
def register_comments_menu_item():
    return CommentsMenuItem(
        "Comments", reverse("comments_moderation:queue"), name="comments", icon_name="comment", order=250
    )


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    for action, (label, message) in moderation.LOG_ACTIONS.items():
        actions.register_action(action, label, message)

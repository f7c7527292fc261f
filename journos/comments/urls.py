"""Per-reader comment URLs, each wrapped in account_page: never cached, never indexed."""

from django.urls import path

from journos.accounts.http import account_page
from journos.comments import views

app_name = "comments"

urlpatterns = [
    path(route, account_page(view), name=name)
    for route, view, name in [
        ("article/<int:page_id>/", views.article_comments, "article"),
        ("<int:comment_id>/", views.permalink, "permalink"),
        ("<int:comment_id>/reply/", views.reply, "reply"),
        ("<int:comment_id>/edit/", views.edit, "edit"),
        ("<int:comment_id>/delete/", views.delete, "delete"),
        ("<int:comment_id>/report/", views.report, "report"),
        ("notifications/", views.notifications, "notifications"),
        ("unsubscribe/<str:token>/", views.unsubscribe, "unsubscribe"),
        ("export.<str:fmt>", views.export, "export"),
    ]
]

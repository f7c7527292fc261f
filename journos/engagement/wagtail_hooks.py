from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin import widgets

from journos.engagement.admin_views import ArticleStatsView, MostReadPanel
from journos.news.models import ArticlePage


@hooks.register("register_admin_urls")
def register_stats_url():
    return [path("engagement/articles/<int:page_id>/", ArticleStatsView.as_view(), name="engagement_article_stats")]


@hooks.register("insert_global_admin_css")
def chart_css():
    """The charts' colours (journos.core.charts): classes, as the CSP forbids inline styles."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-dashboard.css"))


@hooks.register("construct_homepage_panels")
def add_most_read_panel(request, panels):
    panels.append(MostReadPanel())


def _stats_button(page, user, priority):
    if page.specific_class is ArticlePage and page.permissions_for_user(user).can_edit():
        url = reverse("engagement_article_stats", args=[page.pk])
        yield widgets.Button("Views and shares", url, icon_name="view", priority=priority)


@hooks.register("register_page_header_buttons")
def article_stats_header_button(page, user, view_name, next_url=None):
    yield from _stats_button(page, user, priority=66)


@hooks.register("register_page_listing_more_buttons")
def article_stats_listing_button(page, user, next_url=None):
    yield from _stats_button(page, user, priority=55)

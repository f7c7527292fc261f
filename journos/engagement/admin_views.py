"""Editors' view of what readers read: an article's views and shares, and the dashboard panel."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from journos.core.charts import bar_chart
from journos.engagement import selectors
from journos.engagement.models import Kind
from journos.news.models import ArticlePage

DASHBOARD_LIMIT = 10


def hourly_chart(*, title: str, article_id: int | None = None):
    points = selectors.hourly_views_today(article_id=article_id)
    return bar_chart(
        [(f"{timezone.localtime(hour):%H}:00", views) for hour, views in points], title=title, label_every=3
    )


def daily_chart(*, title: str, days: int, article_id: int | None = None):
    points = selectors.daily_views(days=days, article_id=article_id)
    return bar_chart([(f"{day:%a %-d %b}", views) for day, views in points], title=title, label_every=days // 7 or 1)


class MostReadPanel(Component):
    """Dashboard panel: the most read published articles today and over the last seven days,
    with views per hour today and per day this week (all articles). Six queries."""

    name = "most_read"
    template_name = "engagement/admin/most_read_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        today = selectors.most_read(days=1, limit=DASHBOARD_LIMIT)
        week = selectors.most_read(days=7, limit=DASHBOARD_LIMIT)
        return {
            "periods": [
                ("Today", today, hourly_chart(title="Views per hour today")),
                ("Last 7 days", week, daily_chart(title="Views per day, last 7 days", days=7)),
            ]
        }


class ArticleStatsView(WagtailAdminTemplateMixin, TemplateView):
    """Views and shares of one article: totals, shares per network and the last 30 days."""

    template_name = "engagement/admin/article_stats.html"
    header_icon = "view"
    page_title = "Views and shares"

    def dispatch(self, request, page_id):
        self.article = get_object_or_404(ArticlePage.objects.defer_streamfields(), pk=page_id)
        if not self.article.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.article.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailadmin_pages:edit", args=[self.article.pk]), "label": self.article.title},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        totals = selectors.article_totals(article_id=self.article.pk)
        networks = [(label, totals.by_kind.get(value, 0)) for value, label in Kind.choices if value != Kind.VIEW]
        return super().get_context_data(
            article=self.article,
            totals=totals,
            networks=networks,
            days=selectors.daily_series(article_id=self.article.pk, days=30),
            hourly=hourly_chart(title="Views per hour today", article_id=self.article.pk),
            daily=daily_chart(title="Views per day, last 30 days", days=30, article_id=self.article.pk),
            **kwargs,
        )

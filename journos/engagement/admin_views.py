"""Editors' view of what readers read: an article's views and shares, and the dashboard panel."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView

from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from journos.engagement import selectors
from journos.engagement.models import Kind
from journos.news.models import ArticlePage

DASHBOARD_LIMIT = 10


class MostReadPanel(Component):
    """Dashboard panel: the most read published articles today and over the last seven days."""

    name = "most_read"
    template_name = "engagement/admin/most_read_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        today = selectors.most_read(days=1, limit=DASHBOARD_LIMIT)
        week = selectors.most_read(days=7, limit=DASHBOARD_LIMIT)
        return {"periods": [("Today", today), ("Last 7 days", week)]}


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
            **kwargs,
        )

from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "journos.engagement"
    label = "engagement"
    verbose_name = "Engagement"

    def ready(self):
        from django.db.models.signals import post_delete

        from wagtail.signals import page_published, page_unpublished

        from journos.engagement import signals
        from journos.news.models import ArticlePage

        page_published.connect(signals.article_changed, sender=ArticlePage)
        page_unpublished.connect(signals.article_changed, sender=ArticlePage)
        post_delete.connect(signals.article_changed, sender=ArticlePage)

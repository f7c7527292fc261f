from django.apps import AppConfig
from django.db.models.signals import pre_delete


class NewsConfig(AppConfig):
    name = "journos.news"
    label = "news"

    def ready(self):
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from journos.news import feed_cache
        from journos.news.models import ArticlePage

        # Cached feeds that list an article are dropped when it changes.
        page_published.connect(feed_cache.on_article_changed, sender=ArticlePage)
        page_unpublished.connect(feed_cache.on_article_changed, sender=ArticlePage)
        post_page_move.connect(feed_cache.on_article_moved, sender=ArticlePage)
        pre_delete.connect(feed_cache.on_article_deleted, sender=ArticlePage)

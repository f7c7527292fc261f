"""Keep the search index current on publish.

Wagtail indexes a page on post_save, but a page's child relations (an
article's authors and tags, its extra categories) are written just *after*
that signal, so a publish that only changes them would leave the index a step
behind. Re-indexing the published page once more on `page_published`, when
everything is saved, closes that gap. Unpublish and delete need nothing more:
search only shows live pages, and Wagtail drops deleted pages from the index.

Cached searches depend on every article and on editors' picks
(journos.core.caching), so a publish or a changed pick refreshes them.
"""

from wagtail.search import index
from wagtail.signals import page_published

from journos.news.models import ArticlePage, LiveBlogPage


def reindex_published_article(sender, instance, **kwargs):
    index.insert_or_update_object(instance)


def connect():
    # The signal names the page's own class: live blogs (a kind of article) are connected too.
    for model in (ArticlePage, LiveBlogPage):
        page_published.connect(
            reindex_published_article, sender=model, dispatch_uid=f"search-reindex-{model._meta.model_name}"
        )

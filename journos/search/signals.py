"""Keep the search index current on publish, and when what an article's entry quotes is renamed.

Wagtail indexes a page on post_save, but a page's child relations (an
article's authors and tags, its extra categories) are written just *after*
that signal, so a publish that only changes them would leave the index a step
behind. Re-indexing the published page once more on `page_published`, when
everything is saved, closes that gap. Unpublish and delete need nothing more:
search only shows live pages, and Wagtail drops deleted pages from the index.

An article's entry also holds its authors' names, its sections' titles and its
tags. When one of those is renamed (an author or section published under a new
title, a tag renamed or deleted), the articles that carry it are indexed again
by a task (journos.search.tasks.reindex_articles), so a large archive is
re-indexed by the worker, not in the editor's request.

Cached searches depend on every article and on editors' picks
(journos.core.caching), so a publish or a changed pick refreshes them.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from wagtail.search import index
from wagtail.signals import page_published

from taggit.models import Tag

from journos.news.models import ArticlePage, ArticleTag, AuthorPage, LiveBlogPage, SectionPage
from journos.search import tasks


def reindex_published_article(sender, instance, **kwargs):
    index.insert_or_update_object(instance)


def remember_indexed_title(sender, instance, raw=False, update_fields=None, **kwargs):
    """Note the title (or tag name) as stored before this save, to tell a rename from any other save."""
    field = "name" if sender is Tag else "title"
    if raw or instance.pk is None or (update_fields is not None and field not in update_fields):
        instance._title_before_save = None
        return
    instance._title_before_save = sender.objects.filter(pk=instance.pk).values_list(field, flat=True).first()


def reindex_after_rename(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    field = "name" if sender is Tag else "title"
    before = getattr(instance, "_title_before_save", None)
    if update_fields is not None and field not in update_fields:
        return  # e.g. a draft saved: the page keeps its published title
    if raw or created or before is None or before == getattr(instance, field):
        return
    if sender is AuthorPage:
        tasks.reindex_articles.enqueue(author_id=instance.pk)
    elif sender is SectionPage:
        tasks.reindex_articles.enqueue(section_id=instance.pk)
    else:
        article_ids = list(ArticleTag.objects.filter(tag=instance).values_list("content_object_id", flat=True))
        if article_ids:
            tasks.reindex_articles.enqueue(article_ids=article_ids)


def remember_tagged_articles(sender, instance, **kwargs):
    instance._tagged_article_ids = list(
        ArticleTag.objects.filter(tag=instance).values_list("content_object_id", flat=True)
    )


def reindex_after_tag_deleted(sender, instance, **kwargs):
    if getattr(instance, "_tagged_article_ids", None):
        tasks.reindex_articles.enqueue(article_ids=instance._tagged_article_ids)


def connect():
    # The signal names the page's own class: live blogs (a kind of article) are connected too.
    for model in (ArticlePage, LiveBlogPage):
        page_published.connect(
            reindex_published_article, sender=model, dispatch_uid=f"search-reindex-{model._meta.model_name}"
        )
    for model in (AuthorPage, SectionPage, Tag):
        name = model.__name__.lower()
        pre_save.connect(remember_indexed_title, sender=model, dispatch_uid=f"search-title-before-{name}")
        post_save.connect(reindex_after_rename, sender=model, dispatch_uid=f"search-rename-{name}")
    pre_delete.connect(remember_tagged_articles, sender=Tag, dispatch_uid="search-tag-deleting")
    post_delete.connect(reindex_after_tag_deleted, sender=Tag, dispatch_uid="search-tag-deleted")

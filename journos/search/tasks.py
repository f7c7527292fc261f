"""Search's upkeep in the task worker: re-indexing articles whose indexed text lives on another object,
and next year's partition of the search archive.

An article's index entry holds its authors' names, its sections' titles and
its tags (ArticlePage.search_fields). Wagtail re-indexes an article when the
article is saved, not when one of those is renamed, so journos.search.signals
enqueues this task when an author or section is published under a new title,
or a tag is renamed or deleted.
"""

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from wagtail.search.backends import get_search_backend

from django_tasks import task

from journos.news.models import ArticlePage, SectionPage
from journos.search.models import PageWords

BATCH = 200  # articles indexed per query batch


@task()
def reindex_articles(*, author_id: int | None = None, section_id: int | None = None, article_ids: list | None = None):
    """Index again every article bylined by the author, filed under or in the section, or listed."""
    condition = Q(pk__in=article_ids or [])
    if author_id:
        condition |= Q(article_authors__author_id=author_id)
    if section_id:
        section = SectionPage.objects.filter(pk=section_id).first()
        if section:
            condition |= Q(path__startswith=section.path) | Q(extra_categories=section)
    ids = list(ArticlePage.objects.filter(condition).values_list("pk", flat=True).distinct().order_by("pk"))
    backend = get_search_backend()
    for start in range(0, len(ids), BATCH):
        batch = ArticlePage.get_indexed_objects().filter(pk__in=ids[start : start + BATCH])
        backend.add_bulk(ArticlePage, list(batch))
    return len(ids)


@task()
def make_archive_partitions():
    """This year's and next year's partitions of the search archive (PostgreSQL), made before they are needed.

    Run daily (PERIODIC_TASKS); a missed year is no error, only slower: its
    articles wait in the default partition, which every search then reads too.
    """
    if connection.vendor != "postgresql":
        return 0
    year = timezone.now().year
    return PageWords.make_partitions(year, year + 1)

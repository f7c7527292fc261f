"""The search archive table: each page's words beside its first publication time (PostgreSQL only).

Wagtail's index (wagtailsearch_indexentry) keeps a page's words but not its
date, so a search for a common word had to rank every matching article: at a
million articles, a hundred thousand of them. This table holds the same
words (`title || body`) with the page's first publication time, and a RUM
index over both (the `rum` extension, Debian's postgresql-15-rum) hands out
the newest matches already in order. Search then ranks only those
(journos/search/backends/postgres.py).

Database triggers on Wagtail's index and page tables keep it (migration
0003), never this code: every way of indexing (publishing, update_index,
the bulk demo load) keeps it current. docs/scaling.md says where it stops scaling.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class PageWords(models.Model):
    entry_id = models.IntegerField(primary_key=True)  # the row of Wagtail's index it copies
    page_id = models.IntegerField()
    published_at = models.DateTimeField()  # the page's first publication ('epoch' until it has one)
    vector = SearchVectorField()  # Wagtail's title || body
    autocomplete = SearchVectorField()  # Wagtail's autocomplete words (headlines), for words being typed

    class Meta:
        managed = False  # created, with its triggers and index, by migration 0003 on PostgreSQL only
        db_table = "search_pagewords"

    def __str__(self):
        return f"Words of page {self.page_id}"

"""The search archive table: each page's words beside its first publication time (PostgreSQL only).

Wagtail's index (wagtailsearch_indexentry) keeps a page's words but not its
date, so a search for a common word had to rank every matching article: at a
million articles, a hundred thousand of them. This table holds the same
words (`title || body`) with the page's first publication time, and a RUM
index over both (the `rum` extension, Debian's postgresql-15-rum) hands out
the newest matches already in order. Search then ranks only those
(journos/search/backends/postgres.py).

Database triggers on Wagtail's index and page tables keep it (migrations
0003 and 0004), never this code: every way of indexing (publishing,
update_index, the bulk demo load) keeps it current. The table is split by
year of publication (0004), so a search reads recent years first; each year's
partition is made ahead of time (make_partitions). docs/scaling.md says where
it stops scaling.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models


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

    @staticmethod
    def make_partitions(first_year: int, last_year: int, using: str = "default") -> int:
        """Give each year from `first_year` to `last_year` its partition (moving its rows in); returns how many."""
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT search_pagewords_make_partitions(%s, %s)", [first_year, last_year])
            return cursor.fetchone()[0]

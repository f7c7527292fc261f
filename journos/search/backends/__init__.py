"""Wagtail's database search backend, with titles weighing most on SQLite too.

On PostgreSQL, Wagtail (through django-modelsearch) turns each `SearchField`
boost into a tsvector weight (A-D) and ranks with ts_rank, so the boosts in
ArticlePage.search_fields order the matches: title, standfirst, body, then
tags, authors and sections.

On SQLite, Wagtail's index has one FTS5 column for titles and one for all
other text, and ranks with plain bm25(), which weighs both columns the same:
a word in a long body then scores like a word in the headline. On SQLite this
backend indexes an article's standfirst in the title column after the headline
and weighs the columns in bm25() (see sqlite.py), so headline, standfirst and
body matches come in that order there too; tags, authors and sections share the
body's column and weigh as much. Everything else is Wagtail's own backend.

On PostgreSQL, a page search ranks only its newest matches (postgres.py),
so a common word costs the same at a million articles as at a thousand.

Settings: WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "journos.search.backends"}}
"""

from django.db import connection

from wagtail.search.backends import database


def SearchBackend(params):
    """The name Wagtail looks up in a backend module: the backend for the database in use."""
    backend = database.SearchBackend(params)
    if connection.vendor == "postgresql":
        # Imported only here: the archive table exists on PostgreSQL only.
        from journos.search.backends.postgres import NewestMatchesSearchBackend

        return NewestMatchesSearchBackend(params)
    if connection.vendor == "sqlite":
        # Imported only here: the SQLite index models do not exist on PostgreSQL.
        from journos.search.backends.sqlite import SQLiteSearchBackend, WeightedSQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):  # FTS5 is available
            return WeightedSQLiteSearchBackend(params)
    return backend

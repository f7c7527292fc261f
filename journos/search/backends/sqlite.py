"""Wagtail's SQLite FTS5 search backend with per-column bm25() weights."""

from django.db.models import FloatField, Func

from wagtail.search.query import Not, Phrase, PlainText

from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)

# One weight per FTS5 column, in the order Wagtail's migration creates them:
# fts5(autocomplete, body, title). A title hit counts ten times a body hit.
COLUMN_WEIGHTS = {"autocomplete": 1.0, "body": 1.0, "title": 10.0}


class WeightedBM25(Func):
    """bm25() over Wagtail's FTS table with column weights (more negative is better)."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra_context):
        weights = ", ".join(str(weight) for weight in COLUMN_WEIGHTS.values())
        return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, {weights})", []


class WeightedSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
    def build_tsrank(self, vector, query, config=None, boost=1.0):
        if isinstance(query, (Phrase, PlainText, Not)):
            return WeightedBM25() * boost
        return super().build_tsrank(vector, query, config=config, boost=boost)


class WeightedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = WeightedSQLiteSearchQueryCompiler

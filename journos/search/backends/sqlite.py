"""Wagtail's SQLite FTS5 search backend, weighing headline, standfirst and body apart.

Wagtail's FTS5 table has three columns: fts5(autocomplete, body, title).
For a page, `autocomplete` holds its headline (Page's AutocompleteField("title")),
`title` its SearchField("title") and `body` every other SearchField. For a model
with a standfirst (ArticlePage, LiveBlogPage), this backend indexes the standfirst
in the `title` column after the headline instead of in `body`, and its searches
also match the `autocomplete` column, weighted so that a word counts as on
PostgreSQL (ArticlePage.search_fields boosts): in the headline 10 (autocomplete 8
plus title 2), in the standfirst 2 (title), in the body, tags, authors or sections 1.
The `autocomplete` column is unchanged, so prefix matches ("walr") still look at
headlines only. Other models keep Wagtail's columns; their title words weigh ten.
"""

from django.db.models import FloatField, Func

from wagtail.search.query import Not, Phrase, PlainText

from modelsearch.backends.database.sqlite.sqlite import (
    ObjectIndexer,
    SQLiteFTSIndexEntry,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.index import SearchField
from modelsearch.utils import get_content_type_pk

# One weight per FTS5 column, in the order Wagtail's migration creates them: fts5(autocomplete, body, title).
COLUMN_WEIGHTS = {"autocomplete": 1.0, "body": 1.0, "title": 10.0}
# With a standfirst: the headline is in autocomplete and title (8 + 2), the standfirst in title only.
STANDFIRST_COLUMN_WEIGHTS = {"autocomplete": 8.0, "body": 1.0, "title": 2.0}
HEADLINE_COLUMNS = ("title", "standfirst")  # the SearchFields indexed in the title column


def has_standfirst(model) -> bool:
    return any(
        isinstance(field, SearchField) and field.field_name == "standfirst" for field in model.get_search_fields()
    )


def column_text(indexer: ObjectIndexer, *, headline: bool) -> str:
    """The object's SearchField values that go in the title column (headline=True) or the body column."""
    return " ".join(
        value
        for field in indexer.search_fields
        for current, value in indexer.prepare_field(indexer.obj, field)
        if isinstance(current, SearchField) and (current.field_name in HEADLINE_COLUMNS) == headline
    )


class StandfirstSQLiteIndex(SQLiteIndex):
    def add_items(self, model, objs):
        """Wagtail's entries, then (for a model with a standfirst) the standfirst moved from body to title."""
        super().add_items(model, objs)
        if not has_standfirst(model):
            return
        entries = self.entries.filter(content_type_id=get_content_type_pk(model))
        for obj in objs:
            indexer = ObjectIndexer(obj, self.backend)
            entries.filter(object_id=indexer.id).update(
                title=column_text(indexer, headline=True), body=column_text(indexer, headline=False)
            )


class WeightedBM25(Func):
    """bm25() over Wagtail's FTS table with column weights (more negative is better)."""

    output_field = FloatField()

    def __init__(self, weights: dict[str, float]):
        super().__init__()
        self.weights = weights

    def as_sql(self, compiler, connection, **extra_context):
        weights = ", ".join(str(weight) for weight in self.weights.values())
        return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, {weights})", []


class WeightedSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.standfirst = has_standfirst(self.queryset.model)
        self.weights = STANDFIRST_COLUMN_WEIGHTS if self.standfirst else COLUMN_WEIGHTS
        if self.standfirst:  # the headline's own column; it holds no word the title column lacks
            self.FTS_TABLE_FIELDS = [*self.FTS_TABLE_FIELDS, "autocomplete"]

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        if isinstance(query, (Phrase, PlainText, Not)):
            return WeightedBM25(self.weights) * boost
        return super().build_tsrank(vector, query, config=config, boost=boost)

    def _build_rank_expression(self, vectors, config):
        # Wagtail's adds a second bm25() scaled by title_norm, computed on the headline alone:
        # the column weights already say what counts, and bm25 weighs lengths itself.
        if self.standfirst:
            return self.build_tsrank(None, self.query, config=config)
        return super()._build_rank_expression(vectors, config)


class WeightedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = WeightedSQLiteSearchQueryCompiler
    index_class = StandfirstSQLiteIndex

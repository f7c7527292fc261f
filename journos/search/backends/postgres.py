"""Wagtail's PostgreSQL search backend, ranking only the newest matches of a page search.

Wagtail ranks every article that matches: fine for thousands, but a common
word matches a twentieth of a million-article archive, and ranking them all
takes seconds. Here a page search takes the newest `NEWEST_MATCHES`
(default 200) matching pages from the archive table (journos/search/models.py),
which its RUM index returns already in date order, and ranks only those, by
the same weights Wagtail uses (headline A, standfirst B, body C, the rest D).
A search whose words are rarer than that is ranked whole; a common word
gives the best matches of recent coverage, which is what a news reader looks
for (docs/scaling.md). Such a search counts the window's size: the results
page says "200+".

Words being typed (autocomplete) go the same way through the headlines' words.

Settings: WAGTAILSEARCH_BACKENDS["default"]["NEWEST_MATCHES"]. Searches of
models that are not pages, with a score field, or fuzzy ones are Wagtail's own.
"""

from datetime import UTC, datetime
from functools import cache

from django.contrib.postgres.search import SearchRank
from django.db import connections
from django.db.models import Case, F, Q, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from wagtail.models import Page
from wagtail.search.query import Fuzzy, MatchAll

from modelsearch.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)

from journos.search.models import PageWords

NEWEST_MATCHES = 200


class NewestMatches:
    """Search (or autocomplete: `words` names the archive column) within the newest matches."""

    words = "vector"

    def search(self, config, start, stop, score_field=None, backend=None):
        if not self.ranks_newest_matches(score_field):
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        ids = self.matching_ids(config, backend)
        if not self.order_by_relevance:  # the queryset's own order (newest first for readers)
            return self.queryset.filter(pk__in=ids).order_by(*self.queryset.query.order_by or ["-pk"])[start:stop]
        shown = ids[start:stop]
        position = Case(*[When(pk=pk, then=index) for index, pk in enumerate(shown)], default=len(shown))
        return self.queryset.filter(pk__in=shown).order_by(position)

    def ranks_newest_matches(self, score_field) -> bool:
        return (
            issubclass(self.queryset.model, Page)
            and not isinstance(self.query, MatchAll | Fuzzy)
            and not self.fields
            and score_field is None
        )

    def matching_ids(self, config, backend) -> list[int]:
        """The newest matches' page ids, best match first when ranking (worked out once per search)."""
        if not hasattr(self, "_matching_ids"):
            tsquery = self.build_tsquery(self.query, config=config)
            newest = newest_matches(self.queryset, self.words, tsquery, backend.newest_matches)
            if self.order_by_relevance and newest:
                rank = SearchRank(F(self.words), tsquery, weights=self.sql_weights)
                dates = [published for _, _, published in newest]
                words = PageWords.objects.using(self.queryset.db).filter(
                    entry_id__in=[entry for entry, _, _ in newest],
                    published_at__range=(min(dates), max(dates)),  # the partitions to look in
                )
                self._matching_ids = list(
                    words.annotate(rank=rank).order_by("-rank", "-page_id").values_list("page_id", flat=True)
                )
            else:
                self._matching_ids = [page for _, page, _ in newest]
        return self._matching_ids


class NewestMatchesQueryCompiler(NewestMatches, PostgresSearchQueryCompiler):
    pass


class NewestMatchesAutocompleteQueryCompiler(NewestMatches, PostgresAutocompleteQueryCompiler):
    words = "autocomplete"


def newest_matches(queryset, column: str, tsquery, limit: int) -> list[tuple[int, int, datetime]]:
    """The newest pages of `queryset` whose words (in `column`) match, at most `limit`.

    Each as (archive row, page id, publication time).

    The archive is split by year (journos/search/models.py): this year's and
    last year's matches are read first, older years only when those do not
    fill the window, so a common word's cost follows recent coverage, not the
    archive's size.
    """
    words = PageWords.objects.using(queryset.db).filter(**{column: tsquery}).order_by(newest_first(queryset.db))
    recent, later = recent_years_start(), next_year_start()
    older = Q(published_at__lt=recent) | Q(published_at__gte=later)  # ranges, so the recent partitions are skipped
    found = []
    for years in (words.filter(published_at__gte=recent, published_at__lt=later), words.filter(older)):
        found += newest_shown(queryset, years, limit - len(found))
        if len(found) == limit:
            break
    return found


def recent_years_start() -> datetime:
    """The start of last year (UTC): from there to next year's start are two partitions, the only ones read."""
    return datetime(timezone.now().year - 1, 1, 1, tzinfo=UTC)


def next_year_start() -> datetime:
    return datetime(timezone.now().year + 1, 1, 1, tzinfo=UTC)


def newest_shown(queryset, words, limit: int) -> list[tuple[int, int, datetime]]:
    """The first `limit` of `words` (in their order) whose pages `queryset` shows.

    Candidates come from the index in date order first and only then meet the
    queryset's filters: joined inside the scan, a narrow queryset (one section)
    made PostgreSQL read the whole section (1.6 s at a million articles). Most
    searches cover every article and need one scan; a narrow one scans up to
    16 times as many candidates, which bounds its cost.
    """
    found = []
    for scanned in (limit, limit * 16):
        candidates = list(words.values_list("entry_id", "page_id", "published_at")[:scanned])
        if not candidates:
            return []
        # From an array, not an IN list: PostgreSQL then looks the candidates up in the
        # page table too, instead of reading a section's articles whole (5 ms, not 180).
        pages = RawSQL("SELECT unnest(%s::integer[])", [[page for _, page, _ in candidates]])
        shown = set(queryset.filter(pk__in=pages).order_by().values_list("pk", flat=True))
        found = [candidate for candidate in candidates if candidate[1] in shown][:limit]
        if len(found) == limit or len(candidates) < scanned:
            break
    return found


def newest_first(alias: str):
    """Date order, newest first, as the table's index answers it (RUM's distance from the far future, or DESC)."""
    if has_rum_index(alias):
        return RawSQL("published_at <=| '9999-12-31'::timestamptz", [])
    return "-published_at"


@cache
def has_rum_index(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_pagewords_newest'")
        row = cursor.fetchone()
    return bool(row) and " rum " in row[0]


class NewestMatchesSearchResults(PostgresSearchResults):
    def _do_count(self):
        compiler = self.query_compiler
        if isinstance(compiler, NewestMatches) and compiler.ranks_newest_matches(self._score_field):
            return len(compiler.matching_ids(compiler.get_config(self.backend), self.backend))
        return super()._do_count()


class NewestMatchesSearchBackend(PostgresSearchBackend):
    query_compiler_class = NewestMatchesQueryCompiler
    autocomplete_query_compiler_class = NewestMatchesAutocompleteQueryCompiler
    results_class = NewestMatchesSearchResults

    def __init__(self, params):
        super().__init__(params)
        self.newest_matches = int(params.get("NEWEST_MATCHES", NEWEST_MATCHES))

"""The search archive table split by year of first publication (PostgreSQL's declarative partitions).

The RUM index hands out a word's matches newest first, but still visits
every match inside the index: a word in 15% of a million articles cost 78 ms
before its newest 200 came out. Split by year, a search reads this year's
and last year's partitions first (journos/search/backends/postgres.py), so
its cost follows recent coverage, not the archive's size.

Each year gets its partition from `search_pagewords_make_partitions(first,
last)` (run here, by the bulk loader and daily by the task worker for the
coming year); a row outside every year lands in the default partition
(unpublished pages, dated 'epoch'), and making its year's partition moves it.

The triggers now copy new index rows and delete removed ones once per
statement (transition tables), which keeps Wagtail's bulk indexing
set-based; changed words are updated row by row, as before.
"""

from importlib import import_module

from django.db import migrations
from django.utils import timezone

# The same indexes as migration 0003 made, now on each partition.
page_words = import_module("journos.search.migrations.0003_page_words")

# No primary key: on a partitioned table it would have to include the date, and pg_restore --clean
# (manage.py restore) cannot drop a partition's inherited key. entry_id is unique all the same (Wagtail's id).
TABLE = """
ALTER TABLE search_pagewords RENAME TO search_pagewords_unsplit;
DROP INDEX search_pagewords_page;
DROP INDEX IF EXISTS search_pagewords_newest;
DROP INDEX IF EXISTS search_pagewords_newest_autocomplete;
DROP INDEX IF EXISTS search_pagewords_date;
CREATE TABLE search_pagewords (
    entry_id integer NOT NULL,
    page_id integer NOT NULL,
    published_at timestamptz NOT NULL,
    vector tsvector NOT NULL,
    autocomplete tsvector NOT NULL
) PARTITION BY RANGE (published_at);
CREATE TABLE search_pagewords_undated PARTITION OF search_pagewords DEFAULT;
CREATE INDEX search_pagewords_entry ON search_pagewords (entry_id);
CREATE INDEX search_pagewords_page ON search_pagewords (page_id);
"""

# A year's partition takes its rows out of the default partition first: PostgreSQL
# refuses a new partition while the default one holds rows of its range.
MAKE_PARTITIONS = """
CREATE FUNCTION search_pagewords_make_partitions(first_year integer, last_year integer)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    each_year integer;
    partition text;
    made integer := 0;
    starts timestamptz;
    ends timestamptz;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('search_pagewords_make_partitions'));
    FOR each_year IN first_year..last_year LOOP
        partition := 'search_pagewords_' || each_year;
        CONTINUE WHEN to_regclass(partition) IS NOT NULL;
        starts := make_timestamptz(each_year, 1, 1, 0, 0, 0, 'UTC');
        ends := make_timestamptz(each_year + 1, 1, 1, 0, 0, 0, 'UTC');
        EXECUTE format('CREATE TABLE %I (LIKE search_pagewords)', partition);
        EXECUTE format(
            'WITH moved AS (DELETE FROM search_pagewords_undated WHERE published_at >= %L AND published_at < %L '
            'RETURNING *) INSERT INTO %I SELECT * FROM moved', starts, ends, partition
        );
        EXECUTE format(
            'ALTER TABLE search_pagewords ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', partition, starts, ends
        );
        made := made + 1;
    END LOOP;
    RETURN made;
END $$;
"""

COPY = """
INSERT INTO search_pagewords (entry_id, page_id, published_at, vector, autocomplete)
SELECT entry_id, page_id, published_at, vector, autocomplete FROM search_pagewords_unsplit;
DROP TABLE search_pagewords_unsplit;
"""

# New and deleted index rows: once per statement. Changed words: per row (only the
# words' columns; Wagtail rewrites every title_norm after each save).
TRIGGERS = """
DROP TRIGGER search_pagewords_entry ON wagtailsearch_indexentry;
DROP FUNCTION search_pagewords_copy_entry();

CREATE FUNCTION search_pagewords_add_entries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_pagewords (entry_id, page_id, published_at, vector, autocomplete)
    SELECT entry.id, page.id, COALESCE(page.first_published_at, 'epoch'), entry.title || entry.body, entry.autocomplete
    FROM added entry
    JOIN wagtailcore_page page
        ON entry.object_id ~ '^[0-9]{1,9}$' AND page.id = entry.object_id::integer
        AND page.content_type_id = entry.content_type_id;
    RETURN NULL;
END $$;

CREATE FUNCTION search_pagewords_remove_entries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search_pagewords WHERE entry_id IN (SELECT id FROM removed);
    RETURN NULL;
END $$;

CREATE FUNCTION search_pagewords_change_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE search_pagewords SET vector = NEW.title || NEW.body, autocomplete = NEW.autocomplete
    WHERE entry_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER search_pagewords_add AFTER INSERT ON wagtailsearch_indexentry
REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION search_pagewords_add_entries();
CREATE TRIGGER search_pagewords_remove AFTER DELETE ON wagtailsearch_indexentry
REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION search_pagewords_remove_entries();
CREATE TRIGGER search_pagewords_change AFTER UPDATE OF title, body, autocomplete ON wagtailsearch_indexentry
FOR EACH ROW EXECUTE FUNCTION search_pagewords_change_entry();
"""


def split_by_year(apps, schema_editor):
    """The table, its indexes (RUM where it had them) and its rows, now by year; and the new triggers."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_pagewords_newest'")
        row = cursor.fetchone()
        rum = bool(row) and " rum " in row[0]
        cursor.execute(
            "SELECT extract(year FROM min(published_at))::integer FROM search_pagewords WHERE published_at > 'epoch'"
        )
        first_year = cursor.fetchone()[0]
    this_year = timezone.now().year
    schema_editor.execute(TABLE)
    schema_editor.execute(page_words.RUM_INDEXES if rum else page_words.GIN_INDEXES)
    with schema_editor.connection.cursor() as cursor:  # not schema_editor.execute: it reads %I as a parameter
        cursor.execute(MAKE_PARTITIONS)
    schema_editor.execute(
        "SELECT search_pagewords_make_partitions(%s, %s)", [min(first_year or this_year, this_year - 1), this_year + 1]
    )
    schema_editor.execute(COPY)
    schema_editor.execute(TRIGGERS)
    schema_editor.execute("ANALYZE search_pagewords")


DROP = """
DROP TRIGGER search_pagewords_add ON wagtailsearch_indexentry;
DROP TRIGGER search_pagewords_remove ON wagtailsearch_indexentry;
DROP TRIGGER search_pagewords_change ON wagtailsearch_indexentry;
DROP FUNCTION search_pagewords_add_entries();
DROP FUNCTION search_pagewords_remove_entries();
DROP FUNCTION search_pagewords_change_entry();
DROP FUNCTION search_pagewords_make_partitions(integer, integer);
DROP TABLE search_pagewords;
DROP TRIGGER search_pagewords_page ON wagtailcore_page;
DROP FUNCTION search_pagewords_copy_date();
"""


def unsplit(apps, schema_editor):
    """Back to migration 0003's table, built again from Wagtail's index."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(DROP)
    page_words.create(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_page_words")]

    operations = [migrations.RunPython(split_by_year, unsplit, elidable=False)]

"""The search archive table and the triggers that keep it (journos/search/models.py), on PostgreSQL only.

The RUM index needs the `rum` extension (Debian: postgresql-15-rum; the
migration creates it when the database user may). Without it the table gets
a GIN index on the words and a B-tree on the date instead: correct, but
the newest matches of a common word are then found by walking the dates
(docs/scaling.md).
"""

import django.contrib.postgres.search
from django.db import migrations, models

TABLE = """
CREATE TABLE search_pagewords (
    entry_id integer PRIMARY KEY,
    page_id integer NOT NULL,
    published_at timestamptz NOT NULL,
    vector tsvector NOT NULL,
    autocomplete tsvector NOT NULL
);
CREATE INDEX search_pagewords_page ON search_pagewords (page_id);
"""

RUM_INDEXES = """
CREATE INDEX search_pagewords_newest ON search_pagewords
USING rum (vector rum_tsvector_addon_ops, published_at) WITH (attach = 'published_at', to = 'vector');
CREATE INDEX search_pagewords_newest_autocomplete ON search_pagewords
USING rum (autocomplete rum_tsvector_addon_ops, published_at) WITH (attach = 'published_at', to = 'autocomplete');
"""

GIN_INDEXES = """
CREATE INDEX search_pagewords_newest ON search_pagewords USING gin (vector);
CREATE INDEX search_pagewords_newest_autocomplete ON search_pagewords USING gin (autocomplete);
CREATE INDEX search_pagewords_date ON search_pagewords (published_at DESC);
"""

# A page's row of Wagtail's index (content type and id of the page itself) becomes its row here.
TRIGGERS = """
CREATE FUNCTION search_pagewords_copy_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_pagewords WHERE entry_id = OLD.id;
        RETURN NULL;
    END IF;
    IF NEW.object_id !~ '^[0-9]{1,9}$' THEN
        RETURN NULL;
    END IF;
    INSERT INTO search_pagewords (entry_id, page_id, published_at, vector, autocomplete)
    SELECT NEW.id, page.id, COALESCE(page.first_published_at, 'epoch'), NEW.title || NEW.body, NEW.autocomplete
    FROM wagtailcore_page page
    WHERE page.id = NEW.object_id::integer AND page.content_type_id = NEW.content_type_id
    ON CONFLICT (entry_id) DO UPDATE
    SET vector = EXCLUDED.vector, autocomplete = EXCLUDED.autocomplete, published_at = EXCLUDED.published_at;
    RETURN NULL;
END $$;

CREATE TRIGGER search_pagewords_entry
AFTER INSERT OR DELETE OR UPDATE OF title, body, autocomplete ON wagtailsearch_indexentry
FOR EACH ROW EXECUTE FUNCTION search_pagewords_copy_entry();

CREATE FUNCTION search_pagewords_copy_date() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE search_pagewords SET published_at = COALESCE(NEW.first_published_at, 'epoch') WHERE page_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER search_pagewords_page
AFTER UPDATE OF first_published_at ON wagtailcore_page
FOR EACH ROW WHEN (OLD.first_published_at IS DISTINCT FROM NEW.first_published_at)
EXECUTE FUNCTION search_pagewords_copy_date();
"""

FILL = """
INSERT INTO search_pagewords (entry_id, page_id, published_at, vector, autocomplete)
SELECT entry.id, page.id, COALESCE(page.first_published_at, 'epoch'), entry.title || entry.body, entry.autocomplete
FROM wagtailsearch_indexentry entry
JOIN wagtailcore_page page ON page.id::text = entry.object_id AND page.content_type_id = entry.content_type_id
"""

DROP = """
DROP TRIGGER IF EXISTS search_pagewords_entry ON wagtailsearch_indexentry;
DROP TRIGGER IF EXISTS search_pagewords_page ON wagtailcore_page;
DROP FUNCTION IF EXISTS search_pagewords_copy_entry();
DROP FUNCTION IF EXISTS search_pagewords_copy_date();
DROP TABLE IF EXISTS search_pagewords;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(TABLE)
    schema_editor.execute(FILL)
    schema_editor.execute(RUM_INDEXES if rum_available(schema_editor) else GIN_INDEXES)
    schema_editor.execute(TRIGGERS)
    schema_editor.execute("ANALYZE search_pagewords")


def rum_available(schema_editor) -> bool:
    """Whether the rum extension is (or can now be) installed in this database."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if not cursor.fetchone():
            return False
        cursor.execute("SAVEPOINT rum")
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        except Exception:  # not allowed to create extensions: the fallback indexes serve
            cursor.execute("ROLLBACK TO SAVEPOINT rum")
            return False
        cursor.execute("RELEASE SAVEPOINT rum")
    return True


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_article_id_text_index"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="PageWords",
            fields=[
                ("entry_id", models.IntegerField(primary_key=True, serialize=False)),
                ("page_id", models.IntegerField()),
                ("published_at", models.DateTimeField()),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
                ("autocomplete", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={"db_table": "search_pagewords", "managed": False},
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]

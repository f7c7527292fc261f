"""Many generated articles at once (`seed_demo --articles N`), for scale tests.

Adding pages one by one through Wagtail costs a dozen queries each (tree
bookkeeping, slug checks, search index, reference index), which is minutes
for 10,000. Here the tree is done by hand instead: each article's path is the
next free child step under its section (treebeard's own path arithmetic), the
page rows go in with bulk_create, and each section's `numchild` is raised once.
The result is the same as Wagtail's: live pages with url_path, content type,
locale, draft title and publication dates; no revisions (an editor's first
save makes one). The search index is filled through the backend's bulk add.
"""

import random
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime, timedelta
from html import escape

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Page
from wagtail.search.backends import get_search_backends

from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend
from taggit.models import Tag

from journos.core.caching.invalidation import changed, everything
from journos.core.models import CustomImage
from journos.news.demo import content
from journos.news.demo.images import COLLECTION_NAME
from journos.news.demo.phrases import compose
from journos.news.demo.stories import load_stories, smarten
from journos.news.models import WORDS_PER_MINUTE, ArticleAuthor, ArticlePage, ArticleTag, AuthorPage, SectionPage
from journos.search.models import PageWords

SPREAD_DAYS = 300  # at least about ten months
PER_DAY = 100  # at most, on average: a million articles go back 27 years, as a big newsroom's archive does
BATCH = 2000  # articles planned, inserted and indexed at a time, each batch in its own transaction
REBUILD_TEXT_INDEXES_FROM = 50_000  # articles: from here, building the archive's text indexes once is quicker


def add_generated_articles(
    count: int,
    *,
    now: datetime | None = None,
    rng: random.Random | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Add `count` generated articles spread over the sections, authors and the last ten months (or more).

    Each batch is committed on its own (an interrupted load keeps the batches
    done, and the tree stays valid), and `on_progress` hears of each.
    """
    now = now or timezone.now()
    days = max(SPREAD_DAYS, count // PER_DAY)
    rng = rng or random.Random()
    sections = list(SectionPage.objects.order_by("path"))
    authors = dict(AuthorPage.objects.live().values_list("slug", "pk"))
    if not sections or not authors:
        raise ValueError("Load the demo first: generated articles need sections and authors.")
    images = images_by_section()
    palettes = {section.slug: section.palette for section in content.all_sections()}
    desk_authors = authors_by_desk(authors)
    slots = ChildSlots(sections)
    names = Names(sections, authors)
    added = 0
    with search_archive_ready((now - timedelta(days=days)).year, now.year, rebuild=count >= REBUILD_TEXT_INDEXES_FROM):
        for start in range(0, count, BATCH):
            size = min(BATCH, count - start)
            plans = [
                plan_article(rng.choice(sections), palettes, images, desk_authors, rng, now, days) for _ in range(size)
            ]
            with transaction.atomic():
                ids = insert_pages(plans, slots)
                insert_relations(plans, ids, sections, rng)
                index_articles(ids, plans, names)
            added += len(ids)
            if on_progress:
                on_progress(len(ids))
    refresh_title_norms()
    refresh_planner_statistics()
    changed(everything())  # every cached listing is stale
    return added


def refresh_planner_statistics() -> None:
    """After a bulk load PostgreSQL still plans for the empty tables until autovacuum runs.

    Searches then filter every index entry instead of using the text index (20 ms, not 1).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def images_by_section() -> dict[str, list[int]]:
    """The demo's own illustrations for each section, to reuse (generated articles draw nothing)."""
    titles = {f"Illustration: {story.slug}": story.section for story in load_stories()}
    titles |= {f"Illustration: {section.slug}-inline": section.slug for section in content.all_sections()}
    found = defaultdict(list)
    for pk, title in CustomImage.objects.filter(collection__name=COLLECTION_NAME, title__in=titles).values_list(
        "pk", "title"
    ):
        found[titles[title]].append(pk)
    return found


def authors_by_desk(authors: dict[str, int]) -> dict[str, list[int]]:
    """Author ids for each desk: the demo writers who cover it, or anyone."""
    desks = defaultdict(list)
    for author in content.AUTHORS:
        for desk in author.desks:
            if author.slug in authors:
                desks[desk].append(authors[author.slug])
    desks.default_factory = lambda: list(authors.values())
    return desks


@contextmanager
def search_archive_ready(first_year: int, last_year: int, *, rebuild: bool):
    """On PostgreSQL: the search archive's partition for each year of the load, made first (journos/search/models.py).

    With `rebuild`, its text indexes are dropped during the load and built
    again after it (also after a failed load): once over a million rows is
    several times quicker than a row at a time.
    """
    if connection.vendor != "postgresql":
        yield
        return
    PageWords.make_partitions(first_year, last_year + 1)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_pagewords' "
            "AND (indexdef LIKE '% USING rum %' OR indexdef LIKE '% USING gin %')"
        )
        indexes = cursor.fetchall() if rebuild else []
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for _, definition in indexes:  # the parent's definition; building it builds each partition's
                cursor.execute(definition.replace(" ON ONLY ", " ON "))


def plan_article(section, palettes, images, desk_authors, rng, now, days) -> dict:
    desk = palettes.get(section.slug, "world")
    story = compose(desk, rng)
    writers = desk_authors[desk]
    byline = [rng.choice(writers)]
    if rng.random() < 0.25:
        byline.append(rng.choice([pk for pks in desk_authors.values() for pk in pks if pk != byline[0]] or byline))
    first = now - timedelta(seconds=rng.randrange(3600, days * 86400))
    last = min(now, first + timedelta(hours=rng.randrange(1, 72))) if rng.random() < 0.2 else first
    pool = images.get(section.slug) or [pk for pks in images.values() for pk in pks]
    return {
        "section": section,
        "story": story,
        "first": first,
        "last": last,
        "image": rng.choice(pool) if pool else None,
        "authors": list(dict.fromkeys(byline)),
    }


def stream(story) -> list[dict]:
    """The story's blocks as StreamField JSON."""
    blocks = []
    for kind, value in story.blocks:
        if kind == "paragraph":
            value = f"<p>{escape(smarten(value), quote=False)}</p>"
        blocks.append({"type": kind, "value": value, "id": str(uuid.uuid4())})
    return blocks


class ChildSlots:
    """The next free tree path and the slugs taken under each section, read once for the whole load."""

    def __init__(self, sections: list[SectionPage]):
        self.next_step = {}
        self.taken = defaultdict(set)
        for section in sections:
            last = section.get_last_child()
            self.next_step[section.pk] = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
        children = Page.objects.filter(depth__gt=2).values_list("path", "slug")
        for path, slug in children.iterator(chunk_size=20000):
            self.taken[path[: -Page.steplen]].add(slug)

    def claim(self, section: SectionPage, title: str) -> tuple[str, str]:
        """The path and a free slug for a new child of `section`."""
        step = self.next_step[section.pk]
        self.next_step[section.pk] = step + 1
        path = Page._get_path(section.path, section.depth + 1, step)
        return path, unique_slug(title, self.taken[section.path])


class Names:
    """What the search index holds besides an article's own text: its writers' and sections' names.

    The same text ArticlePage.search_author_names and search_section_names give,
    worked out once for the load instead of with queries for every article.
    """

    def __init__(self, sections: list[SectionPage], authors: dict[str, int]):
        self.author = dict(AuthorPage.objects.filter(pk__in=authors.values()).values_list("pk", "title"))
        self.section_chain = {  # the section and the sections above it, outermost first
            section.pk: [other.title for other in sections if section.path.startswith(other.path)]
            for section in sections
        }


def unique_slug(title: str, taken: set[str]) -> str:
    base = slugify(title)[:70]
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def insert_pages(plans: list[dict], slots: ChildSlots) -> list[int]:
    """The batch's page and article rows; returns their ids, in the plans' order."""
    content_type = ContentType.objects.get_for_model(ArticlePage)
    ids = reserve_ids(Page, len(plans))
    pages = Rows(Page, content_type=content_type, live=True, numchild=0, with_id=True)
    articles = Rows(ArticlePage)
    for pk, plan in zip(ids, plans, strict=True):
        section, story = plan["section"], plan["story"]
        path, slug = slots.claim(section, story.title)
        pages.add(
            id=pk,
            path=path,
            depth=section.depth + 1,
            title=story.title,
            draft_title=story.title,
            slug=slug,
            url_path=f"{section.url_path}{slug}/",
            locale_id=section.locale_id,
            translation_key=uuid.uuid4(),
            first_published_at=plan["first"],
            last_published_at=plan["last"],
            latest_revision_created_at=plan["last"],
        )
        articles.add(
            page_ptr_id=pk,
            standfirst=story.standfirst,
            featured_image_id=plan["image"],
            body=stream(story),
            reading_time=max(1, round(story.words / WORDS_PER_MINUTE)),
        )
    pages.write()
    articles.write()
    for section_pk, added in Counter(plan["section"].pk for plan in plans).items():
        Page.objects.filter(pk=section_pk).update(numchild=F("numchild") + added)
    return ids


class Rows:
    """Rows for one model's own table, written at once: with COPY on PostgreSQL (several times
    faster than INSERT for a million rows), else with one INSERT per row through executemany.

    Columns not given to add() take the model's defaults (`defaults` overrides them).
    Auto-incremented ids are left to the database unless `with_id`.
    """

    def __init__(self, model, *, with_id: bool = False, **defaults):
        self.table = model._meta.db_table
        # db_returning: an id the database makes (AutoField)
        self.fields = [field for field in model._meta.local_concrete_fields if with_id or not field.db_returning]
        template = model(**defaults)
        self.base = {
            field.attname: field.get_db_prep_save(getattr(template, field.attname), connection)
            for field in self.fields
        }
        self.by_name = {field.attname: field for field in self.fields}
        self.rows = []

    def add(self, **values):
        row = self.base | {
            name: self.by_name[name].get_db_prep_save(value, connection) for name, value in values.items()
        }
        self.rows.append([row[field.attname] for field in self.fields])

    def write(self):
        if not self.rows:
            return
        columns = ", ".join(connection.ops.quote_name(field.column) for field in self.fields)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.fields))
                cursor.executemany(f"INSERT INTO {self.table} ({columns}) VALUES ({marks})", self.rows)


def reserve_ids(model, count: int) -> list[int]:
    """The next `count` ids of the table, as INSERT would have given them (inside the batch's transaction)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [pk for (pk,) in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        last = cursor.fetchone()[0]
    return list(range(last + 1, last + 1 + count))


def insert_relations(plans: list[dict], ids: list[int], sections: list[SectionPage], rng: random.Random):
    """Bylines, tags and extra categories; each plan keeps its tags and extra categories for the index."""
    tag_names = {name for plan in plans for name in plan["story"].tags}
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=tag_names)}
    for name in sorted(tag_names - tags.keys()):
        tags[name] = Tag.objects.create(name=name)
    bylines, tagged, extra = Rows(ArticleAuthor), Rows(ArticleTag), Rows(ArticlePage.extra_categories.through)
    for pk, plan in zip(ids, plans, strict=True):
        plan["tags"] = sorted((tags[name] for name in plan["story"].tags), key=lambda tag: tag.pk)
        other = rng.choice(sections)
        plan["extra"] = [other] if rng.random() < 0.1 and other.pk != plan["section"].pk else []
        for position, author in enumerate(plan["authors"]):
            bylines.add(page_id=pk, author_id=author, sort_order=position)
        for tag in plan["tags"]:
            tagged.add(content_object_id=pk, tag_id=tag.pk)
        for section in plan["extra"]:
            extra.add(articlepage_id=pk, sectionpage_id=section.pk)
    for rows in (bylines, tagged, extra):
        rows.write()


def index_articles(ids: list[int], plans: list[dict], names: Names):
    """Add the batch to every search backend that updates automatically.

    Wagtail's own indexer runs several queries and parses every body five
    times per article (hours for a million). Here the writers' and sections'
    names are worked out once, and on PostgreSQL the database backend's rows
    are written by one statement per batch from the same texts
    (tests/news/test_seed_demo.py compares them with what Wagtail writes).
    """
    for plan in plans:
        plan["author_names"] = " ".join(names.author[pk] for pk in plan["authors"])
        extra = [section.title for section in plan["extra"]]
        plan["section_names"] = " ".join(names.section_chain[plan["section"].pk] + extra)
    for backend in get_search_backends(with_auto_update=True):
        if isinstance(backend, PostgresSearchBackend):
            write_index_entries(backend, ids, plans)
            continue
        articles = list(ArticlePage.objects.filter(pk__in=ids).order_by("pk"))  # ids ascend with the plans
        for article, plan in zip(articles, plans, strict=True):
            article._prefetched_objects_cache = {"tags": plan["tags"]}
            article.search_author_names = plan["author_names"]
            article.search_section_names = plan["section_names"]
        backend.add_bulk(ArticlePage, articles)


def body_text(story) -> str:
    """The generated body's text as Wagtail's index has it: each block's words, joined by ", "."""
    texts = []
    for kind, value in story.blocks:
        if kind in ("paragraph", "heading"):
            texts.append(smarten(value) if kind == "paragraph" else value)
        elif kind == "pull_quote":
            texts += [value["quote"], value["attribution"]]
    return ", ".join(texts)


def write_index_entries(backend, ids: list[int], plans: list[dict]):
    """The database backend's index rows: the title weighs A, the standfirst B, the body C, the rest D.

    These are the weights modelsearch gives ArticlePage.search_fields' boosts (10, 2, 1, 0.5).
    """
    rows = []
    for pk, plan in zip(ids, plans, strict=True):
        story = plan["story"]
        tags = " ".join(tag.name for tag in plan["tags"])
        rest = [story.standfirst, body_text(story), tags, plan["author_names"], plan["section_names"]]
        rows.append((pk, story.title, *rest, " ".join(rest)))
    columns = list(zip(*rows, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO wagtailsearch_indexentry
                (content_type_id, object_id, title_norm, title, autocomplete, body, title_text, body_text)
            SELECT %s, t.id::text, 1.0,
                   setweight(to_tsvector(%s::regconfig, t.title), 'A'),
                   setweight(to_tsvector(%s::regconfig, t.title), 'D'),
                   setweight(to_tsvector(%s::regconfig, t.standfirst), 'B')
                   || setweight(to_tsvector(%s::regconfig, t.body), 'C')
                   || setweight(to_tsvector(%s::regconfig, t.tags), 'D')
                   || setweight(to_tsvector(%s::regconfig, t.authors), 'D')
                   || setweight(to_tsvector(%s::regconfig, t.sections), 'D'),
                   t.title, t.body_text
            FROM unnest(%s::int[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[])
                AS t(id, title, standfirst, body, tags, authors, sections, body_text)
            """,
            [
                ContentType.objects.get_for_model(ArticlePage).pk,
                *text_search_configs(backend),
                *[list(column) for column in columns],
            ],
        )


def text_search_configs(backend) -> list[str]:
    """The configurations of the title, autocomplete and five body vectors: the backend's, else the database's."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT get_current_ts_config()::text")
        default = cursor.fetchone()[0]
    config = backend.config or default
    return [config, backend.autocomplete_config or default, *[config] * 5]


def refresh_title_norms():
    """Wagtail's database backend weighs each title by its length against the average; it does so after adding."""
    for backend in get_search_backends(with_auto_update=True):
        if isinstance(backend, PostgresSearchBackend):
            backend.get_index_for_model(ArticlePage)._refresh_title_norms()

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
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from html import escape

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Page
from wagtail.search.backends import get_search_backends

from taggit.models import Tag

from journos.core.caching.invalidation import changed, everything
from journos.core.models import CustomImage
from journos.news.demo import content
from journos.news.demo.images import COLLECTION_NAME
from journos.news.demo.phrases import compose
from journos.news.demo.stories import load_stories, smarten
from journos.news.models import WORDS_PER_MINUTE, ArticleAuthor, ArticlePage, ArticleTag, AuthorPage, SectionPage

SPREAD_DAYS = 300  # about ten months
INDEX_CHUNK = 500
BATCH = 500  # articles planned, inserted and indexed at a time (progress is shown per batch)


def add_generated_articles(
    count: int,
    *,
    now: datetime | None = None,
    rng: random.Random | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Add `count` generated articles spread over the sections, authors and the last ten months.

    They go in by batches (one transaction for all), and `on_progress` hears of each batch done.
    """
    now = now or timezone.now()
    rng = rng or random.Random()
    sections = list(SectionPage.objects.order_by("path"))
    authors = dict(AuthorPage.objects.live().values_list("slug", "pk"))
    if not sections or not authors:
        raise ValueError("Load the demo first: generated articles need sections and authors.")
    images = images_by_section()
    palettes = {section.slug: section.palette for section in content.all_sections()}
    desk_authors = authors_by_desk(authors)
    ids = []
    with transaction.atomic():
        for start in range(0, count, BATCH):
            size = min(BATCH, count - start)
            plans = [plan_article(rng.choice(sections), palettes, images, desk_authors, rng, now) for _ in range(size)]
            batch = insert_pages(plans)
            insert_relations(plans, batch, sections, rng)
            index_articles(batch)
            ids += batch
            if on_progress:
                on_progress(len(batch))
    refresh_planner_statistics()
    changed(everything())  # every cached listing is stale
    return len(ids)


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


def plan_article(section, palettes, images, desk_authors, rng, now) -> dict:
    desk = palettes.get(section.slug, "world")
    story = compose(desk, rng)
    writers = desk_authors[desk]
    byline = [rng.choice(writers)]
    if rng.random() < 0.25:
        byline.append(rng.choice([pk for pks in desk_authors.values() for pk in pks if pk != byline[0]] or byline))
    first = now - timedelta(seconds=rng.randrange(3600, SPREAD_DAYS * 86400))
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


def next_children(section: SectionPage, count: int) -> list[str]:
    """Paths for `count` new children after the section's last one."""
    last = section.get_last_child()
    start = Page._str2int(last.path[-Page.steplen :]) if last else 0
    return [Page._get_path(section.path, section.depth + 1, start + offset) for offset in range(1, count + 1)]


def unique_slug(title: str, taken: set[str]) -> str:
    base = slugify(title)[:70]
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def insert_pages(plans: list[dict]) -> list[int]:
    by_section = defaultdict(list)
    for plan in plans:
        by_section[plan["section"].pk].append(plan)
    content_type = ContentType.objects.get_for_model(ArticlePage)
    pages = []
    for section_plans in by_section.values():
        section = section_plans[0]["section"]
        taken = set(Page.objects.child_of(section).values_list("slug", flat=True))
        for plan, path in zip(section_plans, next_children(section, len(section_plans)), strict=True):
            slug = unique_slug(plan["story"].title, taken)
            plan["page"] = Page(
                path=path,
                depth=section.depth + 1,
                numchild=0,
                title=plan["story"].title,
                draft_title=plan["story"].title,
                slug=slug,
                url_path=f"{section.url_path}{slug}/",
                content_type=content_type,
                locale_id=section.locale_id,
                live=True,
                first_published_at=plan["first"],
                last_published_at=plan["last"],
                latest_revision_created_at=plan["last"],
            )
            pages.append(plan["page"])
        Page.objects.filter(pk=section.pk).update(numchild=F("numchild") + len(section_plans))
    Page.objects.bulk_create(pages, batch_size=500)
    articles = [
        ArticlePage(
            page_ptr_id=plan["page"].pk,
            standfirst=plan["story"].standfirst,
            featured_image_id=plan["image"],
            body=stream(plan["story"]),
            reading_time=max(1, round(plan["story"].words / WORDS_PER_MINUTE)),
        )
        for plan in plans
    ]
    insert_child_rows(articles)
    return [article.pk for article in articles]


def insert_child_rows(articles: list[ArticlePage]):
    """The ArticlePage rows of pages just inserted.

    Django's bulk_create refuses multi-table models, so this uses the same
    insert query that Model.save() runs for the child table, in batches.
    """
    fields = ArticlePage._meta.local_concrete_fields
    batch = connection.ops.bulk_batch_size(fields, articles) or len(articles)
    for start in range(0, len(articles), batch):
        ArticlePage._base_manager._insert(articles[start : start + batch], fields=fields)


def insert_relations(plans: list[dict], ids: list[int], sections: list[SectionPage], rng: random.Random):
    tag_names = {name for plan in plans for name in plan["story"].tags}
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=tag_names)}
    for name in tag_names - tags.keys():
        tags[name] = Tag.objects.create(name=name)
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(page_id=pk, author_id=author, sort_order=position)
        for plan, pk in zip(plans, ids, strict=True)
        for position, author in enumerate(plan["authors"])
    )
    ArticleTag.objects.bulk_create(
        ArticleTag(content_object_id=pk, tag=tags[name])
        for plan, pk in zip(plans, ids, strict=True)
        for name in plan["story"].tags
    )
    extra = ArticlePage.extra_categories.through
    extra.objects.bulk_create(
        extra(articlepage_id=pk, sectionpage_id=other.pk)
        for plan, pk in zip(plans, ids, strict=True)
        if rng.random() < 0.1 and (other := rng.choice(sections)).pk != plan["section"].pk
    )


def index_articles(ids: list[int]):
    """Add the new articles to every search backend that updates automatically, in chunks."""
    for backend in get_search_backends(with_auto_update=True):
        for start in range(0, len(ids), INDEX_CHUNK):
            chunk = ArticlePage.objects.filter(pk__in=ids[start : start + INDEX_CHUNK])
            backend.add_bulk(ArticlePage, list(chunk))

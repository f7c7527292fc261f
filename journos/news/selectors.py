"""Reads of news content. Every listing costs a fixed number of queries.

Each listing declares the list it reads (`depends_on`, journos.core.caching),
so cached copies showing it are refreshed when an article joins or leaves it.

Publishing rules live in `published_articles()` alone; feeds, sitemaps,
search and listings start from it.
"""

import hashlib

from django.apps import apps
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import F, Prefetch, Q, QuerySet, Window, prefetch_related_objects
from django.db.models.functions import RowNumber, Substr
from django.http import Http404
from django.utils.functional import SimpleLazyObject

from wagtail.models import Page

from journos.core.caching.dependencies import depends_on
from journos.core.caching.store import cached
from journos.core.visibility import any_view_restrictions


def _model(name: str):
    return apps.get_model("news", name)


def visible(queryset: QuerySet) -> QuerySet:
    """Pages any reader may see: live, and not under a private (restricted) page."""
    queryset = queryset.live()
    return queryset.public() if any_view_restrictions() else queryset


def page_at(*, root, url_path: str) -> tuple[int, int] | None:
    """(pk, content type id) of the page at this whole URL path under `root`; cached until that page changes.

    Only pages found are cached (a scan of made-up URLs cannot fill the cache).
    """
    digest = hashlib.md5(url_path.encode(), usedforsecurity=False).hexdigest()

    def find():
        found = Page.objects.filter(url_path=url_path, path__startswith=root.path).values_list("pk", "content_type_id")
        found = found.first()
        if found:
            depends_on(f"page:{found[0]}")
        return found

    return cached("page-at", [root.pk, digest], find)


def published_articles() -> QuerySet:
    """Live, public articles, newest first."""
    return visible(_model("ArticlePage").objects.all()).order_by("-first_published_at", "-pk")


def for_listing(queryset: QuerySet) -> QuerySet:
    """What a card needs (image with renditions, authors, comment count) without the body."""
    from journos.comments.selectors import count_annotation

    article_author = _model("ArticleAuthor")
    return (
        queryset.defer_streamfields()
        .annotate(public_comment_count=count_annotation())
        .select_related("featured_image")
        .prefetch_related(
            "featured_image__renditions",
            Prefetch("article_authors", queryset=article_author.objects.select_related("author")),
        )
    )


def attach_sections(articles: list) -> list:
    """Give each article its primary `section` (its parent) with one query.

    Cards show each article's comment count too (annotated by `for_listing`): the list depends on them.
    """
    depends_on(*(f"comments:{article.pk}" for article in articles))
    parent_paths = {article.path[: -Page.steplen] for article in articles}
    sections = {section.path: section for section in _model("SectionPage").objects.filter(path__in=parent_paths)}
    for article in articles:
        article.section = sections.get(article.path[: -Page.steplen])
    return articles


def listing(queryset: QuerySet, limit: int | None = None) -> list:
    queryset = for_listing(queryset)
    if limit is not None:
        queryset = queryset[:limit]
    return attach_sections(list(queryset))


def latest_articles(*, exclude: list[int] = (), limit: int = 10) -> list:
    depends_on("list-all")
    return listing(published_articles().exclude(pk__in=exclude), limit)


def latest_headlines(*, limit: int) -> list:
    """Just the titles and addresses of the newest articles (and their type, for the label)."""
    depends_on("list-all")
    fields = ("title", "url_path", "path", "depth", "article_type", "sponsor_name")
    return list(published_articles().only(*fields)[:limit])


def front_page(*, home, top_count: int, latest_count: int) -> tuple[list, list]:
    """The lead and top stories (editors' picks padded with the newest), and the latest news after them.

    The padding and the latest list come from one query of the newest articles.
    """
    picked_ids = [home.lead_story_id] if home.lead_story_id else []
    picked_ids += [story.article_id for story in home.top_stories.all() if story.article_id not in picked_ids]
    wanted = 1 + top_count
    picked = {article.pk: article for article in listing(published_articles().filter(pk__in=picked_ids))}
    stories = [picked[pk] for pk in picked_ids if pk in picked][:wanted]
    newest = latest_articles(exclude=[story.pk for story in stories], limit=wanted + latest_count)
    padding = wanted - len(stories)
    stories += newest[:padding]
    if not home.lead_story_id:
        stories.sort(key=lambda article: article.first_published_at, reverse=True)
    return stories, newest[padding:][:latest_count]


def section_blocks(*, home, per_section: int) -> list[tuple]:
    """Each top-level section with its newest articles, in two queries whatever the number of sections."""
    depends_on("list-all")
    sections = list(visible(_model("SectionPage").objects.child_of(home)).order_by("path"))
    if not sections:
        return []
    top_path = Substr("path", 1, len(home.path) + Page.steplen)
    ranked = (
        published_articles()
        .filter(depth__gt=home.depth + 1, path__startswith=home.path)
        .annotate(
            top_path=top_path,
            rank=Window(
                RowNumber(), partition_by=[top_path], order_by=[F("first_published_at").desc(), F("pk").desc()]
            ),
        )
        .filter(rank__lte=per_section)
    )
    by_section = {section.path: [] for section in sections}
    for article in listing(ranked):
        by_section.get(article.top_path, []).append(article)
    return [(section, by_section[section.path]) for section in sections if by_section[section.path]]


def section_articles(*, section) -> QuerySet:
    """Articles filed under the section or its subsections, or naming it as an extra category."""
    depends_on(f"list-section:{section.pk}")
    through = _model("ArticlePage").extra_categories.through
    extra = through.objects.filter(sectionpage_id=section.pk).values("articlepage_id")
    return published_articles().filter(Q(path__startswith=section.path) | Q(pk__in=extra))


def author_articles(*, author) -> QuerySet:
    depends_on(f"list-author:{author.pk}")
    return published_articles().filter(article_authors__author=author)


def tag_articles(*, tag) -> QuerySet:
    depends_on(f"list-tag:{tag.pk}")
    return published_articles().filter(tagged_items__tag=tag)


def recent_corrections() -> QuerySet:
    """Corrections of published articles, newest first, each with its article (one query)."""
    depends_on("list-all")  # any article published or unpublished may add or take away corrections
    correction = _model("ArticleCorrection")
    return (
        correction.objects.filter(kind="correction", page__in=published_articles().values("pk"))
        .select_related("page")
        .defer("page__body")
        .order_by("-date", "-pk")
    )


def paginate_corrections(request, *, per_page: int):
    """The requested page of recent corrections, loaded only when first used (404 past the end)."""
    number = requested_page_number(request)

    def load():
        try:
            return Paginator(recent_corrections(), per_page).page(number)
        except (PageNotAnInteger, EmptyPage) as error:
            raise Http404("No such page of corrections.") from error

    return SimpleLazyObject(load)


def requested_page_number(request) -> int:
    """The listing page asked for in ?page=; 404 for anything but a positive whole number."""
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError as error:
        raise Http404("No such page of results.") from error
    if number < 1:
        raise Http404("No such page of results.")
    return number


def paginate(request, queryset: QuerySet, *, per_page: int):
    """The requested page of a listing, with sections attached, loaded only when first used.

    Loading lazily lets a cached fragment of the listing skip the queries.
    A page number past the end answers 404 when the listing is loaded.
    """
    number = requested_page_number(request)

    def load():
        try:
            page = Paginator(for_listing(queryset), per_page).page(number)
        except (PageNotAnInteger, EmptyPage) as error:
            raise Http404("No such page of results.") from error
        page.object_list = attach_sections(list(page.object_list))
        return page

    return SimpleLazyObject(load)


def adjacent_articles(*, article) -> tuple:
    """The articles published just before and just after this one."""
    depends_on(f"adjacent:{article.pk}")
    if not article.first_published_at:
        return None, None
    base = (
        published_articles()
        .exclude(pk=article.pk)
        .only("title", "url_path", "path", "depth", "featured_image")
        .select_related("featured_image")
    )
    previous = base.filter(first_published_at__lt=article.first_published_at).first()
    following = base.filter(first_published_at__gt=article.first_published_at).order_by("first_published_at").first()
    # Their thumbnails' renditions in one query for both.
    prefetch_related_objects([found for found in (previous, following) if found], "featured_image__renditions")
    return previous, following

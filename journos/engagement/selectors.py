"""Reads of reader engagement: totals, Popular News, Recommended and related posts.

What counts as published is decided by journos.news.selectors alone; these
queries start from `published_articles()` and use its listing helpers.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from wagtail.models import Page

from journos.core.caching.dependencies import depends_on
from journos.core.caching.store import cached
from journos.engagement import readers
from journos.engagement.models import DailyCount, HourlyCount, Kind, RecommendedArticle
from journos.news import selectors as news_selectors

RELATED_INLINE = 4
RELATED_PER_PAGE = 9
# How much each thing two articles share adds to their relevance; recency breaks ties.
RELATED_WEIGHTS = {"primary_section": 4, "tag": 2, "section": 1}
RECOMMENDED_COUNT = 4
# "Well-read" older articles are ranked on their views over this many days.
RECOMMENDED_READ_DAYS = 90
COUNTABLE_CACHE_SECONDS = 300
TOTALS_CACHE_SECONDS = 10


@dataclass(frozen=True)
class Totals:
    views: int = 0
    shares: int = 0
    by_kind: dict = field(default_factory=dict)


def is_countable(*, article_id: int) -> bool:
    """Whether views of this article may be counted: it exists and is published.

    Cached until the article changes, so unpublishing stops the counting at once.
    """
    return cached(
        "engagement-countable",
        [article_id],
        lambda: news_selectors.published_articles().filter(pk=article_id).exists(),
        timeout=COUNTABLE_CACHE_SECONDS,
        tags=[f"page:{article_id}"],
    )


def article_totals(*, article_id: int) -> Totals:
    """All-time views and shares of one article, in one query."""
    rows = DailyCount.objects.filter(article_id=article_id).values("kind").annotate(total=Sum("count")).order_by()
    by_kind = {row["kind"]: row["total"] for row in rows}
    views = by_kind.get(Kind.VIEW, 0)
    return Totals(views=views, shares=sum(by_kind.values()) - views, by_kind=by_kind)


def fresh_totals(*, article_id: int) -> Totals:
    """The totals the beacon sends back to update the page: read at most every few seconds per article."""
    return cache.get_or_set(
        f"engagement:totals:{article_id}",
        lambda: article_totals(article_id=article_id),
        TOTALS_CACHE_SECONDS,
    )


def daily_series(*, article_id: int, days: int = 30) -> list[dict]:
    """Views and shares of one article for each of the last `days` days, newest first."""
    since = readers.today() - timedelta(days=days - 1)
    rows = (
        DailyCount.objects.filter(article_id=article_id, day__gte=since)
        .values("day")
        .annotate(
            views=Sum("count", filter=Q(kind=Kind.VIEW)),
            shares=Sum("count", filter=~Q(kind=Kind.VIEW)),
        )
        .order_by("-day")
    )
    return [{"day": row["day"], "views": row["views"] or 0, "shares": row["shares"] or 0} for row in rows]


def _window_start(days: int) -> date:
    return readers.today() - timedelta(days=days - 1)


def _total_shares():
    """All-time shares of each article, as a subquery (cheap: evaluated for a handful of rows)."""
    shares = (
        DailyCount.objects.filter(article=OuterRef("pk"))
        .exclude(kind=Kind.VIEW)
        .order_by()
        .values("article")
        .annotate(total=Sum("count"))
        .values("total")
    )
    return Coalesce(Subquery(shares, output_field=IntegerField()), 0)


def _most_viewed(*, articles: QuerySet, since: date) -> QuerySet:
    """Rows of (article_id, views) of `articles` since `since`, most views first, then newest.

    Aggregates the narrow counts table (index on kind, day) instead of grouping page rows.
    """
    return (
        DailyCount.objects.filter(kind=Kind.VIEW, day__gte=since, article__in=articles.values("pk"))
        .values("article_id")
        .annotate(views=Sum("count"))
        .order_by("-views", "-article__first_published_at", "-article_id")
    )


def _listed_in_order(article_ids: list[int]) -> list:
    """The published ones of these articles, ready for cards, in the given order, with their shares."""
    if not article_ids:
        return []
    found = news_selectors.listing(_published(pk__in=article_ids).annotate(total_shares=_total_shares()))
    by_id = {article.pk: article for article in found}
    return [by_id[pk] for pk in article_ids if pk in by_id]


def most_read(*, days: int, limit: int) -> list:
    """Published articles most read in the last `days` days (today included), with
    `period_views` and `total_shares`: one query ranks, one fetches the cards.
    Only articles that were read (the dashboard); readers see popular_articles()."""
    ranked = _most_viewed(articles=news_selectors.published_articles(), since=_window_start(days))[:limit]
    return _with_views({row["article_id"]: row["views"] for row in ranked})


def popular_articles(*, days: int | None = None, limit: int = 5, fallback_days: int | None = None) -> list:
    """Popular News (the sidebar, search suggestions, newsletters): never empty while anything is published.

    The most read of the last `days` days (ENGAGEMENT_POPULAR_DAYS); places a
    quiet window leaves are filled by the most read of the last `fallback_days`
    (ENGAGEMENT_POPULAR_FALLBACK_DAYS), then by the newest articles. Three
    queries rank, one fetches the cards (with their shares), one each their authors and sections.
    """
    days = days or settings.ENGAGEMENT_POPULAR_DAYS
    fallback_days = max(days, fallback_days or settings.ENGAGEMENT_POPULAR_FALLBACK_DAYS)
    published = news_selectors.published_articles()
    # Always the same three small queries (each at most `limit` rows), so the cost is the same in any week.
    ranked = _most_viewed(articles=published, since=_window_start(days))[:limit]
    longer = _most_viewed(articles=published, since=_window_start(fallback_days))[: limit * 2]
    newest = published.values_list("pk", flat=True)[: limit * 3]
    views = {row["article_id"]: row["views"] for row in ranked}
    for article_id in [*(row["article_id"] for row in longer), *newest]:
        if len(views) < limit:
            views.setdefault(article_id, 0)  # no views in the window itself
    return _with_views(views)


def _with_views(views: dict[int, int]) -> list:
    articles = _listed_in_order(list(views))
    for article in articles:
        article.period_views = views[article.pk]
    return articles


def recommended_articles(*, site, limit: int = RECOMMENDED_COUNT, exclude=(), reading: int | None = None) -> list:
    """The editors' picks in their order, topped up with well-read older articles (not in `exclude`) when short.

    `reading`, the article on the page, is never listed, even when picked.
    """
    depends_on("recommended")
    picked_ids = []
    if site is not None:
        picks = RecommendedArticle.objects.filter(setting__site_id=site.pk).order_by("sort_order", "pk")
        picked_ids = [pk for pk in dict.fromkeys(picks.values_list("article_id", flat=True)) if pk != reading]
    # Enough spares to fill in for picks that turn out to be unpublished.
    spares = _well_read_older(exclude=[*exclude, *picked_ids, *([reading] if reading else [])], limit=limit)
    articles = _listed_in_order([*picked_ids, *spares])
    return articles[:limit]


def _published(**filters) -> QuerySet:
    return news_selectors.published_articles().filter(**filters)


def _well_read_older(*, exclude, limit: int) -> list[int]:
    """Articles older than the Popular News window, most read lately first; the newest of them if unread."""
    cutoff = _window_start(settings.ENGAGEMENT_POPULAR_DAYS)
    older = _published(first_published_at__lt=timezone.make_aware(datetime.combine(cutoff, time.min)))
    older = older.exclude(pk__in=exclude)
    ranked = _most_viewed(articles=older, since=_window_start(RECOMMENDED_READ_DAYS))[:limit]
    ids = [row["article_id"] for row in ranked]
    if len(ids) < limit:
        ids += list(older.exclude(pk__in=ids).values_list("pk", flat=True)[: limit - len(ids)])
    return ids


# Related posts ---------------------------------------------------------------


@dataclass
class RelatedPosts:
    inline: list
    listed: list
    has_more: bool
    page: int = 1


def has_inline_related(article) -> bool:
    """Whether the article body holds the "More related posts" marker block."""
    return any(block.block_type == "related_posts" for block in article.body)


def related_posts(*, article, page: int = 1) -> RelatedPosts:
    """The inline list (if the body asks for one) and page `page` of the list under the article.

    The bottom list continues where the inline one stops, so no article is shown twice.
    """
    skip = RELATED_INLINE if has_inline_related(article) else 0
    if page == 1:
        items = related_articles(article=article, offset=0, limit=skip + RELATED_PER_PAGE + 1)
        inline, rest = items[:skip], items[skip:]
    else:
        inline = []
        rest = related_articles(
            article=article, offset=skip + (page - 1) * RELATED_PER_PAGE, limit=RELATED_PER_PAGE + 1
        )
    return RelatedPosts(
        inline=inline, listed=rest[:RELATED_PER_PAGE], has_more=len(rest) > RELATED_PER_PAGE, page=page
    )


def related_articles(*, article, offset: int = 0, limit: int = RELATED_PER_PAGE) -> list:
    """Articles related to `article`, pinned ones first: two queries to rank, then the listing prefetches."""
    ranked = news_selectors.for_listing(related_ranking(article=article))[offset : offset + limit]
    return news_selectors.attach_sections(list(ranked))


def related_ranking(*, article) -> QuerySet:
    """Published articles sharing a section or tag with `article` (or pinned on it), most relevant first.

    Relevance: same primary section 4, each shared tag 2, each other shared section 1;
    ties go to the newest. The pins are one query (editors' order); the ranking is one
    more, whose cost follows the number of candidates rather than of articles: they are
    gathered by indexed lookups (path prefixes, the tag and section link tables) in a
    UNION, and their shared tags and sections are counted by joins. The article's
    sections come from `article.categories`, which the article page has already loaded.
    """
    from journos.news.models import ArticlePage, ArticleRelatedPin, ArticleTag

    depends_on(*(f"list-section:{section.pk}" for section in article.categories))
    depends_on(*(f"list-tag:{tag.pk}" for tag in article.tag_list))
    weights = RELATED_WEIGHTS
    through = ArticlePage.extra_categories.through
    primary, *extras = article.categories
    extra_ids = [section.pk for section in extras]
    tag_ids = ArticleTag.objects.filter(content_object_id=article.pk).values("tag_id")
    pinned_ids = list(
        ArticleRelatedPin.objects.filter(page_id=article.pk)
        .order_by("sort_order", "pk")
        .values_list("article_id", flat=True)
    )

    in_primary = _children_of(primary)
    in_our_extras = Q(pk__in=[])
    for section in extras:
        in_our_extras |= _children_of(section)
    lists_our_primary = through.objects.filter(sectionpage_id=primary.pk).values("articlepage_id")
    candidates = (
        Page.objects.filter(in_primary | in_our_extras)
        .order_by()
        .values("pk")
        .union(
            lists_our_primary,
            through.objects.filter(sectionpage_id__in=extra_ids).values("articlepage_id"),
            ArticleTag.objects.filter(tag_id__in=tag_ids).values("content_object_id"),
            Page.objects.filter(pk__in=pinned_ids).order_by().values("pk"),
        )
    )
    score = (
        Case(When(in_primary | Q(pk__in=lists_our_primary), then=Value(weights["primary_section"])), default=Value(0))
        + Case(When(in_our_extras, then=Value(weights["section"])), default=Value(0))
        + F("shared_extras") * weights["section"]
        + F("shared_tags") * weights["tag"]
    )
    return (
        news_selectors.published_articles()
        .filter(pk__in=candidates)
        .exclude(pk=article.pk)
        .annotate(
            shared_tags=Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids), distinct=True),
            shared_extras=Count("extra_categories", filter=Q(extra_categories__in=extra_ids), distinct=True),
        )
        .annotate(pin_order=_position_in(pinned_ids), relevance=score)
        .order_by(F("pin_order").asc(nulls_last=True), "-relevance", "-first_published_at", "-pk")
    )


def _children_of(section) -> Q:
    """Pages filed directly under `section` (an indexed path prefix)."""
    return Q(path__startswith=section.path, depth=section.depth + 1)


def _position_in(ids: list[int]):
    """An article's place in `ids` (NULL when absent), for ordering pinned articles first."""
    if not ids:
        return Value(None, output_field=IntegerField())
    whens = [When(pk=pk, then=Value(position)) for position, pk in enumerate(ids)]
    return Case(*whens, default=Value(None), output_field=IntegerField())


# Charts (admin dashboard and stats page) ------------------------------------


def hourly_views_today(*, article_id: int | None = None) -> list[tuple[datetime, int]]:
    """Views in each hour of today (local time), midnight to 23:00, of one article or of all: one query."""
    start = timezone.make_aware(datetime.combine(readers.today(), time.min))
    hours = [start + timedelta(hours=offset) for offset in range(24)]
    rows = HourlyCount.objects.filter(kind=Kind.VIEW, hour__gte=start, hour__lt=start + timedelta(days=1))
    if article_id is not None:
        rows = rows.filter(article_id=article_id)
    counts = dict(rows.values("hour").annotate(views=Sum("count")).order_by().values_list("hour", "views"))
    return [(hour, counts.get(hour, 0)) for hour in hours]


def daily_views(*, days: int = 7, article_id: int | None = None) -> list[tuple[date, int]]:
    """Views on each of the last `days` days, oldest first, of one article or of all: one query."""
    since = _window_start(days)
    rows = DailyCount.objects.filter(kind=Kind.VIEW, day__gte=since)
    if article_id is not None:
        rows = rows.filter(article_id=article_id)
    counts = dict(rows.values("day").annotate(views=Sum("count")).order_by().values_list("day", "views"))
    return [(since + timedelta(days=offset), counts.get(since + timedelta(days=offset), 0)) for offset in range(days)]

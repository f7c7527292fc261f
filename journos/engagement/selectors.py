"""Reads of reader engagement: totals, Popular News, Recommended and related posts.

What counts as published is decided by journos.news.selectors alone; these
queries start from `published_articles()` and use its listing helpers.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Length, Substr

from wagtail.models import Page

from journos.engagement import readers
from journos.engagement.models import DailyCount, Kind, RecommendedSettings
from journos.news import selectors as news_selectors

RELATED_INLINE = 4
RELATED_PER_PAGE = 9
# How much each thing two articles share adds to their relevance; recency breaks ties.
RELATED_WEIGHTS = {"primary_section": 4, "tag": 2, "section": 1}
RECOMMENDED_COUNT = 4
# "Well-read" older articles are ranked on their views over this many days.
RECOMMENDED_READ_DAYS = 90
COUNTABLE_CACHE_SECONDS = 60


@dataclass(frozen=True)
class Totals:
    views: int = 0
    shares: int = 0
    by_kind: dict = field(default_factory=dict)


def is_countable(*, article_id: int) -> bool:
    """Whether views of this article may be counted: it exists and is published (cached briefly)."""
    return cache.get_or_set(
        f"engagement:countable:{article_id}",
        lambda: news_selectors.published_articles().filter(pk=article_id).exists(),
        COUNTABLE_CACHE_SECONDS,
    )


def article_totals(*, article_id: int) -> Totals:
    """All-time views and shares of one article, in one query."""
    rows = DailyCount.objects.filter(article_id=article_id).values("kind").annotate(total=Sum("count")).order_by()
    by_kind = {row["kind"]: row["total"] for row in rows}
    views = by_kind.get(Kind.VIEW, 0)
    return Totals(views=views, shares=sum(by_kind.values()) - views, by_kind=by_kind)


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
    shares = (
        DailyCount.objects.filter(article=OuterRef("pk"))
        .exclude(kind=Kind.VIEW)
        .order_by()
        .values("article")
        .annotate(total=Sum("count"))
        .values("total")
    )
    return Coalesce(Subquery(shares, output_field=IntegerField()), 0)


def most_read(*, days: int) -> QuerySet:
    """Published articles read in the last `days` days (today included), most views first, then newest."""
    return (
        news_selectors.published_articles()
        .filter(daily_counts__kind=Kind.VIEW, daily_counts__day__gte=_window_start(days))
        .annotate(period_views=Sum("daily_counts__count"), total_shares=_total_shares())
        .order_by("-period_views", "-first_published_at", "-pk")
    )


def popular_articles(*, days: int = 7, limit: int = 5) -> list:
    """Popular News: the most viewed published articles of the last `days` days, with their share totals."""
    return news_selectors.listing(most_read(days=days), limit)


def recommended_articles(*, site, limit: int = RECOMMENDED_COUNT, exclude=()) -> list:
    """The editors' picks in their order, topped up with well-read older articles when short."""
    picked_ids = []
    if site is not None:
        picked_ids = list(RecommendedSettings.for_site(site).items.values_list("article_id", flat=True))
    articles = []
    if picked_ids:
        picked = {article.pk: article for article in news_selectors.listing(_published(pk__in=picked_ids))}
        articles = [picked[pk] for pk in picked_ids if pk in picked][:limit]
    if len(articles) < limit:
        shown = [*exclude, *(article.pk for article in articles)]
        articles += news_selectors.listing(_well_read_older(exclude=shown), limit - len(articles))
    return articles


def _published(**filters) -> QuerySet:
    return news_selectors.published_articles().filter(**filters)


def _well_read_older(*, exclude) -> QuerySet:
    """Articles older than the Popular News window, most read lately first, then newest."""
    cutoff = _window_start(settings.ENGAGEMENT_POPULAR_DAYS)
    lately = Q(daily_counts__kind=Kind.VIEW, daily_counts__day__gte=_window_start(RECOMMENDED_READ_DAYS))
    return (
        news_selectors.published_articles()
        .filter(first_published_at__date__lt=cutoff)
        .exclude(pk__in=exclude)
        .annotate(recent_views=Coalesce(Sum("daily_counts__count", filter=lately), 0))
        .order_by("-recent_views", "-first_published_at", "-pk")
    )


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
    """Articles related to `article`, pinned ones first, ranked in a single query (plus listing prefetches)."""
    ranked = news_selectors.for_listing(related_ranking(article=article))[offset : offset + limit]
    return news_selectors.attach_sections(list(ranked))


def related_ranking(*, article) -> QuerySet:
    """Published articles sharing a section or tag with `article` (or pinned on it), most relevant first.

    Relevance: same primary section 4, each shared tag 2, each other shared section 1;
    ties go to the newest. Everything is a subquery of one statement, so the cost
    does not depend on how many tags, sections or pins the article has.
    """
    from journos.news.models import ArticlePage, ArticleRelatedPin, ArticleTag

    weights = RELATED_WEIGHTS
    sections_through = ArticlePage.extra_categories.through
    parent_path = article.path[: -Page.steplen]
    primary_id = Page.objects.filter(path=parent_path).values("pk")[:1]
    tag_ids = ArticleTag.objects.filter(content_object_id=article.pk).values("tag_id")
    extra_ids = sections_through.objects.filter(articlepage_id=article.pk).values("sectionpage_id")
    extra_paths = Page.objects.filter(pk__in=extra_ids).values("path")
    pins = ArticleRelatedPin.objects.filter(page_id=article.pk)

    sibling = Q(path__startswith=parent_path, depth=article.depth)
    lists_our_primary = Q(pk__in=sections_through.objects.filter(sectionpage_id=primary_id).values("articlepage_id"))
    shares_extra = Q(pk__in=sections_through.objects.filter(sectionpage_id__in=extra_ids).values("articlepage_id"))
    filed_in_our_extra = Q(parent_path__in=extra_paths)
    shares_tag = Q(pk__in=ArticleTag.objects.filter(tag_id__in=tag_ids).values("content_object_id"))
    pinned = Q(pk__in=pins.values("article_id"))

    shared_tags = _count_of(ArticleTag.objects.filter(content_object_id=OuterRef("pk"), tag_id__in=tag_ids))
    shared_extras = _count_of(
        sections_through.objects.filter(articlepage_id=OuterRef("pk"), sectionpage_id__in=extra_ids)
    )
    score = (
        Case(When(sibling | lists_our_primary, then=Value(weights["primary_section"])), default=Value(0))
        + Case(When(filed_in_our_extra, then=Value(weights["section"])), default=Value(0))
        + shared_extras * weights["section"]
        + shared_tags * weights["tag"]
    )
    return (
        news_selectors.published_articles()
        .exclude(pk=article.pk)
        .alias(parent_path=_parent_path())
        .filter(sibling | lists_our_primary | shares_extra | filed_in_our_extra | shares_tag | pinned)
        .annotate(
            pin_order=Subquery(pins.filter(article_id=OuterRef("pk")).values("sort_order")[:1]),
            relevance=score,
        )
        .order_by(F("pin_order").asc(nulls_last=True), "-relevance", "-first_published_at", "-pk")
    )


def _count_of(queryset: QuerySet):
    """COUNT(*) of a correlated subquery (a plain Func, so Django adds no GROUP BY)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _parent_path():
    return Substr("path", 1, Length("path") - Page.steplen)

"""Reads of comments. The public list costs a fixed number of queries, however many comments an article has.

Everything public about an article's comments (its list, its count on the article, on cards and in the
structured data) depends on the cache tag `comments:<article id>` (journos.core.caching), which
`services.comment_changed` purges.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from math import ceil

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from journos.comments.models import Comment
from journos.core.caching.dependencies import depends_on

NEWEST, OLDEST = "newest", "oldest"
ORDERS = {NEWEST: ("-created_at", "-id"), OLDEST: ("created_at", "id")}
DEFAULT_ORDER = NEWEST
PAGE_PARAM, ORDER_PARAM = "comments_page", "comments_order"


def tag(page_id) -> str:
    return f"comments:{page_id}"


def public(queryset=None):
    """Comments any reader sees: approved and not hidden after reports (deleted ones show as "deleted")."""
    queryset = Comment.objects.all() if queryset is None else queryset
    return queryset.filter(status=Comment.Status.APPROVED, hidden_by_reports=False)


def counted(queryset=None):
    """What the comment count counts: public comments not deleted by their author."""
    return public(queryset).filter(deleted=False)


def count_annotation(outer: str = "pk"):
    """A subquery giving each listed article its comment count, in the listing's own query."""
    counts = (
        counted()
        .filter(page_id=OuterRef(outer))
        .order_by()
        .values("page_id")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def comment_count(article) -> int:
    """The article's comment count (one query, kept on the article for the rest of the render)."""
    depends_on(tag(article.pk))
    if getattr(article, "public_comment_count", None) is None:
        article.public_comment_count = counted().filter(page_id=article.pk).count()
    return article.public_comment_count


def top_level(page_id):
    """The conversations shown: public top-level comments, and deleted ones only while they have replies."""
    replies = public().filter(parent_id=OuterRef("pk"), deleted=False)
    return (
        public()
        .filter(page_id=page_id, parent__isnull=True)
        .filter(Q(deleted=False) | Q(Exists(replies)))
        .select_related("author")
    )


@dataclass
class Thread:
    """One page of an article's conversations, each top-level comment with its `shown_replies`."""

    article: object
    order: str
    number: int
    comments: list
    total: int
    num_pages: int
    pages: list = field(default_factory=list)

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def next_query(self) -> str:
        query = f"{PAGE_PARAM}={self.number + 1}"
        return query + (f"&{ORDER_PARAM}={self.order}" if self.order != DEFAULT_ORDER else "")


def requested(request) -> tuple[str, int]:
    """(order, page number) asked for in the query string; 404 for a page number that is not one."""
    order = request.GET.get(ORDER_PARAM, DEFAULT_ORDER)
    if order not in ORDERS:
        raise Http404("Comments are shown newest or oldest first.")
    raw = request.GET.get(PAGE_PARAM, "1")
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1 or len(raw) > 6:
        raise Http404("No such page of comments.")
    return order, int(raw)


def thread(article, *, order: str = DEFAULT_ORDER, number: int = 1) -> Thread:
    """A page of the article's conversations in four queries (kept on the article for the rest of the render)."""
    depends_on(tag(article.pk))  # every render showing it, the memo's too (head and body are cached apart)
    memo = article.__dict__.setdefault("_comment_threads", {})
    if (order, number) in memo:
        return memo[(order, number)]
    paginator = Paginator(top_level(article.pk).order_by(*ORDERS[order]), settings.COMMENTS_PER_PAGE)
    try:
        page = paginator.page(number)
    except EmptyPage as error:
        if number != 1:
            raise Http404("No such page of comments.") from error
        page = paginator.page(1)
    comments = list(page.object_list)
    replies = {}
    if comments:
        for reply in (
            public()
            .filter(parent_id__in=[comment.pk for comment in comments])
            .filter(deleted=False)
            .select_related("author")
            .order_by("created_at", "id")
        ):
            replies.setdefault(reply.parent_id, []).append(reply)
    for comment in comments:
        comment.shown_replies = replies.get(comment.pk, [])
    result = Thread(article, order, number, comments, comment_count(article), paginator.num_pages)
    memo[(order, number)] = result
    return result


def page_number_of(comment) -> int:
    """Which page (in the default order) shows this comment: its own, or its parent's for a reply."""
    top = comment.parent if comment.parent_id else comment
    before = top_level(top.page_id)
    if DEFAULT_ORDER == NEWEST:
        before = before.filter(Q(created_at__gt=top.created_at) | Q(created_at=top.created_at, pk__gt=top.pk))
    else:
        before = before.filter(Q(created_at__lt=top.created_at) | Q(created_at=top.created_at, pk__lt=top.pk))
    return before.count() // settings.COMMENTS_PER_PAGE + 1


def closing_date(article, site_settings):
    """When comments close by themselves (None: they stay open while the article allows them)."""
    days = site_settings.comments_close_after_days
    if not days or not article.first_published_at:
        return None
    return article.first_published_at + timedelta(days=days)


def is_open(article, site_settings, now=None) -> bool:
    if not getattr(article, "comments_open", False):
        return False
    closes = closing_date(article, site_settings)
    return closes is None or (now or timezone.now()) < closes


def can_edit(comment, now=None) -> bool:
    """Its author may edit it within COMMENT_EDIT_MINUTES of posting."""
    limit = comment.created_at + timedelta(minutes=settings.COMMENT_EDIT_MINUTES)
    return not comment.deleted and (now or timezone.now()) < limit


def edit_seconds_left(comment, now=None) -> int:
    limit = comment.created_at + timedelta(minutes=settings.COMMENT_EDIT_MINUTES)
    return max(0, ceil((limit - (now or timezone.now())).total_seconds()))


def own_comments(user, article_id) -> list:
    """The reader's own comments on an article, pending ones included (for the per-reader panel)."""
    return list(
        Comment.objects.filter(author=user, page_id=article_id, deleted=False)
        .exclude(status=Comment.Status.REJECTED)
        .order_by("-created_at", "-id")
    )


def reported_ids(user, article_id) -> set:
    return set(Comment.objects.filter(page_id=article_id, reports__reporter=user).values_list("pk", flat=True))


def comment_url(comment) -> str:
    return reverse("comments:permalink", args=[comment.pk])


def for_export(user):
    """Everything the reader wrote, oldest first, with the article it is under."""
    return Comment.objects.filter(author=user).select_related("page").order_by("created_at", "id")

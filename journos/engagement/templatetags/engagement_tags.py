import math

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince

from journos.engagement import selectors, widgets

register = template.Library()


@register.simple_tag
def article_totals(article) -> selectors.Totals:
    return selectors.article_totals(article_id=article.pk)


@register.simple_tag
def related_posts_for(article) -> selectors.RelatedPosts:
    """The article's related posts, computed once per render for the inline and bottom lists."""
    if "_related_posts" not in article.__dict__:
        article.__dict__["_related_posts"] = selectors.related_posts(article=article)
    return article.__dict__["_related_posts"]


@register.simple_tag(takes_context=True)
def engagement_sidebar(context) -> str:
    """The cached sidebar; on an article's page, Recommended leaves that article out."""
    from journos.news.models import ArticlePage

    page = context.get("page")
    article = page if isinstance(page, ArticlePage) else None
    return mark_safe(widgets.sidebar_html(request=context.get("request"), article=article))


@register.filter
def compact_count(value) -> str:
    """1234 → "1.2K", 3400000 → "3.4M"; rounded down, so a count is never overstated."""
    number = int(value or 0)
    for size, suffix in ((10**9, "B"), (10**6, "M"), (10**3, "K")):
        if number >= size:
            shown = math.floor(number * 10 / size) / 10
            return f"{shown:.1f}".removesuffix(".0") + suffix
    return str(number)


@register.filter
def ago(value) -> str:
    """A relative date in one unit, as "7 months ago" or "just now"."""
    if not value:
        return ""
    if (timezone.now() - value).total_seconds() < 60:
        return "just now"
    return f"{timesince(value, depth=1)} ago"

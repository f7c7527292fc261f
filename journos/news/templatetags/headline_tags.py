"""The latest headlines for the ticker under the breaking-news bar (templates/includes/breaking_news.html)."""

from django import template

from journos.news import selectors

register = template.Library()

TICKER_COUNT = 5


@register.simple_tag
def latest_headlines(count: int = TICKER_COUNT) -> list:
    """The newest published articles' titles and addresses, in one query."""
    return selectors.latest_headlines(limit=count)

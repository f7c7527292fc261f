"""Reads of reader engagement. Issue 3 (views and shares) replaces this
placeholder with real counts; until then "popular" is simply the newest."""

from journos.news import selectors as news_selectors


def popular_articles(*, days: int = 7, limit: int = 5) -> list:
    """The most read published articles of the last `days` days, for listings."""
    return news_selectors.latest_articles(limit=limit)

"""The sidebar widgets (Popular News, Recommended), rendered once and cached for a few minutes.

Every public page shows the same sidebar, so a page view costs no query for it
while the cached HTML is fresh. It depends on the articles it shows and on the
Recommended list (journos.core.caching), so editing one of them makes a new
sidebar at once; view counts move Popular News on expiry.

Recommended never lists the article being read: an article that the shared
sidebar recommends gets a sidebar of its own (cached the same way), with the
next recommendation in its place. Only the few recommended articles need one.
"""

from django.conf import settings
from django.template.loader import render_to_string

from wagtail.models import Site

from journos.core.caching.store import cached
from journos.engagement import selectors

POPULAR_COUNT = 5


def sidebar_html(*, request, article=None) -> str:
    """The sidebar's HTML; on an article's page, `article` is left out of Recommended."""
    site = Site.find_for_request(request) if request is not None else None
    site_key = site.pk if site else 0
    html, recommended_ids = cached(
        "engagement-sidebar-widgets",
        [site_key],
        lambda: _render_sidebar(request=request, site=site),
        timeout=settings.ENGAGEMENT_WIDGET_CACHE_SECONDS,
        tags=["recommended"],
    )
    if article is not None and article.pk in recommended_ids:
        html, _ = cached(
            "engagement-sidebar-widgets",
            [site_key, article.pk],
            lambda: _render_sidebar(request=request, site=site, reading=article.pk),
            timeout=settings.ENGAGEMENT_WIDGET_CACHE_SECONDS,
            tags=["recommended"],
        )
    return html


def _render_sidebar(*, request, site, reading: int | None = None) -> tuple[str, list[int]]:
    days = settings.ENGAGEMENT_POPULAR_DAYS
    popular = selectors.popular_articles(days=days, limit=POPULAR_COUNT)
    shown = [article.pk for article in popular]
    recommended = selectors.recommended_articles(site=site, exclude=shown, reading=reading)
    context = {"popular": popular, "recommended": recommended, "popular_days": days, "request": request}
    html = render_to_string("engagement/includes/sidebar_widgets.html", context)
    return html, [article.pk for article in recommended]

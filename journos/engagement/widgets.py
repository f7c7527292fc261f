"""The sidebar widgets (Popular News, Recommended), rendered once and cached for a few minutes.

Every public page shows the same sidebar, so a page view costs no query for it
while the cached HTML is fresh. It depends on the articles it shows and on the
Recommended list (journos.core.caching), so editing one of them makes a new
sidebar at once; view counts move Popular News on expiry.
"""

from django.conf import settings
from django.template.loader import render_to_string

from wagtail.models import Site

from journos.core.caching.store import cached
from journos.engagement import selectors

POPULAR_COUNT = 5


def sidebar_html(*, request) -> str:
    site = Site.find_for_request(request) if request is not None else None
    return cached(
        "engagement-sidebar",
        [site.pk if site else 0],
        lambda: _render_sidebar(request=request, site=site),
        timeout=settings.ENGAGEMENT_WIDGET_CACHE_SECONDS,
        tags=["recommended"],
    )


def _render_sidebar(*, request, site) -> str:
    days = settings.ENGAGEMENT_POPULAR_DAYS
    popular = selectors.most_read(days=days, limit=POPULAR_COUNT)
    recommended = selectors.recommended_articles(site=site, exclude=[article.pk for article in popular])
    context = {"popular": popular, "recommended": recommended, "popular_days": days, "request": request}
    return render_to_string("engagement/includes/sidebar_widgets.html", context)

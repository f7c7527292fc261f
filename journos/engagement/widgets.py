"""The sidebar widgets (Popular News, Recommended), rendered once and cached for a few minutes.

Every public page shows the same sidebar, so a page view costs no query for it
while the cached HTML is fresh. The key holds the content generation
(journos.core.cache), so publishing, unpublishing, moving or deleting a page,
or saving the Recommended list, makes a new sidebar at once.
"""

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string

from wagtail.models import Site

from journos.core.cache import content_generation
from journos.engagement import selectors

POPULAR_COUNT = 5
SIDEBAR_KEY = "engagement:sidebar:{site_id}:{generation}"


def sidebar_html(*, request) -> str:
    site = Site.find_for_request(request) if request is not None else None
    key = SIDEBAR_KEY.format(site_id=site.pk if site else 0, generation=content_generation())
    html = cache.get(key)
    if html is None:
        html = _render_sidebar(request=request, site=site)
        cache.set(key, html, settings.ENGAGEMENT_WIDGET_CACHE_SECONDS)
    return html


def _render_sidebar(*, request, site) -> str:
    days = settings.ENGAGEMENT_POPULAR_DAYS
    popular = selectors.most_read(days=days, limit=POPULAR_COUNT)
    recommended = selectors.recommended_articles(site=site, exclude=[article.pk for article in popular])
    context = {"popular": popular, "recommended": recommended, "popular_days": days, "request": request}
    return render_to_string("engagement/includes/sidebar_widgets.html", context)

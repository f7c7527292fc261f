"""/robots.txt: where the sitemaps are, and which paths crawlers should leave alone."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from journos.core.caching.page_cache import mark_public
from journos.core.urls import absolute_url

# Private or useless to crawlers: the admin, readers' accounts, search results
# (endless, thin pages), and the counters' beacon endpoints.
ROBOTS_DISALLOW = ["/admin/", "/account/", "/search/", "/engagement/"]


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines += [f"Sitemap: {absolute_url(reverse(name))}" for name in ("sitemap", "news-sitemap")]
    return mark_public(HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"))

"""The Wagtail Site answering a request, from the cache.

Wagtail looks the Site up in the database on every request, then loads its
root page; both change only when an editor edits sites or publishes, which
changes what the cached copy depends on (journos.core.caching).
"""

import hashlib

from django.http.request import split_domain_port

from wagtail.models import Site
from wagtail.views import serve

from journos.core.caching.store import cached


class CachedSiteMiddleware:
    """Give Wagtail's page view the request's Site (with its specific root page) before it asks the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is serve:  # pages only: other views (health checks, feeds) pay nothing
            site = cached_site(request)
            if site is not None:
                request._wagtail_site = site  # where Site.find_for_request() looks first


def cached_site(request) -> Site | None:
    hostname = split_domain_port(request._get_raw_host())[0]  # as Wagtail does: no ALLOWED_HOSTS check
    address = hashlib.md5(f"{hostname}:{request.get_port()}".encode(), usedforsecurity=False).hexdigest()
    return cached("site", [address], lambda: site_with_specific_root(request))


def site_with_specific_root(request) -> Site | None:
    site = Site.find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.specific
    return site

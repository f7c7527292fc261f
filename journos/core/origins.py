"""Whether a POST comes from the site's own pages: the one same-site check of the site.

Endpoints that take anonymous POSTs without a CSRF token (they sit on cached
pages) refuse what a browser says comes from another site: `Sec-Fetch-Site:
cross-site`, or an Origin (else Referer) naming a host other than SITE_URL's
or the request's own. A request that names no origin is let through: privacy
tools strip both headers, and such endpoints keep their rate limits anyway.
"""

from urllib.parse import urlsplit

from journos.core.urls import site_netloc


def is_same_site(request) -> bool:
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return False
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if not origin or origin == "null":
        return True
    try:
        host = urlsplit(origin).netloc.lower()
    except ValueError:  # not a URL at all
        return False
    return host in {site_netloc(), request.get_host().lower()}

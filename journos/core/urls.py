"""Absolute links: the one place they are built, always from settings.SITE_URL.

Canonicals, share and copy links, feeds, sitemaps, JSON-LD, robots.txt and
e-mails all call these. The request's Host header (which a client controls) and
the Wagtail Site record's hostname (used for routing only, often `localhost`)
never make it into a link.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings

# href="/..." or src="/..." (but not protocol-relative "//host/...").
SITE_RELATIVE_LINK = re.compile(r'\b(href|src)="/(?!/)')


def absolute_url(url: str) -> str:
    """A link anyone can follow: a site path is put under SITE_URL; a full URL (e.g. media on S3) is kept."""
    if not url or urlsplit(url).scheme:
        return url
    return f"{settings.SITE_URL}/{url.lstrip('/')}"


def home_url() -> str:
    return f"{settings.SITE_URL}/"


def page_url(page, request=None) -> str:
    """The absolute address of a Wagtail page ("" if it has none, e.g. outside every site)."""
    parts = page.get_url_parts(request)
    return absolute_url(parts[2]) if parts else ""


def site_host() -> str:
    """The public host name, for identifiers that name the site (feed guids, Message-ID, List-Id)."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def site_netloc() -> str:
    """The public host with its port, lower case, as browsers send it in Origin and Referer."""
    return urlsplit(settings.SITE_URL).netloc.lower()


def absolutise_links(html: str) -> str:
    """Make the site-relative links and images in HTML absolute (an e-mail has no base URL)."""
    return SITE_RELATIVE_LINK.sub(lambda match: f'{match[1]}="{settings.SITE_URL}/', html)

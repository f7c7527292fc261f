"""What a page tells search engines, social networks and feed readers about itself.

Absolute links come from journos.core.urls (built from SITE_URL). A page
describes itself with a `PageMeta` (see `BasePage.get_page_meta`); base.html
turns it into <head> tags.
"""

import html as html_module
import mimetypes
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator

from wagtail.models import Site

from journos.core.caching.dependencies import depends_on, loaded_with
from journos.core.urls import absolute_url, page_url

# Renditions made for other sites: JPEG, which every network and reader shows.
SHARE_IMAGE_SPEC = "fill-1200x630|format-jpeg"  # Open Graph / Twitter cards: 1.91:1
DESCRIPTION_LENGTH = 160


@dataclass
class FeedLink:
    """A feed offered for a page, for <link rel="alternate"> autodiscovery."""

    title: str
    rss_url: str
    atom_url: str


@dataclass
class PageMeta:
    """Everything the <head> says about one page."""

    title: str = ""
    description: str = ""
    canonical_url: str = ""
    noindex: bool = False
    og_type: str = "website"
    image: object = None  # a rendition, at SHARE_IMAGE_SPEC
    image_alt: str = ""
    # Extra Open Graph properties, e.g. ("article:section", "Politics").
    og_properties: list[tuple[str, str]] = field(default_factory=list)
    feeds: list[FeedLink] = field(default_factory=list)
    structured_data: list[dict] = field(default_factory=list)

    @property
    def image_url(self) -> str:
        return absolute_url(self.image.url) if self.image else ""

    @property
    def image_type(self) -> str:
        return image_mime_type(self.image) if self.image else ""


def image_mime_type(rendition) -> str:
    return mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg"


def site_for(request) -> Site | None:
    site = Site.find_for_request(request) if request else None
    return site or Site.objects.filter(is_default_site=True).first()


def site_name(request) -> str:
    site = site_for(request)
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


def site_settings(request):
    """The site's settings; what uses them depends on the pages and images they name (a standards page
    renamed or unpublished, the logo replaced): those are loaded with the settings, often before any
    fragment, so they are declared to the render under way (journos.core.caching)."""
    from journos.core.models import SiteSettings

    setting = SiteSettings.for_request(request) if request else SiteSettings.for_site(site_for(None))
    depends_on(*loaded_with(setting))
    return setting


def summarise(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """One line of at most `length` characters, cut at a word."""
    return Truncator(" ".join((text or "").split())).chars(length)


def summarise_html(html: str, length: int = DESCRIPTION_LENGTH) -> str:
    """The text of rich text (a biography), summarised."""
    return summarise(html_module.unescape(strip_tags(html or "")), length)


def describe(page) -> str:
    """The editor's meta description, else the page's own summary."""
    if page.search_description:
        return " ".join(page.search_description.split())
    return summarise(getattr(page, "standfirst", "") or getattr(page, "introduction", ""))


def share_image(image, request) -> tuple[object, str]:
    """The social card picture: the page's image, else the site's default share image."""
    if image is None:
        image = site_settings(request).share_image
    if image is None:
        return None, ""
    return image.get_rendition(SHARE_IMAGE_SPEC), image.alt_text


def page_meta(page, request, *, image=None, **overrides) -> PageMeta:
    """What every page says about itself; page types add to it (`image` is the page's own picture)."""
    image, image_alt = share_image(image, request)
    values = {
        "title": page.seo_title or page.title,
        "description": describe(page),
        "canonical_url": page_url(page, request),
        "noindex": page.noindex,
        "image": image,
        "image_alt": image_alt,
    }
    values.update(overrides)
    return PageMeta(**values)


# Paginated listings ----------------------------------------------------------


def listing_page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except (TypeError, ValueError):
        return 1


def paginated(meta: PageMeta, request) -> PageMeta:
    """Page 2+ of a listing is its own URL, but kept out of the index (`noindex, follow`).

    Its articles are in the sitemaps and its content shifts as news arrives,
    so only page 1 is worth a search result; crawlers still follow its links.
    """
    number = listing_page_number(request)
    if number > 1:
        meta.canonical_url = f"{meta.canonical_url}?page={number}"
        meta.noindex = True
    return meta

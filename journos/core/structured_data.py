"""Site-wide structured data (schema.org as JSON-LD): the publisher, the site, breadcrumbs.

Page types add their own (see journos/news/structured_data.py); base.html
renders each dict with `json_ld()`.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from journos.core.seo import site_name, site_settings
from journos.core.urls import absolute_url, home_url, page_url

SCHEMA_ORG = "https://schema.org"
LOGO_SPEC = "max-600x600|format-png"  # keeps a transparent background
SEARCH_PATH = "/search/"  # the search results page, which takes ?q=


def json_ld(data: dict) -> str:
    """A <script type="application/ld+json"> block that cannot end the script early.

    Escapes <, > and & like Django's json_script, so text such as
    "</script>" in a headline stays data.
    """
    escapes = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(escapes)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def image_object(rendition) -> dict:
    return {
        "@type": "ImageObject",
        "url": absolute_url(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
    }


def organization(request, *, with_context: bool = True) -> dict:
    """The publisher: the newsroom behind the site."""
    settings_ = site_settings(request)
    data = {
        "@type": "Organization",
        "@id": f"{home_url()}#organization",
        "name": site_name(request),
        "url": home_url(),
    }
    if settings_.logo:
        data["logo"] = image_object(settings_.logo.get_rendition(LOGO_SPEC))
    if settings_.social_links:
        data["sameAs"] = [url for _, url in settings_.social_links]
    standards = {name: page_url(page, request) for name, page in settings_.standards_pages}
    if standards:
        # A newsroom that publishes its standards: schema.org's NewsMediaOrganization names them.
        data["@type"] = "NewsMediaOrganization"
        data.update(standards)
        if "ethicsPolicy" in standards:
            data["publishingPrinciples"] = standards["ethicsPolicy"]
    return {"@context": SCHEMA_ORG, **data} if with_context else data


def website(request) -> dict:
    """The site, with the search box search engines may offer (the search page takes ?q=)."""
    return {
        "@context": SCHEMA_ORG,
        "@type": "WebSite",
        "@id": f"{home_url()}#website",
        "name": site_name(request),
        "url": home_url(),
        "publisher": {"@id": f"{home_url()}#organization"},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": absolute_url(f"{SEARCH_PATH}?q={{search_term_string}}")},
            "query-input": "required name=search_term_string",
        },
    }


def website_reference(request) -> dict:
    return {"@type": "WebSite", "@id": f"{home_url()}#website", "name": site_name(request), "url": home_url()}


def breadcrumb_list(crumbs: list[tuple[str, str]]) -> dict:
    """BreadcrumbList from (name, absolute url) pairs, in the order shown on the page."""
    return {
        "@context": SCHEMA_ORG,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def page_breadcrumbs(ancestors, page, request) -> dict:
    """The BreadcrumbList of components/breadcrumbs.html: 'Home', the ancestors, then the page."""
    crumbs = [("Home" if crumb.depth == 2 else crumb.title, page_url(crumb, request)) for crumb in ancestors]
    return breadcrumb_list([*crumbs, (page.title, page_url(page, request))])

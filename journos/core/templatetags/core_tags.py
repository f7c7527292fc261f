from django import template
from django.conf import settings

from wagtail.models import Site

from journos.core import cache, urls
from journos.core.models import NavigationSettings, SiteSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def current_site(context):
    """The Wagtail site of this request (Wagtail remembers it on the request)."""
    request = context.get("request")
    return Site.find_for_request(request) if request else None


@register.inclusion_tag("includes/navigation.html", takes_context=True)
def header_navigation(context):
    return {"site": current_site(context), "request": context.get("request")}


@register.inclusion_tag("includes/footer_content.html", takes_context=True)
def footer(context):
    return {"site": current_site(context), "request": context.get("request")}


@register.simple_tag(takes_context=True)
def navigation_links(context, group: str):
    """The header or footer links editors set for this site, with their pages."""
    navigation = NavigationSettings.for_request(context["request"])  # remembered for the request
    return list(getattr(navigation, f"{group}_links").select_related("page").filter(page__live=True))


@register.simple_tag(takes_context=True)
def site_settings(context):
    return SiteSettings.for_request(context["request"])


@register.simple_tag
def content_generation():
    """Part of every cached fragment's key: changes whenever published content does."""
    return cache.content_generation()


@register.simple_tag(takes_context=True)
def fragment_seconds(context):
    """How long HTML fragments may be cached: not at all in previews of unsaved edits."""
    request = context.get("request")
    if request is None or getattr(request, "is_preview", False):
        return 0
    return settings.FRAGMENT_CACHE_SECONDS


@register.simple_tag(takes_context=True)
def page_full_url(context, page) -> str:
    """A page's public address (share and copy links): from SITE_URL, like its canonical."""
    return urls.page_url(page, context.get("request"))


@register.simple_tag
def absolute_url(path: str) -> str:
    """A site path as a link that works anywhere (from SITE_URL)."""
    return urls.absolute_url(path)

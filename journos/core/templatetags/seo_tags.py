from django import template
from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html_join

from journos.core import seo
from journos.core.structured_data import json_ld as json_ld_script

register = template.Library()


@register.simple_tag(takes_context=True)
def page_meta(context):
    """The page's PageMeta: a view's `page_meta`, else the Wagtail page's, else an empty one.

    Built only when the <head> is rendered, not when it comes from the cache.
    A view can also pass `noindex=True` in the context, or override
    {% block robots %} (the search results page replaces the whole meta block).
    """

    def build() -> seo.PageMeta:
        meta = context.get("page_meta")
        if meta is None:
            page = context.get("page")
            meta = page.get_page_meta(context.get("request")) if _describes_itself(page) else seo.PageMeta()
        if context.get("noindex"):
            meta.noindex = True
        return meta

    return SimpleLazyObject(build)


@register.simple_tag(takes_context=True)
def head_cache_seconds(context) -> int:
    """A Wagtail page's head is cached like its body (and refreshed on publish); a view's is not."""
    if "page_meta" in context or "noindex" in context or not _describes_itself(context.get("page")):
        return 0
    return settings.FRAGMENT_CACHE_SECONDS


@register.simple_tag
def json_ld(items):
    """Each structured-data dict as its own <script type="application/ld+json">."""
    return format_html_join("\n", "{}", ((json_ld_script(item),) for item in items or ()))


def _describes_itself(page) -> bool:
    return hasattr(page, "get_page_meta")

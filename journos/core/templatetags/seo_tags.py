from django import template
from django.utils.html import format_html_join

from journos.core import seo

register = template.Library()


@register.simple_tag(takes_context=True)
def page_meta(context) -> seo.PageMeta:
    """The page's PageMeta: a view's `page_meta`, else the Wagtail page's, else an empty one.

    Views that must not be indexed (search results) can pass `noindex=True`
    in the context, or override {% block robots %}.
    """
    meta = context.get("page_meta")
    if meta is None:
        page = context.get("page")
        meta = page.get_page_meta(context.get("request")) if hasattr(page, "get_page_meta") else seo.PageMeta()
    if context.get("noindex"):
        meta.noindex = True
    return meta


@register.simple_tag
def json_ld(items):
    """Each structured-data dict as its own <script type="application/ld+json">."""
    return format_html_join("\n", "{}", ((seo.json_ld(item),) for item in items or ()))

from django import template
from django.utils.html import format_html

from journos.news.admin_notices import section_unpublish_notice

register = template.Library()


@register.simple_tag
def section_unpublish_warning(page):
    """The section's article counts as a Wagtail warning on the unpublish confirm page (empty otherwise)."""
    notice = section_unpublish_notice(page)
    if not notice:
        return ""
    return format_html('<p class="help-block help-warning" data-section-notice>{}</p>', notice)

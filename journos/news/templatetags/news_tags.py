import logging

from django import template
from django.db import DatabaseError
from django.urls import reverse

from journos.core.caching.dependencies import used_stale_copy
from journos.news import selectors

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag(takes_context=True)
def in_admin(context) -> bool:
    """Whether this request is for the Wagtail admin (where a 404 means "not yours to see")."""
    request = context.get("request")
    return request is not None and request.path.startswith(reverse("wagtailadmin_home"))


@register.simple_tag
def latest_stories(limit: int = 5) -> list:
    """The newest stories (the 404 page's suggestions to readers), or none while the database does not answer.

    Callers keep the HTML in a `{% fragment %}`, which the listing's `depends_on` refreshes on publish.
    """
    try:
        return selectors.latest_articles(limit=limit)
    except DatabaseError:
        logger.warning("The latest stories could not be loaded for an error page.", exc_info=True)
        used_stale_copy()  # so the fragment showing none is not kept: the next 404 tries again
        return []

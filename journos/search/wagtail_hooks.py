from django.urls import reverse

from wagtail import hooks

from journos.core.purge import PURGE_URLS_HOOK
from journos.news.models import ArticlePage


@hooks.register(PURGE_URLS_HOOK)
def search_pages(page):
    """Any search may list an article: purging the paths drops every cached query at once."""
    if not isinstance(page, ArticlePage):
        return []
    return search_paths()


def search_paths() -> list[str]:
    return [reverse("search:results"), reverse("search:live")]

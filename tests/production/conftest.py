from wagtail.contrib.frontend_cache.backends.base import BaseBackend

import pytest

from journos.news.factories import ArticlePageFactory, AuthorPageFactory, SectionPageFactory
from tests.utils import make_authors_index, make_site


class RecordingProxy(BaseBackend):
    """A stand-in caching proxy that remembers which URLs it was told to purge."""

    purged: list[str] = []

    def purge(self, url) -> None:
        RecordingProxy.purged.append(url)


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def proxy(settings):
    RecordingProxy.purged = []
    settings.WAGTAILFRONTENDCACHE = {"proxy": {"BACKEND": "tests.production.conftest.RecordingProxy"}}
    return RecordingProxy


@pytest.fixture
def newsroom(db):
    """A small site where one article shows up in many places."""
    home = make_site()
    politics = SectionPageFactory(parent=home, title="Politics", slug="politics")
    diplomacy = SectionPageFactory(parent=politics, title="Diplomacy", slug="diplomacy")
    economy = SectionPageFactory(parent=home, title="Economy", slug="economy")
    author = AuthorPageFactory(parent=make_authors_index(home), title="Ana Ruiz", slug="ana-ruiz")
    older = ArticlePageFactory(parent=economy, title="Older story", slug="older-story")
    article = ArticlePageFactory(
        parent=diplomacy,
        title="Summit ends without deal",
        slug="summit",
        authors=[author],
        extra_categories=[economy],
        tags=["summit"],
    )
    return {
        "home": home,
        "politics": politics,
        "diplomacy": diplomacy,
        "economy": economy,
        "author": author,
        "older": older,
        "article": article,
    }

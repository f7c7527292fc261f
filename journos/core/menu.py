"""The header's section menu: the links editors chose (Navigation settings) and, under each, its sub-sections.

Sub-sections are the live, public children of a menu page that are marked "Show in menus" (a section is by
default). The whole menu costs two queries (the links, then every sub-section at once), and is cached until
the navigation or a page on it changes, or a section under a page on it is published, unpublished, renamed or
moved (journos.core.caching); which item is the current one is worked out per page from the cached menu
(core_tags.header_navigation), without a query.
"""

from functools import reduce
from operator import or_

from django.db.models import Q

from wagtail.models import Page

from journos.core.caching.dependencies import depends_on
from journos.core.caching.store import cached
from journos.core.models import NavigationSettings
from journos.core.visibility import any_view_restrictions


def children_tag(parent_path: str) -> str:
    """Stamped when a section under the page at this tree path changes (news.SectionPage.changed_tags)."""
    return f"menu-children:{parent_path}"


def header_menu(request, site) -> list[dict]:
    """[{text, url, path, children: [{text, url, path}]}] for the header, in the editors' order."""
    return cached("header-menu", [site], lambda: build(request)) or []


def build(request) -> list[dict]:
    navigation = NavigationSettings.for_request(request)
    links = list(navigation.header_links.select_related("page").filter(page__live=True))
    depends_on(*(children_tag(link.page.path) for link in links))  # the pages shown depend on themselves
    children = sub_sections([link.page for link in links])
    return [
        {
            "text": link.text,
            "url": link.page.url,
            "path": link.page.path,
            "children": [
                {"text": child.title, "url": child.url, "path": child.path, "children": []}
                for child in children.get(link.page.path, [])
            ],
        }
        for link in links
    ]


def sub_sections(parents) -> dict[str, list]:
    """The menu children of each of these pages, by the parent's tree path: one query for all of them."""
    if not parents:
        return {}
    under = reduce(or_, (Q(path__startswith=page.path, depth=page.depth + 1) for page in parents))
    pages = Page.objects.live().in_menu().filter(under).only("title", "path", "depth", "url_path").order_by("path")
    if any_view_restrictions():
        pages = pages.public()
    by_parent: dict[str, list] = {}
    for page in pages:
        by_parent.setdefault(page.path[: -Page.steplen], []).append(page)
    return by_parent

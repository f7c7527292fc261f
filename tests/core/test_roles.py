"""Roles as a table: each staff role sees and opens exactly the admin areas journos/core/groups.py gives it.

Signed in as a user of each role, every admin area's menu items must show, and its pages answer 200, where
the table has a cell; elsewhere the menu items are hidden and the pages refused. README shows the same table.
"""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages

from wagtail.admin.menu import SubmenuMenuItem, admin_menu
from wagtail.models import GroupPagePermission, Site

import pytest

from journos.core.groups import AREAS, ROLES, ensure_newsroom_groups
from journos.news.factories import ArticlePageFactory, SectionPageFactory
from journos.newsletter.factories import IssueFactory, SubscriberFactory
from journos.pages.factories import ContactPageFactory

pytestmark = pytest.mark.django_db

# Each area's items in Wagtail's main menu ("submenu/item").
MENU_ITEMS = {
    "Pages": ["explorer"],
    "Images": ["images"],
    "Documents": ["documents"],
    "Snippets: newsletter lists": ["snippets", "newsletter/lists"],
    "Site settings, Navigation": ["settings/site-settings", "settings/navigation"],
    "Recommended": ["settings/recommended"],
    "Search promotions": ["settings/promoted-search-results"],
    "Redirects": ["settings/redirects"],
    "Newsletter issues: compose, send": ["newsletter/issues"],
    "Subscribers": ["newsletter/subscribers"],
    "Contact form submissions": ["forms"],
    "Comments": ["comments", "settings/comment-moderation"],
    "Reports": [
        "reports/site-history",
        "reports/workflows",
        "reports/workflow-tasks",
        "reports/aging-pages",
        "reports/page-types-usage",
    ],
    "Locked pages report": ["reports/locked-pages"],
    "Users and groups": ["settings/users", "settings/groups"],
    "Sites, collections, workflows": [
        "settings/sites",
        "settings/collections",
        "settings/workflows",
        "settings/workflow-tasks",
    ],
}
# Menu items that are no area of the table: Wagtail's help links, and a report for superusers only.
NOT_IN_THE_TABLE = re.compile(r"help/.*|reports/search-terms")

# Each area's list and edit pages (placeholders: the newsroom fixture's objects).
URLS = {
    "Pages": ["/admin/pages/{home}/", "/admin/pages/{article}/edit/", "/admin/pages/add/news/articlepage/{section}/"],
    "Images": ["/admin/images/", "/admin/images/multiple/add/"],
    "Documents": ["/admin/documents/", "/admin/documents/multiple/add/"],
    "Snippets: newsletter lists": [
        "/admin/snippets/",
        "/admin/snippets/newsletter/newsletterlist/",
        "/admin/snippets/newsletter/newsletterlist/edit/{newsletter}/",
    ],
    "Site settings, Navigation": [
        "/admin/settings/core/sitesettings/{site}/",
        "/admin/settings/core/navigationsettings/{site}/",
    ],
    "Recommended": ["/admin/settings/engagement/recommendedsettings/{site}/"],
    "Search promotions": ["/admin/searchpicks/", "/admin/searchpicks/add/"],
    "Redirects": ["/admin/redirects/", "/admin/redirects/add/"],
    "Newsletter issues: compose, send": [
        "/admin/snippets/newsletter/issue/",
        "/admin/snippets/newsletter/issue/add/",
        "/admin/snippets/newsletter/issue/edit/{issue}/",
        "/admin/snippets/newsletter/issue/dispatch/{issue}/",
    ],
    "Subscribers": [
        "/admin/newsletter/subscribers/",
        "/admin/newsletter/subscribers/edit/{subscriber}/",
        "/admin/newsletter/subscribers/import/",
    ],
    "Contact form submissions": ["/admin/forms/", "/admin/forms/submissions/{contact}/"],
    "Comments": [
        "/admin/comments/",
        "/admin/comments/?status=reported",
        "/admin/settings/comments/commentmoderationsettings/{site}/",
    ],
    "Reports": [
        "/admin/reports/site-history/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/aging-pages/",
        "/admin/reports/page-types-usage/",
    ],
    "Locked pages report": ["/admin/reports/locked/"],
    "Users and groups": ["/admin/users/", "/admin/users/new/", "/admin/groups/"],
    "Sites, collections, workflows": [
        "/admin/sites/",
        "/admin/collections/",
        "/admin/workflows/list/",
        "/admin/workflows/tasks/index/",
    ],
}


@pytest.fixture
def newsroom(home):
    """The objects the admin pages above are about."""
    section = SectionPageFactory(parent=home, title="Politics", slug="politics")
    issue = IssueFactory()
    return {
        "home": home.pk,
        "section": section.pk,
        "article": ArticlePageFactory(parent=section).pk,
        "contact": ContactPageFactory(parent=home).pk,
        "site": Site.objects.get(is_default_site=True).pk,
        "issue": issue.pk,
        "newsletter": issue.newsletter_id,
        "subscriber": SubscriberFactory().pk,
    }


def sign_in(client, django_user_model, *groups):
    user = django_user_model.objects.create_user("staff", "staff@newsroom.example", "pw")
    user.groups.add(*groups)
    client.force_login(user)
    return user


def shown_menu_items(client) -> set[str]:
    """The main-menu items Wagtail builds for the signed-in user's request to the admin home."""
    response = client.get("/admin/")
    assert response.status_code == 200

    def walk(menu, prefix=""):
        for item in menu.menu_items_for_request(response.wsgi_request):
            if isinstance(item, SubmenuMenuItem):
                yield from walk(item.menu, f"{item.name}/")
            else:
                yield prefix + item.name

    return {name for name in walk(admin_menu) if not NOT_IN_THE_TABLE.fullmatch(name)}


def assert_refused(client, url):
    """Wagtail's refusal: back to the dashboard with its permission message (or a plain 403)."""
    client.cookies.pop("messages", None)  # only this request's messages
    response = client.get(url)
    if response.status_code == 403:
        return
    assert (response.status_code, response.get("Location")) == (302, "/admin/"), url
    messages = [str(message).strip() for message in get_messages(response.wsgi_request)]
    assert messages == ["Sorry, you do not have permission to access this area."], url


def test_the_table_names_every_area_and_every_admin_menu_item(client, django_user_model, newsroom):
    assert list(MENU_ITEMS) == list(URLS) == list(AREAS)
    assert all(set(row) <= set(AREAS) for row in ROLES.values())
    assert all(cell in AREAS[area] for row in ROLES.values() for area, cell in row.items())
    client.force_login(django_user_model.objects.create_superuser("root", "root@newsroom.example", "pw"))
    assert shown_menu_items(client) == {name for names in MENU_ITEMS.values() for name in names}


@pytest.mark.parametrize("area", AREAS)
@pytest.mark.parametrize("role", ROLES)
def test_a_role_sees_and_opens_an_area_exactly_as_the_table_says(client, django_user_model, newsroom, role, area):
    sign_in(client, django_user_model, Group.objects.get(name=role))
    allowed = area in ROLES[role]
    shown = shown_menu_items(client)
    for name in MENU_ITEMS[area]:
        assert (name in shown) is allowed, f"menu item {name}"
    for url in (url.format(**newsroom) for url in URLS[area]):
        if allowed:
            assert client.get(url).status_code == 200, url
        else:
            assert_refused(client, url)


@pytest.mark.parametrize("role", ROLES)
def test_a_role_sees_no_menu_item_beyond_its_row(client, django_user_model, newsroom, role):
    sign_in(client, django_user_model, Group.objects.get(name=role))
    assert shown_menu_items(client) == {name for area in ROLES[role] for name in MENU_ITEMS[area]}


@pytest.mark.parametrize(("role", "may_send"), [("Editors", True), ("Moderators", False)])
def test_editors_send_newsletter_issues(client, django_user_model, newsroom, role, may_send):
    sign_in(client, django_user_model, Group.objects.get(name=role))
    dispatch_url = f"/admin/snippets/newsletter/issue/dispatch/{newsroom['issue']}/"
    if may_send:
        assert "Send now to" in client.get(dispatch_url).content.decode()
    else:
        assert_refused(client, dispatch_url)


def test_a_desk_editor_edits_only_their_section(client, django_user_model, home):
    politics = SectionPageFactory(parent=home, title="Politics", slug="politics")
    sports = SectionPageFactory(parent=home, title="Sports", slug="sports")
    desk = Group.objects.create(name="Politics desk")
    desk.permissions.add(Permission.objects.get(codename="access_admin"))
    for action in ("add", "change", "publish"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{action}_page")
        GroupPagePermission.objects.create(group=desk, page=politics, permission=permission)
    sign_in(client, django_user_model, desk)
    ours, theirs = ArticlePageFactory(parent=politics), ArticlePageFactory(parent=sports)

    assert "explorer" in shown_menu_items(client)
    assert client.get(f"/admin/pages/{ours.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/add/news/articlepage/{politics.pk}/").status_code == 200
    # Another desk's pages do not exist for them (journos/core/desk_privacy.py); the home page above theirs does.
    assert client.get(f"/admin/pages/{theirs.pk}/edit/").status_code == 404
    assert client.get(f"/admin/pages/add/news/articlepage/{sports.pk}/").status_code == 404
    assert_refused(client, f"/admin/pages/{home.pk}/edit/")


def test_migrate_adds_what_a_role_lacks_and_keeps_what_was_added_by_hand(home):
    editors = Group.objects.get(name="Editors")
    recommended = Permission.objects.get(codename="change_recommendedsettings")
    extra = Permission.objects.get(codename="view_logentry")
    editors.permissions.remove(recommended)
    editors.permissions.add(extra)
    ensure_newsroom_groups()
    ensure_newsroom_groups()  # idempotent: nothing doubles
    assert set(editors.permissions.filter(pk__in=[recommended.pk, extra.pk])) == {recommended, extra}
    assert GroupPagePermission.objects.filter(group=editors).count() == len(AREAS["Pages"]["✓"])


def readme_table() -> dict[str, dict[str, str]]:
    """README's permission matrix (areas down, roles across) as {role: {area: cell}}, "—" left out."""
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    lines = re.search(r"^\| Admin area \|.*\n\|[-| ]+\|\n((?:\|.*\n)+)", readme, re.MULTILINE)
    header = re.search(r"^\| Admin area \|(.*)\|$", readme, re.MULTILINE).group(1)
    roles = [role.strip() for role in header.split("|")]
    table = {role: {} for role in roles}
    for line in lines.group(1).splitlines():
        area, *cells = (cell.strip() for cell in line.strip("|").split("|"))
        for role, cell in zip(roles, cells, strict=True):
            if cell != "—":
                table[role][area] = cell
    return table


def test_the_readme_shows_the_same_table():
    assert readme_table() == ROLES

"""The newsroom's staff roles: one permission table, applied to the groups after every migrate.

This is the one home of "which role may do what". README.md ("Editing and publishing") shows the same
table, and tests/core/test_roles.py checks that the two agree and that each role sees exactly the admin
menu items and pages the table gives it.

Applying the table only adds: a group missing a permission of its row gets it (a new install, or an
upgrade that grows a role), and permissions added by hand in Settings → Groups are kept. A permission
the table stops giving is therefore not taken away from existing installs: remove it in Settings → Groups.

Publishing by Reporters goes through Wagtail's default "Moderators approval" workflow, whose approval
task belongs to the Moderators group.
"""

from itertools import chain

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page


def _page(*actions):
    return tuple(f"wagtailcore.{action}_page" for action in actions)


def _model(label, *actions):
    app_label, model = label.split(".")
    return tuple(f"{app_label}.{action}_{model}" for action in actions or ("add", "change", "delete", "view"))


# Wagtail checks image permissions on its base Image model, also for a custom image model (core.CustomImage).
IMAGE, DOCUMENT = "wagtailimages.image", "wagtaildocs.document"

# Each admin area: {what a role may do there, as README's table says it: the permissions that grants}.
# Permissions are "app_label.codename". Page permissions are held on the root page (so they cover every
# section), image, document and collection permissions on the root collection, the rest by the group.
# Contact form submissions and Wagtail's page reports grant nothing of their own: Wagtail opens them to
# whoever may edit pages (the Locked pages report: to whoever may unlock them).
AREAS = {
    "Pages": {
        "✓": _page("add", "change", "publish", "bulk_delete", "lock", "unlock"),
        "review, publish": _page("add", "change", "publish", "lock", "unlock"),
        "write, submit for review": _page("add", "change"),
    },
    "Images": {
        "✓": _model(IMAGE, "add", "change", "delete", "choose"),
        "add, edit": _model(IMAGE, "add", "change", "choose"),
        "add, edit own": _model(IMAGE, "add", "choose"),
    },
    "Documents": {
        "✓": _model(DOCUMENT, "add", "change", "delete", "choose"),
        "add, edit": _model(DOCUMENT, "add", "change", "choose"),
        "add, edit own": _model(DOCUMENT, "add", "choose"),
    },
    "Snippets: newsletter lists": {"✓": _model("newsletter.newsletterlist")},
    "Site settings, Navigation": {"✓": ("core.change_sitesettings", "core.change_navigationsettings")},
    "Recommended": {"✓": ("engagement.change_recommendedsettings",)},
    "Search promotions": {"✓": _model("wagtailsearchpromotions.searchpromotion", "add", "change", "delete")},
    "Redirects": {"✓": _model("wagtailredirects.redirect")},
    "Newsletter issues: compose, send": {"✓": (*_model("newsletter.issue"), "newsletter.send_issue")},
    "Subscribers": {"✓": _model("newsletter.subscriber")},
    "Contact form submissions": {"✓": ()},
    # Readers' comments: the moderation queue, banning readers, and the blocked words and links setting.
    "Comments": {
        "✓": _model("comments.comment", "change", "view")
        + _model("comments.commenterstatus", "change", "view")
        + ("comments.change_commentmoderationsettings",)
    },
    "Reports": {"✓": ()},
    "Locked pages report": {"✓": _page("unlock")},
    "Users and groups": {"✓": _model("accounts.user") + _model("auth.group")},
    "Sites, collections, workflows": {
        "✓": _model("wagtailcore.site")
        + _model("wagtailcore.collection", "add", "change", "delete")
        + _model("wagtailcore.workflow", "add", "change", "delete")
        + _model("wagtailcore.task", "add", "change", "delete")
    },
}
ADMINISTRATION = ("Users and groups", "Sites, collections, workflows")

# The table: each role's cell in each area; an area left out is "—" (nothing). Every role may sign into the
# admin, and Administrators also hold every other permission there is (whatever an app adds later, too).
ROLES = {
    "Administrators": dict.fromkeys(AREAS, "✓"),
    "Editors": {area: "✓" for area in AREAS if area not in ADMINISTRATION},
    "Moderators": {
        "Pages": "review, publish",
        "Images": "add, edit",
        "Documents": "add, edit",
        "Contact form submissions": "✓",
        "Comments": "✓",
        "Reports": "✓",
        "Locked pages report": "✓",
    },
    "Reporters": {
        "Pages": "write, submit for review",
        "Images": "add, edit own",
        "Documents": "add, edit own",
        "Contact form submissions": "✓",
        "Reports": "✓",
    },
}


def ensure_newsroom_groups(**kwargs):
    """Give each role's group (created if missing) every permission of its row in the table."""
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    if root_page is None or root_collection is None:
        return
    every = {f"{p.content_type.app_label}.{p.codename}": p for p in Permission.objects.select_related("content_type")}
    held_by_collection = {Collection, Image, Document}
    for role, row in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        granted = chain(["wagtailadmin.access_admin"], *(AREAS[area][cell] for area, cell in row.items()))
        for permission in map(every.__getitem__, granted):
            model = permission.content_type.model_class()
            if model is Page:
                GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=permission)
            elif model in held_by_collection:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
            else:
                group.permissions.add(permission)
        if role == "Administrators":
            group.permissions.add(*every.values())

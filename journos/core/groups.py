"""The newsroom's staff roles, created (idempotently) after every migrate.

- Administrators: everything, including users and groups.
- Editors: write, edit and publish anywhere; manage images, navigation, settings, redirects,
  newsletter issues (compose and send) and subscribers.
- Moderators: review and approve (publish) what reporters submit.
- Reporters: write drafts and submit them for review; cannot publish.

Publishing by Reporters goes through Wagtail's default "Moderators approval"
workflow, whose approval task belongs to the Moderators group.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

ROLE_PAGE_PERMISSIONS = {
    "Administrators": ["add", "change", "publish", "bulk_delete", "lock", "unlock"],
    "Editors": ["add", "change", "publish", "bulk_delete", "lock", "unlock"],
    "Moderators": ["add", "change", "publish", "lock", "unlock"],
    "Reporters": ["add", "change"],
}
ROLE_IMAGE_PERMISSIONS = {
    "Administrators": ["add_customimage", "change_customimage", "delete_customimage", "choose_image"],
    "Editors": ["add_customimage", "change_customimage", "delete_customimage", "choose_image"],
    "Moderators": ["add_customimage", "change_customimage", "choose_image"],
    "Reporters": ["add_customimage", "choose_image"],
}
EDITOR_MODEL_PERMISSIONS = [
    ("core", "change_sitesettings"),
    ("core", "change_navigationsettings"),
    ("wagtailredirects", "add_redirect"),
    ("wagtailredirects", "change_redirect"),
    ("wagtailredirects", "delete_redirect"),
    ("newsletter", "add_issue"),
    ("newsletter", "change_issue"),
    ("newsletter", "delete_issue"),
    ("newsletter", "view_issue"),
    ("newsletter", "send_issue"),
    ("newsletter", "view_subscriber"),
    ("newsletter", "add_subscriber"),
    ("newsletter", "change_subscriber"),
    ("newsletter", "change_newsletterlist"),
    ("newsletter", "view_newsletterlist"),
]


def ensure_newsroom_groups(**kwargs):
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    if root_page is None or root_collection is None:
        return
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for name, page_permissions in ROLE_PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for action in page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root_page,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{action}_page"),
            )
        for codename in ROLE_IMAGE_PERMISSIONS[name]:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=Permission.objects.get(content_type__app_label="core", codename=codename),
            )
    administrators = Group.objects.get(name="Administrators")
    administrators.permissions.add(*Permission.objects.all())
    editors = Group.objects.get(name="Editors")
    for app_label, codename in EDITOR_MODEL_PERMISSIONS:
        editors.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))

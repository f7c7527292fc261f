from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class CoreConfig(AppConfig):
    name = "journos.core"
    label = "core"

    def ready(self):
        from wagtail.documents import get_document_model
        from wagtail.models import PageViewRestriction

        from journos.core.caching import invalidation
        from journos.core.csv_safety import protect_wagtail_exports
        from journos.core.documents import store_in_random_folders
        from journos.core.groups import ensure_newsroom_groups
        from journos.core.visibility import forget_view_restrictions

        invalidation.connect()
        store_in_random_folders(get_document_model())
        protect_wagtail_exports()  # every CSV/XLSX export in Wagtail's admin writes text, never formulas

        # Once per migrate run: after the last app has migrated.
        post_migrate.connect(ensure_newsroom_groups, sender=self, dispatch_uid="journos-newsroom-groups")

        for signal in (post_save, post_delete):
            signal.connect(
                forget_view_restrictions, sender=PageViewRestriction, dispatch_uid=f"journos-pvr-{signal!r}"
            )

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class CoreConfig(AppConfig):
    name = "journos.core"
    label = "core"

    def ready(self):
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from journos.core import purge
        from journos.core.cache import bump_content_generation
        from journos.core.groups import ensure_newsroom_groups
        from journos.core.visibility import forget_view_restrictions

        purge.connect_signals()

        # Once per migrate run: after the last app has migrated.
        post_migrate.connect(ensure_newsroom_groups, sender=self, dispatch_uid="journos-newsroom-groups")

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(bump_content_generation, dispatch_uid=f"journos-generation-{signal!r}")
        post_delete.connect(bump_content_generation, sender=Page, dispatch_uid="journos-generation-delete")
        # A site added, renamed or given another home page: cached Site lookups and links are stale.
        for signal in (post_save, post_delete):
            signal.connect(bump_content_generation, sender=Site, dispatch_uid=f"journos-site-generation-{signal!r}")

        # A page made private (or public again) changes what every cached fragment may show.
        for signal in (post_save, post_delete):
            signal.connect(
                forget_view_restrictions, sender=PageViewRestriction, dispatch_uid=f"journos-pvr-{signal!r}"
            )
            signal.connect(
                bump_content_generation, sender=PageViewRestriction, dispatch_uid=f"journos-pvr-generation-{signal!r}"
            )

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "journos.core"
    label = "core"

    def ready(self):
        from journos.core import purge
        from journos.core.groups import ensure_newsroom_groups

        purge.connect_signals()

        # Once per migrate run: after the last app has migrated.
        post_migrate.connect(ensure_newsroom_groups, sender=self, dispatch_uid="journos-newsroom-groups")

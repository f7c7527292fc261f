from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "journos.core"
    label = "core"

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "journos.search"
    label = "search"

    def ready(self):
        from journos.search import signals

        signals.connect()

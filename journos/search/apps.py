from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "journos.search"
    label = "search"

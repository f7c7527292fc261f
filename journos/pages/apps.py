from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "journos.pages"
    label = "pages"

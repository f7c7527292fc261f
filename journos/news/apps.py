from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "journos.news"
    label = "news"

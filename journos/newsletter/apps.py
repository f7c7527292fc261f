from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "journos.newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"

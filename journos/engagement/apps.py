from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "journos.engagement"
    label = "engagement"
    verbose_name = "Engagement"

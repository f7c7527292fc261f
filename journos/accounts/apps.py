from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "journos.accounts"
    label = "accounts"

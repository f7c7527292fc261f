from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "journos.newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        from journos.accounts.signals import account_deleting
        from journos.newsletter.services import forget_deleted_account

        account_deleting.connect(forget_deleted_account, dispatch_uid="newsletter-forget-deleted-account")

from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "journos.newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from journos.accounts.signals import account_deleting
        from journos.newsletter.models import NewsletterList
        from journos.newsletter.services import forget_deleted_account
        from journos.newsletter.templatetags.newsletter_tags import forget_signup_lists

        # The sign-up box caches the lists on offer, and pages cache their sidebar with it:
        # editing a list refreshes both.
        for signal in (post_save, post_delete):
            signal.connect(forget_signup_lists, sender=NewsletterList, dispatch_uid=f"newsletter-lists-{signal}")
            signal.connect(
                self.refresh_page_fragments, sender=NewsletterList, dispatch_uid=f"newsletter-pages-{signal}"
            )

        account_deleting.connect(forget_deleted_account, dispatch_uid="newsletter-forget-deleted-account")

    @staticmethod
    def refresh_page_fragments(**kwargs):
        from journos.core.cache import bump_content_generation

        bump_content_generation()

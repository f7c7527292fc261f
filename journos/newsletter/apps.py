from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "journos.newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from journos.newsletter.models import NewsletterList
        from journos.newsletter.templatetags.newsletter_tags import forget_signup_lists

        # The sign-up box caches the lists on offer; editing a list refreshes it.
        post_save.connect(forget_signup_lists, sender=NewsletterList, dispatch_uid="newsletter-lists-saved")
        post_delete.connect(forget_signup_lists, sender=NewsletterList, dispatch_uid="newsletter-lists-deleted")

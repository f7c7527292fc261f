from django.apps import AppConfig


class CommentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "journos.comments"
    verbose_name = "Comments"

    def ready(self):
        from journos.accounts.signals import account_deleting
        from journos.comments.services import forget_deleted_account

        account_deleting.connect(forget_deleted_account, dispatch_uid="comments-forget-deleted-account")

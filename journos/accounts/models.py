from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower


class User(AbstractUser):
    """A reader or a member of staff; staff reach the admin, readers never do."""

    email_verified = models.BooleanField(
        default=False, help_text="Set once the reader has followed the link in the verification e-mail."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_unique_email_ci",
                violation_error_message="An account with this e-mail address already exists.",
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.username

"""Sign-ins and sign-outs noted on the request (for SignedInMarkerMiddleware), and account deletion.

The sign-in marker is connected for every login, whichever view does it
(site, e-mail link, password reset, Wagtail admin).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import pre_delete
from django.dispatch import Signal, receiver


@receiver(user_logged_in, dispatch_uid="journos-accounts-signed-in")
def note_sign_in(sender, request, user, **kwargs):
    if request is not None:
        request.journos_signed_in_marker = "set"


@receiver(user_logged_out, dispatch_uid="journos-accounts-signed-out")
def note_sign_out(sender, request, user, **kwargs):
    if request is not None:
        request.journos_signed_in_marker = "delete"


# Sent (with user=...) when an account is deleted or anonymised, inside that transaction and
# before the user row goes: each app removes what it holds about the person (see the newsletter).
account_deleting = Signal()


def remove_data_of_deleted_account(sender, instance, **kwargs):
    """Every deletion of a user, here or in the admin, removes what the account page promises."""
    from journos.accounts.services import remove_account_data

    remove_account_data(instance)


pre_delete.connect(remove_data_of_deleted_account, sender=get_user_model(), dispatch_uid="journos-accounts-deleted")

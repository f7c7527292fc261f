"""Note sign-ins and sign-outs on the request, for SignedInMarkerMiddleware.

Connected for every login, whichever view does it (site, e-mail link,
password reset, Wagtail admin).
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver


@receiver(user_logged_in, dispatch_uid="journos-accounts-signed-in")
def note_sign_in(sender, request, user, **kwargs):
    if request is not None:
        request.journos_signed_in_marker = "set"


@receiver(user_logged_out, dispatch_uid="journos-accounts-signed-out")
def note_sign_out(sender, request, user, **kwargs):
    if request is not None:
        request.journos_signed_in_marker = "delete"

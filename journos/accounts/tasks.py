"""Account e-mails, sent as background tasks.

The views only enqueue; the task looks the account up. So a request for an
unknown account does the same work, and answers in the same time, as one for
a real account (with TASK_BACKEND=database the sending happens in the worker).
Failures and retries: journos.core.mail.email_task.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode

from journos.accounts import tokens
from journos.accounts.emails import duration, send_account_email
from journos.accounts.selectors import find_account
from journos.core import ratelimit
from journos.core.mail import email_task
from journos.core.urls import absolute_url

logger = logging.getLogger(__name__)
User = get_user_model()


def under_account_limit(kind: str, user) -> bool:
    """At most RATE_LIMITS["account-emails"] of each kind per account, whichever name was typed.

    The views limit what each client may ask for (and say so); this cap is
    silent, because saying it was reached would reveal that the account exists.
    """
    allowed = ratelimit.allow("account-emails", f"{kind}:account:{user.pk}")
    if not allowed:
        logger.info("Account e-mail %s to user %s skipped: hourly limit reached", kind, user.pk)
    return allowed


@email_task
def send_password_reset(identifier: str) -> None:
    user = find_account(identifier)
    if user is None or not user.is_active or not user.email or not under_account_limit("password-reset", user):
        return
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
    send_account_email(
        "password_reset",
        user.email,
        {"user": user, "link": absolute_url(path), "expires": duration(settings.PASSWORD_RESET_TIMEOUT)},
    )


@email_task
def send_sign_in_link(identifier: str, next_path: str = "") -> None:
    user = find_account(identifier)
    if user is None or not user.is_active or not user.email or not under_account_limit("sign-in-link", user):
        return
    path = reverse("accounts:sign_in_link_confirm", kwargs={"token": tokens.make_sign_in_token(user)})
    if next_path:
        path += "?" + urlencode({"next": next_path})
    send_account_email(
        "sign_in_link",
        user.email,
        {"user": user, "link": absolute_url(path), "expires": duration(settings.ACCOUNT_SIGN_IN_LINK_MAX_AGE)},
    )


@email_task
def send_verification(user_id: int, email: str) -> None:
    """Ask the owner of `email` to confirm it: a new account's address, or a requested change."""
    user = User._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    path = reverse("accounts:verify_email", kwargs={"token": tokens.make_verification_token(user, email)})
    send_account_email(
        "verify_email",
        email,
        {
            "user": user,
            "link": absolute_url(path),
            "is_change": email.lower() != user.email.lower(),
            "expires": duration(settings.ACCOUNT_VERIFY_LINK_MAX_AGE),
        },
    )


@email_task
def send_already_registered(email: str) -> None:
    """Someone tried to register an address that already has an account: tell its owner, nobody else."""
    user = find_account(email)
    if user is None or not user.is_active or not under_account_limit("already-registered", user):
        return
    send_account_email(
        "already_registered",
        user.email,
        {
            "user": user,
            "login_link": absolute_url(reverse("accounts:login")),
            "reset_link": absolute_url(reverse("accounts:password_reset")),
        },
    )


@email_task
def send_email_changed(old_email: str, new_email: str) -> None:
    send_account_email(
        "email_changed",
        old_email,
        {"new_email": new_email, "reset_link": absolute_url(reverse("accounts:password_reset"))},
    )


@email_task
def send_account_deleted(email: str, username: str) -> None:
    send_account_email("account_deleted", email, {"username": username})

"""Writes with side effects: registering, confirming addresses, deleting accounts."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError

from axes.utils import reset as reset_failed_logins

from journos.accounts import tasks
from journos.accounts.selectors import email_in_use

User = get_user_model()


class UsernameTaken(Exception):
    pass


def register_reader(*, username: str, email: str, password: str) -> User | None:
    """Create an unverified account and send the confirmation link.

    If the address already has an account, nothing is created and its owner is
    told instead. The caller answers the same either way, so the registration
    form cannot be used to find out who has an account.
    """
    if email_in_use(email):
        make_password(password)  # the same hashing work as creating the account
        tasks.send_already_registered.enqueue(email)
        return None
    try:
        with transaction.atomic():
            user = User._default_manager.create_user(username=username, email=email, password=password)
    except IntegrityError as error:  # someone registered the same name or address a moment ago
        if User._default_manager.filter(username__iexact=username).exists():
            raise UsernameTaken from error
        tasks.send_already_registered.enqueue(email)
        return None
    tasks.send_verification.enqueue(user.pk, email)
    return user


def request_email_change(user, new_email: str) -> None:
    """Send a confirmation link to the new address; the address changes only once it is followed."""
    if email_in_use(new_email, exclude_pk=user.pk):
        tasks.send_already_registered.enqueue(new_email)
    else:
        tasks.send_verification.enqueue(user.pk, new_email)


def confirm_email(user, email: str) -> bool:
    """Make `email` the account's verified address. False if another account took it meanwhile."""
    if email_in_use(email, exclude_pk=user.pk):
        return False
    old_email = user.email
    user.email, user.email_verified = email, True
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "email_verified"])
    except IntegrityError:
        return False
    if old_email and old_email.lower() != email.lower():
        tasks.send_email_changed.enqueue(old_email, email)
    return True


def mark_email_verified(user) -> None:
    """Following a link we e-mailed proves the reader reads that address."""
    if not user.email_verified:
        user.email_verified = True
        user.save(update_fields=["email_verified"])


def unlock(user) -> None:
    """Forget failed logins for this account (after a password reset, for instance)."""
    reset_failed_logins(username=user.username)


def delete_account(user) -> bool:
    """Delete the account and what hangs on it (True), or anonymise it (False).

    Other apps' foreign keys to the user decide: CASCADE rows go with the
    account, SET_NULL rows stay without a name. If anything PROTECTs the user,
    the account is emptied of personal data and deactivated instead.
    """
    email, username = user.email, user.username
    try:
        with transaction.atomic():
            user.delete()
        deleted = True
    except (ProtectedError, RestrictedError):
        anonymise(user)
        deleted = False
    reset_failed_logins(username=username)
    if email:
        tasks.send_account_deleted.enqueue(email, username)
    return deleted


def anonymise(user) -> None:
    user.username = f"deleted-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.email_verified = user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()

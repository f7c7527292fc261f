"""Writes with side effects: registering, confirming addresses, deleting accounts."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.utils import timezone

from wagtail.models import ModelLogEntry

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from axes.utils import reset as reset_failed_logins

from journos.accounts import tasks
from journos.accounts.selectors import email_in_use
from journos.accounts.signals import account_deleting
from journos.core import ratelimit

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
    """A reader deletes their account: True if it is gone, False if it could only be anonymised.

    Deleting the user row removes everything tied to it (`remove_account_data`,
    run by a pre_delete receiver, so a deletion in the admin does the same).
    Other apps' rows that point to the user go with it (CASCADE) or stay without
    the person (SET_NULL). If anything PROTECTs the user, the account is emptied
    of personal data and deactivated instead.
    """
    email, username = user.email, user.username
    try:
        with transaction.atomic():
            user.delete()
        deleted = True
    except (ProtectedError, RestrictedError):
        with transaction.atomic():
            remove_account_data(user)
            anonymise(user)
        deleted = False
    if email:
        tasks.send_account_deleted.enqueue(email, username)
    return deleted


def remove_account_data(user) -> None:
    """Everything tied to the account but the user row: what the account page promises goes with it.

    Each app removes its own data through the `account_deleting` signal (the
    newsletter: the subscriber for the account's address, with its lists and
    pending deliveries); here go the account's sessions on every device, its
    login records and its e-mail and password-check counters.
    """
    account_deleting.send(sender=type(user), user=user)
    end_all_sessions(user)
    forget_logins(user)
    forget_counters(user)
    # The admin's history of changes to the account keeps the entries, not the name.
    ModelLogEntry.objects.for_instance(user).update(label=f"Deleted account {user.pk}")


def end_all_sessions(user) -> int:
    """Sign the account out everywhere: delete each stored session that belongs to it.

    Sessions kept only in a cache or a cookie cannot be listed; they stop
    working anyway, because their user is gone (or its password hash changed).
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        return 0
    user_id = str(user.pk)
    stored = store.get_model_class().objects.filter(expire_date__gt=timezone.now())
    keys = [
        key
        for key, data in stored.values_list("session_key", "session_data").iterator(chunk_size=2000)
        if store().decode(data).get(SESSION_KEY) == user_id
    ]
    for key in keys:
        store(key).delete()  # through the store, so a cached_db session leaves the cache too
    return len(keys)


def forget_logins(user) -> None:
    """django-axes' records of the account's logins: failures, lockouts, successes."""
    names = Q(username__iexact=user.username)
    if user.email:
        names |= Q(username__iexact=user.email)  # a name typed before the account existed
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(names).delete()


def forget_counters(user) -> None:
    """The rate-limit counts kept for this account, its name and its address (journos.core.ratelimit)."""
    names = [name for name in (user.username, user.email) if name]
    counters = [("password-checks", str(user.pk))]
    counters += [("account-emails", f"{kind}:account:{user.pk}") for kind in ACCOUNT_EMAIL_KINDS]
    counters += [("account-emails", f"{kind}:{name}") for kind in ADDRESS_EMAIL_KINDS for name in names]
    counters += [("newsletter-confirmations", user.email)] if user.email else []
    ratelimit.reset(counters)


# E-mails counted per account (journos.accounts.tasks), and per name or address typed (views).
ACCOUNT_EMAIL_KINDS = ("password-reset", "sign-in-link", "already-registered")
ADDRESS_EMAIL_KINDS = ("register", "verify", "change-email", "password-reset", "sign-in-link")


def anonymise(user) -> None:
    user.username = f"deleted-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.email_verified = user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()

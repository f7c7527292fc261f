"""Reads about accounts: who a reader means when they type a name, who is staff."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When

User = get_user_model()

# Longest thing a reader may type to name their account (an e-mail address).
IDENTIFIER_MAX_LENGTH = 254


def find_account(identifier: str) -> User | None:
    """The account named by a username or an e-mail address (any case), active or not.

    Something with an "@" is an e-mail address first; registration refuses "@"
    in usernames, so the two never compete for the same text.
    """
    value = (identifier or "").strip()
    if not value or len(value) > IDENTIFIER_MAX_LENGTH:
        return None
    users = User._default_manager
    if "@" in value:
        account = users.filter(email__iexact=value).first()
        if account is not None:
            return account
    return users.filter(username=value).first() or users.filter(username__iexact=value).first()


def email_in_use(email: str, *, exclude_pk: int | None = None) -> bool:
    return User._default_manager.filter(email__iexact=email).exclude(pk=exclude_pk).exists()


def newsroom_staff() -> Q:
    """Superusers, and anyone allowed into the Wagtail admin directly or through a group."""
    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    through_group = Group.objects.filter(user=OuterRef("pk"), permissions__in=access_admin)
    directly = User.user_permissions.through.objects.filter(user=OuterRef("pk"), permission__in=access_admin)
    return Q(is_superuser=True) | Q(Exists(through_group)) | Q(Exists(directly))


def with_account_type(users: QuerySet) -> QuerySet:
    """Annotate `is_newsroom_staff` in the same query (no query per listed user)."""
    is_staff = Case(When(newsroom_staff(), then=Value(True)), default=Value(False), output_field=BooleanField())
    return users.annotate(is_newsroom_staff=is_staff)

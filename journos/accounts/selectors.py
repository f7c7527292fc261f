"""Reads about accounts: who a reader means when they type a name, who is staff, whose login is locked."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from axes.models import AccessAttempt

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


def with_login_failures(users: QuerySet) -> QuerySet:
    """Annotate `login_failures`: the account's own failed logins still counted by django-axes (one subquery)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = (
        AccessAttempt.objects.filter(username=OuterRef("username"), attempt_time__gte=since)
        .order_by()
        .values("username")
        .annotate(total=Sum("failures_since_start"))
        .values("total")
    )
    return users.annotate(login_failures=Coalesce(Subquery(failures), 0))


def login_locked() -> Q:
    """On a queryset from with_login_failures: accounts that cannot log in with a password until unlocked."""
    return Q(login_failures__gte=settings.AXES_FAILURE_LIMIT)

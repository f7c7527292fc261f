"""Failed logins and account e-mails: django-axes' view of an account, and the e-mails anyone can trigger.

Who the client is comes from journos.core.clients; how often they may ask,
from journos.core.ratelimit.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from axes.models import AccessBase

from journos.accounts.selectors import find_account, newsroom_staff
from journos.core import ratelimit
from journos.core.clients import client_ip

User = get_user_model()

# django-axes counts failures under each of these on its own (AXES_LOCKOUT_PARAMETERS).
READER_LOCKOUT = ["username", "ip_address"]  # per account, and per client address across accounts
STAFF_LOCKOUT = ["username"]  # only the account's own failures: readers behind the same NAT cannot lock it


def canonical_username(request, credentials=None) -> str:
    """Failures count against the account, whether the reader typed its username or its e-mail."""
    typed = (credentials or {}).get("username") or request.POST.get("username", "")
    account = find_account(typed)
    return account.username if account else typed.strip().lower()[:254]


def lockout_parameters(request_or_attempt, credentials=None) -> list[str]:
    """What a login's failures count against: the account alone for staff, account and address for readers."""
    if isinstance(request_or_attempt, AccessBase):  # axes asks about a stored attempt
        return STAFF_LOCKOUT if is_staff_username(request_or_attempt.username) else READER_LOCKOUT
    request = request_or_attempt
    username = canonical_username(request, credentials)
    known = request.__dict__.setdefault("journos_staff_usernames", {})  # axes asks several times per login
    if username not in known:
        known[username] = is_staff_username(username)
    return STAFF_LOCKOUT if known[username] else READER_LOCKOUT


def is_staff_username(username: str) -> bool:
    staff = Q(is_staff=True) | newsroom_staff()
    return bool(username) and User._default_manager.filter(staff, username=username).exists()


def allow_account_email(request, scope: str, address: str) -> bool:
    """May this client make us send one more `scope` e-mail about `address` this hour?"""
    per_address = ratelimit.allow("account-emails", f"{scope}:{address}")
    per_client = ratelimit.allow("account-emails-per-client", f"{scope}:{client_ip(request)}")
    return per_address and per_client

"""Signed, expiring, single-use links for e-mail confirmation and password-less sign-in.

Each token carries a fingerprint of the account's current state. Using the
link changes that state (the address gets verified or changed; signing in
updates last_login), so the same link never works twice. Password-reset links
use Django's own token generator instead.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

User = get_user_model()

VERIFY_SALT = "journos.accounts.verify-email"
SIGN_IN_SALT = "journos.accounts.sign-in-link"
TOKEN_MAX_LENGTH = 400


class InvalidLink(Exception):
    """The link is malformed, expired, already used, or its account is gone."""


def _fingerprint(*parts) -> str:
    return salted_hmac("journos.accounts.link-state", "|".join(str(part) for part in parts)).hexdigest()[:24]


def _verify_state(user, email: str) -> str:
    return _fingerprint("verify", user.pk, user.email.lower(), user.email_verified, email.lower())


def _sign_in_state(user) -> str:
    last_login = user.last_login.replace(microsecond=0).isoformat() if user.last_login else ""
    return _fingerprint("sign-in", user.pk, user.password, last_login)


def _load(token: str, salt: str, max_age: int) -> dict:
    if not token or len(token) > TOKEN_MAX_LENGTH:
        raise InvalidLink
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature as error:  # includes SignatureExpired
        raise InvalidLink from error
    if not isinstance(data, dict):
        raise InvalidLink
    return data


def _active_user(pk) -> User:
    user = User._default_manager.filter(pk=pk, is_active=True).first() if isinstance(pk, int) else None
    if user is None:
        raise InvalidLink
    return user


def make_verification_token(user, email: str) -> str:
    """A link proving that whoever reads `email` wants it on this account."""
    return signing.dumps({"u": user.pk, "e": email, "s": _verify_state(user, email)}, salt=VERIFY_SALT)


def read_verification_token(token: str) -> tuple[User, str]:
    data = _load(token, VERIFY_SALT, settings.ACCOUNT_VERIFY_LINK_MAX_AGE)
    user = _active_user(data.get("u"))
    email = data.get("e")
    if not isinstance(email, str) or not constant_time_compare(str(data.get("s")), _verify_state(user, email)):
        raise InvalidLink
    return user, email


def make_sign_in_token(user) -> str:
    return signing.dumps({"u": user.pk, "s": _sign_in_state(user)}, salt=SIGN_IN_SALT)


def read_sign_in_token(token: str) -> User:
    data = _load(token, SIGN_IN_SALT, settings.ACCOUNT_SIGN_IN_LINK_MAX_AGE)
    user = _active_user(data.get("u"))
    if not constant_time_compare(str(data.get("s")), _sign_in_state(user)):
        raise InvalidLink
    return user

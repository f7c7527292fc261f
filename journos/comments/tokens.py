"""Signed unsubscribe links for reply e-mails: nothing stored, valid for ever, one account each."""

from django.core import signing

UNSUBSCRIBE_SALT = "journos.comments.replies-unsubscribe"


def make_unsubscribe_token(user) -> str:
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> int | None:
    """The account's id, or None for a link we did not sign."""
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT)["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None

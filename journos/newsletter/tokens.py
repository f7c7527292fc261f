"""Signed links: confirmation links expire, unsubscribe links work for ever.

Nothing is stored: the signature (SECRET_KEY) is what makes a link valid.
"""

from django.core import signing

from journos.newsletter import conf

CONFIRM_SALT = "journos.newsletter.confirm"
UNSUBSCRIBE_SALT = "journos.newsletter.unsubscribe"


class InvalidLink(Exception):
    """The link was tampered with or never issued by us."""


class ExpiredLink(InvalidLink):
    """The link was ours but is too old."""


def make_confirm_token(subscriber) -> str:
    # The address is part of the payload, so a token cannot confirm a row re-used for another address.
    return signing.dumps({"s": subscriber.pk, "e": subscriber.email}, salt=CONFIRM_SALT, compress=True)


def read_confirm_token(token: str) -> dict:
    try:
        return signing.loads(token, salt=CONFIRM_SALT, max_age=conf.get("CONFIRM_MAX_AGE"))
    except signing.SignatureExpired as error:
        raise ExpiredLink from error
    except signing.BadSignature as error:
        raise InvalidLink from error


def make_unsubscribe_token(subscriber, newsletter=None) -> str:
    payload = {"s": subscriber.pk}
    if newsletter is not None:
        payload["l"] = newsletter.pk
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> dict:
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise InvalidLink from error

"""Writes: sign-up, confirmation, unsubscription and a signed-in reader's lists."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from journos.core import ratelimit
from journos.newsletter import conf, tasks, tokens
from journos.newsletter.models import NewsletterList, Subscriber, Subscription

CONSENT_TEXT = (
    "I would like to receive the newsletters I ticked. I can unsubscribe at any time with the link in every "
    "e-mail. My address is used for nothing else."
)
State = Subscriber.State


INVALID_EMAIL = "Enter a valid e-mail address, like name@example.com."


def normalise_email(value: str) -> str:
    """Trim, lower-case and IDNA-encode an address; raise ValidationError if it is not one."""
    value = (value or "").strip()
    if len(value) > 254 or "@" not in value:
        raise ValidationError(INVALID_EMAIL)
    local, _, domain = value.rpartition("@")
    try:
        value = f"{local}@{domain.encode('idna').decode('ascii')}".lower()
        validate_email(value)
    except (UnicodeError, ValidationError) as error:
        raise ValidationError(INVALID_EMAIL) from error
    return value


def is_blocked(email: str) -> bool:
    domain = email.rpartition("@")[2]
    blocked = {item.lower().strip() for item in conf.get("BLOCKED_DOMAINS")}
    return any(domain == item or domain.endswith(f".{item}") for item in blocked)


def subscribe(*, email: str, newsletters: list[NewsletterList], source: str = "", consent_text: str = CONSENT_TEXT):
    """Record a public sign-up and send a confirmation link: the same outcome for any address.

    Lists the address already receives stay as they are; new ones wait for
    confirmation. At most RATE_LIMITS["newsletter-confirmations"] confirmation e-mails per address.
    """
    subscriber, wanted = _record_signup(email, newsletters, source, consent_text)
    if wanted and ratelimit.allow("newsletter-confirmations", email):
        tasks.send_confirmation.enqueue(subscriber.pk)
    return subscriber


@transaction.atomic
def _record_signup(email, newsletters, source, consent_text):
    try:
        with transaction.atomic():
            subscriber, _ = Subscriber.objects.get_or_create(
                email=email, defaults={"source": source[:200], "consent_text": consent_text}
            )
    except IntegrityError:  # the same address signed up in a parallel request
        subscriber = Subscriber.objects.get(email=email)
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.state in (State.UNSUBSCRIBED, State.BOUNCED):
        # Coming back: a fresh opt-in, recorded as such.
        subscriber.state = State.PENDING
        subscriber.source, subscriber.consent_text = source[:200], consent_text
        subscriber.save(update_fields=["state", "source", "consent_text"])
    existing = dict(subscriber.subscriptions.values_list("newsletter_id", "confirmed_at"))
    new = [Subscription(subscriber=subscriber, newsletter=item) for item in newsletters if item.pk not in existing]
    Subscription.objects.bulk_create(new, ignore_conflicts=True)
    unconfirmed = [item for item in newsletters if existing.get(item.pk) is None]
    needs_confirmation = subscriber.state == State.PENDING or bool(unconfirmed)
    return subscriber, needs_confirmation


class ConfirmResult:
    def __init__(self, subscriber, newsletters):
        self.subscriber = subscriber
        self.newsletters = newsletters


@transaction.atomic
def confirm(*, token: str) -> ConfirmResult:
    """Activate every list waiting for this address's confirmation. Raises tokens.InvalidLink."""
    subscriber = subscriber_from_confirm_token(token, lock=True)
    now = timezone.now()
    pending = subscriber.subscriptions.filter(confirmed_at__isnull=True)
    newsletters = [item.newsletter for item in pending.select_related("newsletter")]
    pending.update(confirmed_at=now)
    if subscriber.state != State.CONFIRMED:
        subscriber.state, subscriber.confirmed_at = State.CONFIRMED, now
        subscriber.save(update_fields=["state", "confirmed_at"])
    return ConfirmResult(subscriber, newsletters)


def subscriber_from_confirm_token(token: str, *, lock: bool = False) -> Subscriber:
    payload = tokens.read_confirm_token(token)
    queryset = Subscriber.objects.select_for_update() if lock else Subscriber.objects
    subscriber = queryset.filter(pk=_int(payload.get("s"))).first()
    if subscriber is None or subscriber.email != payload.get("e"):
        raise tokens.InvalidLink
    return subscriber


def subscriber_from_unsubscribe_token(token: str) -> tuple[Subscriber, NewsletterList | None]:
    payload = tokens.read_unsubscribe_token(token)
    subscriber = Subscriber.objects.filter(pk=_int(payload.get("s"))).first()
    if subscriber is None:
        raise tokens.InvalidLink
    newsletter = NewsletterList.objects.filter(pk=_int(payload.get("l"))).first() if "l" in payload else None
    return subscriber, newsletter


@transaction.atomic
def unsubscribe(*, subscriber: Subscriber, newsletter: NewsletterList | None = None) -> None:
    """Leave one list (or all of them, with newsletter=None); at once, and for good."""
    subscriptions = Subscription.objects.filter(subscriber=subscriber)
    if newsletter is not None:
        subscriptions = subscriptions.filter(newsletter=newsletter)
    subscriptions.delete()
    if not Subscription.objects.filter(subscriber=subscriber).exists() and subscriber.state != State.BOUNCED:
        Subscriber.objects.filter(pk=subscriber.pk).update(state=State.UNSUBSCRIBED, unsubscribed_at=timezone.now())


def mark_bounced(*, subscriber_id: int, reason: str) -> None:
    Subscriber.objects.filter(pk=subscriber_id).update(
        state=State.BOUNCED, bounced_at=timezone.now(), last_error=reason[:300]
    )


# Signed-in readers ---------------------------------------------------------


def subscriptions_for_user(user) -> dict[int, Subscription]:
    """This reader's subscriptions by list id, matched on the account's e-mail address."""
    email = user_email(user)
    if not email:
        return {}
    return {item.newsletter_id: item for item in Subscription.objects.filter(subscriber__email=email)}


@transaction.atomic
def set_user_lists(*, user, newsletters: list[NewsletterList], source: str = "account page") -> bool:
    """Make the reader's lists exactly `newsletters`. Returns True if a confirmation e-mail was sent.

    A verified account address needs no second opt-in; an unverified one is
    confirmed by e-mail like any sign-up.
    """
    email = user_email(user)
    if not email:
        return False
    verified = bool(getattr(user, "email_verified", False))
    subscriber, _ = Subscriber.objects.get_or_create(email=email, defaults={"consent_text": CONSENT_TEXT})
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    wanted = {item.pk for item in newsletters}
    Subscription.objects.filter(subscriber=subscriber).exclude(newsletter_id__in=wanted).delete()
    existing = set(subscriber.subscriptions.values_list("newsletter_id", flat=True))
    now = timezone.now()
    Subscription.objects.bulk_create(
        [
            Subscription(subscriber=subscriber, newsletter_id=pk, confirmed_at=now if verified else None)
            for pk in wanted - existing
        ]
    )
    if not wanted:
        if subscriber.state != State.BOUNCED:
            subscriber.state, subscriber.unsubscribed_at = State.UNSUBSCRIBED, now
        subscriber.save()
        return False
    if verified:
        subscriber.subscriptions.filter(confirmed_at__isnull=True).update(confirmed_at=now)
        subscriber.state, subscriber.consent_text, subscriber.source = State.CONFIRMED, CONSENT_TEXT, source
        subscriber.confirmed_at = subscriber.confirmed_at or now
        subscriber.save()
        return False
    if subscriber.state != State.CONFIRMED:
        subscriber.state = State.PENDING
        subscriber.save(update_fields=["state"])
    if subscriber.subscriptions.filter(confirmed_at__isnull=True).exists():
        transaction.on_commit(lambda: tasks.send_confirmation.enqueue(subscriber.pk))
        return True
    return False


def forget_deleted_account(sender, user, **kwargs) -> None:
    """A deleted account's address leaves every list at once (accounts' `account_deleting` signal).

    The subscriber row goes, and with it its subscriptions and its deliveries:
    those not sent yet are never sent, and the record of those sent goes too.
    """
    email = user_email(user)
    if email:
        Subscriber.objects.filter(email=email).delete()


def user_email(user) -> str:
    try:
        return normalise_email(getattr(user, "email", ""))
    except ValidationError:
        return ""


def _int(value) -> int | None:
    return value if isinstance(value, int) else None

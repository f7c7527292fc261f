"""CSV import and export of subscribers."""

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from journos.core.csv_safety import csv_writer, spreadsheet_safe
from journos.newsletter import services
from journos.newsletter.models import NewsletterList, Subscriber, Subscription

State = Subscriber.State
MAX_ROWS = 200_000
CHUNK = 500
LIST_SEPARATORS = re.compile(r"[;,|\s]+")
EXPORT_COLUMNS = [
    "email",
    "state",
    "lists",
    "created_at",
    "confirmed_at",
    "unsubscribed_at",
    "bounced_at",
    "source",
    "consent_text",
]


class ImportFileError(Exception):
    """The file as a whole cannot be read; nothing was imported."""


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row number, value, message)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)


def read_rows(data: bytes) -> tuple[list[str], list[dict]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError("The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again.") from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    headers = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    if "email" not in headers:
        raise ImportFileError("The first line must name the columns, with one called 'email'.")
    reader.fieldnames = headers
    try:
        rows = list(reader)
    except csv.Error as error:
        raise ImportFileError(f"The file is not valid CSV: {error}") from error
    if len(rows) > MAX_ROWS:
        raise ImportFileError(f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files.")
    return headers, rows


def import_subscribers(data: bytes, *, newsletters: list[NewsletterList], consent_text: str) -> ImportReport:
    """Add people who consented elsewhere as confirmed subscribers.

    Invalid and repeated rows are reported by row number and left out; people
    who unsubscribed or bounced are never re-added by an import.
    """
    _, rows = read_rows(data)
    report = ImportReport(rows=len(rows))
    by_slug = {item.slug: item for item in NewsletterList.objects.all()}
    wanted = _validate(rows, by_slug, {item.pk for item in newsletters}, report)
    with transaction.atomic():
        emails = list(wanted)
        for start in range(0, len(emails), CHUNK):
            _import_chunk({email: wanted[email] for email in emails[start : start + CHUNK]}, consent_text, report)
    return report


def _validate(rows, by_slug, default_ids, report) -> dict[str, tuple[int, set[int]]]:
    wanted, first_row = {}, {}
    for number, row in enumerate(rows, start=2):  # row 1 holds the column names
        raw = (row.get("email") or "").strip()
        try:
            email = services.normalise_email(raw)
        except ValidationError as error:
            report.errors.append((number, raw[:100], " ".join(error.messages)))
            continue
        if email in first_row:
            report.skipped.append((number, raw[:100], f"Repeats row {first_row[email]}."))
            continue
        slugs = [slug for slug in LIST_SEPARATORS.split(row.get("lists") or "") if slug]
        unknown = [slug for slug in slugs if slug not in by_slug]
        if unknown:
            report.errors.append((number, raw[:100], f"Unknown newsletter: {', '.join(unknown)}."))
            continue
        list_ids = default_ids | {by_slug[slug].pk for slug in slugs}
        if not list_ids:
            report.errors.append((number, raw[:100], "No newsletter chosen for this address."))
            continue
        first_row[email] = number
        wanted[email] = (number, list_ids)
    return wanted


def _import_chunk(wanted: dict[str, tuple[int, set[int]]], consent_text: str, report: ImportReport) -> None:
    now = timezone.now()
    existing = {subscriber.email: subscriber for subscriber in Subscriber.objects.filter(email__in=wanted)}
    for email, subscriber in existing.items():
        if subscriber.state in (State.UNSUBSCRIBED, State.BOUNCED):
            number = wanted[email][0]
            report.skipped.append((number, email, f"{subscriber.get_state_display()} earlier: not added again."))
    new = [
        Subscriber(
            email=email, state=State.CONFIRMED, confirmed_at=now, source="CSV import", consent_text=consent_text
        )
        for email in wanted
        if email not in existing
    ]
    Subscriber.objects.bulk_create(new)
    to_confirm = [s.pk for s in existing.values() if s.state == State.PENDING]
    Subscriber.objects.filter(pk__in=to_confirm).update(state=State.CONFIRMED, confirmed_at=now)
    report.created += len(new)
    report.updated += sum(1 for s in existing.values() if s.state in (State.PENDING, State.CONFIRMED))
    ids = dict(Subscriber.objects.filter(email__in=wanted, state=State.CONFIRMED).values_list("email", "pk"))
    subscriptions = [
        Subscription(subscriber_id=ids[email], newsletter_id=list_id, confirmed_at=now)
        for email, (_, list_ids) in wanted.items()
        if email in ids
        for list_id in list_ids
    ]
    Subscription.objects.bulk_create(subscriptions, ignore_conflicts=True)
    Subscription.objects.filter(subscriber_id__in=ids.values(), confirmed_at__isnull=True).update(confirmed_at=now)


# Export --------------------------------------------------------------------


class Echo:
    def write(self, value):
        return value


def export_rows(queryset):
    """CSV lines for the subscribers in `queryset`, streamed a chunk at a time."""
    writer = csv_writer(Echo())
    yield writer.writerow(EXPORT_COLUMNS)
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        lists: dict[int, list[str]] = {}
        for subscriber_id, slug in Subscription.objects.filter(
            subscriber_id__in=chunk, confirmed_at__isnull=False
        ).values_list("subscriber_id", "newsletter__slug"):
            lists.setdefault(subscriber_id, []).append(slug)
        for subscriber in Subscriber.objects.filter(pk__in=chunk).order_by("pk"):
            row = [
                subscriber.email,
                subscriber.state,
                ";".join(sorted(lists.get(subscriber.pk, []))),
                _iso(subscriber.created_at),
                _iso(subscriber.confirmed_at),
                _iso(subscriber.unsubscribed_at),
                _iso(subscriber.bounced_at),
                subscriber.source,
                subscriber.consent_text,
            ]
            yield writer.writerow([spreadsheet_safe(value) for value in row])


def _iso(moment) -> str:
    return moment.isoformat() if moment else ""

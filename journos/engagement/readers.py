"""Who is reading, without knowing who: bots and daily keyed hashes.

A reader is recognised within one day by an HMAC of (day, article, kind,
address, user agent) under a random key made for that day. The address is
never stored, and once a day's key is deleted its hashes can no longer be
linked to anyone, even by someone holding the database and SECRET_KEY.
"""

import hashlib
import hmac
import re
import secrets
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from journos.engagement.models import DailyKey

BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|archiver|scrap|facebookexternalhit|embedly|preview|headless|lighthouse|"
    r"pingdom|uptime|monitor|curl|wget|python|httpclient|okhttp|axios|node-fetch|go-http|java/|"
    r"feedfetcher|mediapartners|phantomjs|selenium|puppeteer|playwright",
    re.IGNORECASE,
)
USER_AGENT_MAX_LENGTH = 512

# This process's key for today, so counting a view reads no key from the database.
_key_memo: dict[date, bytes] = {}


def is_bot(user_agent: str) -> bool:
    """Crawlers, link previewers, monitors and scripts; an empty user agent counts as a bot."""
    return not user_agent.strip() or bool(BOT_PATTERN.search(user_agent))


def today() -> date:
    return timezone.localdate()


def daily_key(day: date) -> bytes:
    """The random key for `day`, made by whichever process needs it first."""
    if day not in _key_memo:
        key, created = _get_or_create_key(day)
        _key_memo.clear()
        _key_memo[day] = key.secret.encode()
        if created:
            from journos.engagement.tasks import prune_old_readers

            prune_old_readers.enqueue()
    return _key_memo[day]


def _get_or_create_key(day: date):
    try:
        with transaction.atomic():
            return DailyKey.objects.get_or_create(day=day, defaults={"secret": secrets.token_hex(32)})
    except IntegrityError:  # another process made it a moment ago
        return DailyKey.objects.get(day=day), False


def forget_keys() -> None:
    """Drop the in-process key (tests, and after old keys are pruned)."""
    _key_memo.clear()


def fingerprint(*, day: date, article_id: int, kind: str, address: str, user_agent: str) -> str:
    message = f"{day.isoformat()}|{article_id}|{kind}|{address}|{user_agent[:USER_AGENT_MAX_LENGTH]}"
    return hmac.new(daily_key(day), message.encode(), hashlib.sha256).hexdigest()

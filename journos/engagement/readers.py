"""Who is reading, without knowing who: bots and daily keyed hashes.

A reader is recognised within one day by an HMAC of (day, article, kind,
address, reader slot) under a random key made for that day. The slot is the
user agent hashed (under the same key) into one of
ENGAGEMENT_READERS_PER_ADDRESS slots: several browsers behind one office
address still count as several readers, but one address counts at most that
many times per article, kind and day however often it changes its user agent.
The address is never stored, and once a day's key is deleted its hashes can no
longer be linked to anyone, even by someone holding the database and SECRET_KEY.
"""

import hashlib
import hmac
import re
import secrets
from datetime import date

from django.conf import settings
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
    key = daily_key(day)
    slot = reader_slot(key, user_agent)
    message = f"{day.isoformat()}|{article_id}|{kind}|{address}|{slot}"
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def reader_slot(key: bytes, user_agent: str) -> int:
    """Which of the address's few reader slots this user agent falls in (keyed, so no one can pick one)."""
    digest = hmac.new(key, f"ua|{user_agent[:USER_AGENT_MAX_LENGTH]}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") % max(1, settings.ENGAGEMENT_READERS_PER_ADDRESS)

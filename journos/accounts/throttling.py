"""Who is asking, and how often: client address, per-account naming for django-axes,
and a small cache-based counter for the e-mails anyone can trigger."""

import hashlib

from django.conf import settings
from django.core.cache import cache

from journos.accounts.selectors import find_account


def client_ip(request) -> str:
    """The reader's address. Behind TRUSTED_PROXY_COUNT proxies, the address the first one saw.

    Each proxy appends the address it received the request from to
    X-Forwarded-For, so only the last TRUSTED_PROXY_COUNT entries can be
    trusted; anything to their left was written by the client.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def canonical_username(request, credentials=None) -> str:
    """Failures count against the account, whether the reader typed its username or its e-mail."""
    typed = (credentials or {}).get("username") or request.POST.get("username", "")
    account = find_account(typed)
    return account.username if account else typed.strip().lower()[:254]


def allow(scope: str, key: str, *, limit: int, period: int = 3600) -> bool:
    """Count one more request for (scope, key); False once more than `limit` came within `period` seconds."""
    digest = hashlib.sha256(key.strip().lower().encode()).hexdigest()
    cache_key = f"journos:throttle:{scope}:{digest}"
    cache.add(cache_key, 0, timeout=period)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the counter expired between add() and incr()
        cache.set(cache_key, 1, timeout=period)
        count = 1
    return count <= limit


def allow_account_email(request, scope: str, address: str) -> bool:
    """May this client make us send one more `scope` e-mail about `address` this hour?"""
    per_address = allow(scope, address, limit=settings.ACCOUNT_EMAILS_PER_HOUR)
    per_client = allow(f"{scope}:client", client_ip(request), limit=settings.ACCOUNT_EMAILS_PER_HOUR_PER_CLIENT)
    return per_address and per_client

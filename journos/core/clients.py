"""Who the client is: one address per request, read once from the proxies the site trusts.

Each reverse proxy appends the address it received the request from to
X-Forwarded-For. Behind deploy/'s chain (reader → nginx → Varnish → gunicorn)
the app sees "<whatever the reader sent>, <reader>, <nginx>" from REMOTE_ADDR
<Varnish>: with TRUSTED_PROXY_COUNT = 2 the reader is the second entry from the
right. Entries further left were written by the client and are ignored.

Every throttle, counter and django-axes reads the address through `client_ip`.
"""

import ipaddress

from django.conf import settings


class ClientAddressMiddleware:
    """Set `request.client_ip` once, before anything else needs it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.client_ip = address_of(request.META)
        return self.get_response(request)


def client_ip(request) -> str:
    """The client's address; computed here when the middleware has not run (django-axes in tests, say)."""
    address = getattr(request, "client_ip", None)
    if address is None:
        address = request.client_ip = address_of(request.META)
    return address


def address_of(meta) -> str:
    """The address the first trusted proxy saw; REMOTE_ADDR without proxies or without a usable header."""
    proxies = settings.TRUSTED_PROXY_COUNT
    remote_addr = meta.get("REMOTE_ADDR", "")
    if not proxies:
        return remote_addr
    forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:  # the request did not come through every proxy
        return remote_addr
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:  # not an address: a proxy is missing from the chain and the client wrote this
        return remote_addr

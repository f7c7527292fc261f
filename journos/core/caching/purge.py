"""The one purge step: stamp the changed tags (every app cache) and ban them in the caching proxies.

Proxies are listed in CACHE_PROXY_URLS (env FRONTEND_CACHE_URL, comma
separated). Each gets a `BAN` request whose `X-Cache-Tags` header lists the
tags, comma separated; deploy/varnish/default.vcl bans every stored page
whose own `X-Cache-Tags` (",tag,tag,") names one of them. A proxy that does not answer is logged and
skipped: its copies expire on their own (PAGE_CACHE_S_MAXAGE).
"""

import logging
import urllib.request

from django.conf import settings
from django.dispatch import Signal, receiver

from journos.core.caching.store import stamp

logger = logging.getLogger("journos.purge")

# Sent once the transaction that changed content commits, with `tags`: what changed.
content_changed = Signal()


@receiver(content_changed, dispatch_uid="journos-purge")
def purge(sender, tags, **kwargs) -> None:
    tags = sorted(set(tags))
    logger.info("Content changed: %s", " ".join(tags))
    stamp(tags)
    for proxy in settings.CACHE_PROXY_URLS:
        ban(proxy, tags)


def ban(proxy: str, tags: list[str]) -> None:
    request = urllib.request.Request(proxy, method="BAN", headers={"X-Cache-Tags": ",".join(tags)})
    try:
        with urllib.request.urlopen(request, timeout=settings.CACHE_PROXY_TIMEOUT) as response:
            response.read()
    except OSError:
        logger.exception("Could not ban %s at the caching proxy %s", " ".join(tags), proxy)

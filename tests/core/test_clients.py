"""Who the client is behind deploy/'s proxies: one address per request, from TRUSTED_PROXY_COUNT.

deploy/'s chain is reader → nginx → Varnish → gunicorn. nginx appends the reader's address to
X-Forwarded-For, Varnish appends nginx's (127.0.0.1), and gunicorn sees Varnish as REMOTE_ADDR.
"""

from django.http import HttpResponse
from django.test import RequestFactory

import pytest

from journos.core.clients import ClientAddressMiddleware, client_ip

READER = "203.0.113.7"
LOOPBACK = "127.0.0.1"


def through_deploys_chain(reader=READER, sent_by_reader=""):
    """The headers gunicorn gets behind nginx → Varnish (a reader may send an X-Forwarded-For of their own)."""
    forwarded = ", ".join(part for part in (sent_by_reader, reader, LOOPBACK) if part)
    return {"REMOTE_ADDR": LOOPBACK, "HTTP_X_FORWARDED_FOR": forwarded}


def address(**meta):
    return client_ip(RequestFactory().get("/", **meta))


@pytest.fixture
def behind_deploys_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 2


def test_behind_deploys_chain_the_client_is_the_reader(behind_deploys_proxies):
    assert address(**through_deploys_chain()) == READER


def test_an_address_the_reader_wrote_is_ignored(behind_deploys_proxies):
    assert address(**through_deploys_chain(sent_by_reader="198.51.100.66")) == READER
    assert address(**through_deploys_chain(sent_by_reader="1.1.1.1, 8.8.8.8")) == READER


def test_a_request_that_skipped_a_proxy_is_its_remote_address(behind_deploys_proxies):
    # Straight to Varnish (a health probe from the machine itself): only one entry.
    assert address(REMOTE_ADDR=LOOPBACK, HTTP_X_FORWARDED_FOR="10.0.0.5") == LOOPBACK
    assert address(REMOTE_ADDR="192.0.2.1") == "192.0.2.1"


def test_an_entry_that_is_not_an_address_is_never_used(behind_deploys_proxies):
    assert address(REMOTE_ADDR=LOOPBACK, HTTP_X_FORWARDED_FOR="<script>, 127.0.0.1") == LOOPBACK
    assert address(REMOTE_ADDR=LOOPBACK, HTTP_X_FORWARDED_FOR="2001:DB8::0:1, 127.0.0.1") == "2001:db8::1"


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert address(**through_deploys_chain()) == LOOPBACK


def test_the_middleware_sets_the_address_once_for_everyone(behind_deploys_proxies):
    seen = {}

    def view(request):
        seen["attribute"], seen["function"] = request.client_ip, client_ip(request)
        return HttpResponse()

    ClientAddressMiddleware(view)(RequestFactory().get("/", **through_deploys_chain()))
    assert seen == {"attribute": READER, "function": READER}


def test_the_site_is_configured_with_the_middleware_near_the_top(settings):
    # Right after the page cache (a cached page needs no client address), before sessions, auth and axes.
    middleware = settings.MIDDLEWARE
    client_address = middleware.index("journos.core.clients.ClientAddressMiddleware")
    assert client_address == middleware.index("journos.core.caching.page_cache.PageCacheMiddleware") + 1
    assert client_address < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert settings.AXES_CLIENT_IP_CALLABLE == "journos.core.clients.client_ip"

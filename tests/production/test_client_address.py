"""The client address through the real chain of deploy/: nginx → Varnish → gunicorn, on loopback.

nginx runs deploy/nginx/journos.conf's `location /` block (over plain HTTP), Varnish deploy/'s VCL,
gunicorn the production settings with .env.example's TRUSTED_PROXY_COUNT. Each reader connects from
their own loopback address (127.0.0.N), which is what nginx sees as the client.
"""

import http.client
import re
from urllib.parse import urlencode

import pytest

from journos.newsletter.factories import NewsletterListFactory
from tests.production import servers
from tests.utils import make_site

pytestmark = [pytest.mark.redis, pytest.mark.varnish]


def env_example(name: str) -> str:
    """The one value .env.example gives `name`."""
    values = re.findall(rf"^{name}=(.*)$", (servers.REPO / ".env.example").read_text(), flags=re.MULTILINE)
    assert len(values) == 1, f".env.example should set {name} once, not {len(values)} times"
    return values[0]


def deploys_proxy_block(varnish_port: int) -> str:
    """The `location /` block of deploy/nginx/journos.conf, sending to our Varnish."""
    conf = (servers.REPO / "deploy/nginx/journos.conf").read_text()
    block = re.search(r"^    location / \{\n.*?^    \}\n", conf, flags=re.MULTILINE | re.DOTALL)[0]
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in block
    return block.replace("http://127.0.0.1:6081", f"http://127.0.0.1:{varnish_port}")


def sign_up(port: int, reader: str, email: str, forged: str = "") -> int:
    """POST the newsletter form from the reader's own address (forging an X-Forwarded-For if asked)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(reader, 0))
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if forged:
        headers["X-Forwarded-For"] = forged
    body = urlencode({"email": email, "lists": "morning", "website": ""})
    try:
        connection.request("POST", "/newsletter/subscribe/", body=body, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def test_behind_deploys_proxies_every_reader_has_their_own_sign_up_limit(start_stack):
    make_site()  # the answer pages carry the site's header and footer
    NewsletterListFactory(name="Morning briefing", slug="morning")
    proxies = env_example("TRUSTED_PROXY_COUNT")
    stack = start_stack(
        worker=False, TRUSTED_PROXY_COUNT=proxies, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
    )
    nginx, port = servers.start_nginx(deploys_proxy_block(int(stack.proxy.rsplit(":", 1)[1])))
    stack.processes.append(nginx)
    limit = 10  # RATE_LIMITS["newsletter-signups"] by default

    readers = [f"127.0.0.{number}" for number in range(2, limit + 4)]
    statuses = [sign_up(port, reader, f"reader{number}@example.com") for number, reader in enumerate(readers)]
    assert statuses == [302] * len(readers), "readers behind the proxies must not share one limit"

    # One reader's own limit holds, whatever address they claim in front of theirs.
    ana = readers[0]
    statuses = [sign_up(port, ana, f"ana{number}@example.com", forged=f"192.0.2.{number}") for number in range(limit)]
    assert statuses == [302] * (limit - 1) + [429]
    assert sign_up(port, readers[1], "ben-again@example.com") == 302

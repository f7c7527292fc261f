"""Account tests: a real SMTP server (aiosmtpd) in the test process, and a few readers."""

import re
import socket
from email import message_from_bytes, policy
from urllib.parse import urlsplit

from django.contrib.auth.models import Group

import pytest
from aiosmtpd.controller import Controller

from journos.core.groups import ensure_newsroom_groups
from tests.utils import make_site

PASSWORD = "a-long-and-unusual-passphrase"
SITE_URL = "https://news.example.org"


class Mailbox:
    """An aiosmtpd handler keeping every message it receives, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"

    def to(self, address: str) -> list:
        return [message for message in self.messages if message["To"] == address]

    def only(self, address: str):
        messages = self.to(address)
        assert len(messages) == 1, f"expected one message to {address}, got {len(messages)}"
        return messages[0]


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def links_in(message) -> list[str]:
    return re.findall(r"https?://[^\s\"<>]+", text_of(message))


def site_link(message) -> str:
    """The one account link in the message, as a path the test client can follow."""
    links = [link for link in links_in(message) if "/account/" in link and link.rstrip("/") != SITE_URL]
    links = [link for link in links if not link.endswith(("/account/login/", "/account/password/reset/"))]
    assert len(links) == 1, links
    assert links[0].startswith(SITE_URL + "/"), links[0]
    parts = urlsplit(links[0])
    return parts.path + (f"?{parts.query}" if parts.query else "")


def free_port() -> int:
    # aiosmtpd's Controller cannot take port 0 (it connects to the port to see it is up).
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mailbox(settings):
    """Send e-mail over real SMTP to a server in this process; links are built from SITE_URL."""
    handler = Mailbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = SITE_URL
    yield handler
    controller.stop()


@pytest.fixture(autouse=True)
def site(db):
    return make_site()


@pytest.fixture
def groups(site):
    ensure_newsroom_groups()


@pytest.fixture
def make_staff(groups, make_reader):
    """A staff member in one of the newsroom's groups, e.g. make_staff("Editors", "eve")."""

    def make(group_name, username=None):
        username = username or group_name.lower()
        user = make_reader(username=username, email=f"{username}@newsroom.example")
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def make_reader(django_user_model):
    def make(username="ana", email="ana@example.org", password=PASSWORD, **extra):
        extra.setdefault("email_verified", True)
        return django_user_model.objects.create_user(username=username, email=email, password=password, **extra)

    return make


@pytest.fixture
def reader(make_reader):
    return make_reader()


def login(client, identifier, password=PASSWORD, data=None, **request_extra):
    """POST the login form; `data` adds fields (next, remember_me), keywords set request META."""
    fields = {"username": identifier, "password": password, **(data or {})}
    return client.post("/account/login/", fields, **request_extra)

"""A real SMTP server (aiosmtpd) inside the tests, on a free port."""

import pytest

from tests.smtp import SMTPServer, use_smtp


@pytest.fixture
def smtp(settings):
    """Django sends through a real SMTP server; read what it got from `smtp.mailbox`."""
    server = SMTPServer()
    server.start()
    use_smtp(settings, server.port)
    settings.NEWSLETTER_SEND_RATE = 0
    yield server
    server.stop()


@pytest.fixture
def newsletter(db):
    from journos.newsletter.factories import NewsletterListFactory

    return NewsletterListFactory(name="Morning briefing", slug="morning", frequency="Every weekday at 7am")


@pytest.fixture(autouse=True)
def no_throttle(settings):
    """Tests send as fast as they can; the throttle has its own test."""
    settings.NEWSLETTER_SEND_RATE = 0

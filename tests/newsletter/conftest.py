"""Newsletter tests: a list to send to, and no send throttle (the `smtp` server is in tests/conftest.py)."""

import pytest


@pytest.fixture
def newsletter(db):
    from journos.newsletter.factories import NewsletterListFactory

    return NewsletterListFactory(name="Morning briefing", slug="morning", frequency="Every weekday at 7am")


@pytest.fixture(autouse=True)
def no_throttle(settings):
    """Tests send as fast as they can; the throttle has its own test."""
    settings.NEWSLETTER_SEND_RATE = 0

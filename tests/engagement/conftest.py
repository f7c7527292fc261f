import os

import pytest

from journos.engagement import readers
from journos.news.factories import ArticlePageFactory, SectionPageFactory

BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(autouse=True)
def fresh_daily_key():
    """Each test makes its own day key, as a fresh process would."""
    readers.forget_keys()
    yield
    readers.forget_keys()


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, title="Politics")


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="Budget vote delayed")


@pytest.fixture
def redis_buffer(settings):
    """Counting through Redis (db from TEST_REDIS_URL), under a prefix of its own that is wiped after."""
    import redis

    client = redis.Redis.from_url(TEST_REDIS_URL)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"Redis is not reachable at {TEST_REDIS_URL}")
    prefix = f"journos-test:{os.getpid()}:engagement:"
    settings.REDIS_URL = TEST_REDIS_URL
    settings.ENGAGEMENT_REDIS_PREFIX = prefix

    def wipe():
        keys = list(client.scan_iter(match=f"{prefix}*"))
        if keys:
            client.delete(*keys)

    wipe()
    yield client
    wipe()


def make_article(parent, **kwargs):
    """An article without a featured image (faster), unless one is given."""
    kwargs.setdefault("featured_image", None)
    return ArticlePageFactory(parent=parent, **kwargs)


def count(article, amount, *, kind="view", days_ago=0):
    """Record `amount` views (or shares) of `article`, `days_ago` days ago."""
    from datetime import timedelta

    from journos.engagement import services

    day = readers.today() - timedelta(days=days_ago)
    services.add_counts(article_id=article.pk, day=day, kind=kind, amount=amount)

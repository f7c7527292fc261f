import pytest

from journos.comments.factories import ReaderFactory
from journos.news.factories import ArticlePageFactory

PASSWORD = "a-long-and-unusual-passphrase"


@pytest.fixture(autouse=True)
def trusted_readers(settings):
    """Readers' comments are published at once here; tests of moderation (test_moderation_*.py) set their own."""
    settings.COMMENTS_TRUSTED_AFTER = 0
    settings.COMMENTS_NEW_ACCOUNT_HOURS = 0


@pytest.fixture
def article(politics):
    return ArticlePageFactory(parent=politics, title="Harbour talks resume")


@pytest.fixture
def reader(db):
    return ReaderFactory(username="ada", first_name="Ada")


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client

import pytest

from journos.comments.factories import ReaderFactory
from journos.news.factories import ArticlePageFactory

PASSWORD = "a-long-and-unusual-passphrase"


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

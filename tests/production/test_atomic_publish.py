"""Publishing is atomic: a process killed in the middle of it leaves the page as it was.

Wagtail's page editor does not publish in one transaction by itself;
journos/urls.py wraps every admin view in transaction.atomic. Here another
process edits and publishes the article through the admin's edit view and is
killed (SIGKILL) right after the page row is written, before the log entry,
search index and purges: nothing of it stays, not even the new revision.
"""

import json

import pytest

from journos.news.models import ArticlePage
from tests.production import servers

# Other processes must see the draft, so this test commits.
pytestmark = pytest.mark.django_db(transaction=True)

PUBLISH_THROUGH_THE_ADMIN = """
import os, signal
from django.test import Client
from wagtail.signals import page_published
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from journos.accounts.models import User
from journos.news.models import ArticlePage

article = ArticlePage.objects.get(slug="summit")
editor = User.objects.create_superuser("editor", "editor@example.org", "pw-editor-123")
authors = list(article.article_authors.all())
form = nested_form_data({{
    "title": "Summit ends with a deal",
    "slug": article.slug,
    "standfirst": article.standfirst,
    "article_authors": inline_formset(
        [{{"id": link.pk, "author": link.author_id}} for link in authors], initial=len(authors), min=1
    ),
    "featured_image": article.featured_image_id,
    "body": streamfield([("paragraph", rich_text("<p>The leaders agreed at dawn.</p>"))]),
    "tags": "summit",
    "related_pins": inline_formset([]),
    "article_type": "news",
    "corrections": inline_formset([]),
    "comments": inline_formset([]),
    "action-publish": "action-publish",
}})
form["extra_categories"] = [section.pk for section in article.extra_categories.all()]
if {crash}:
    # page_published is sent once the page row says "live, new revision": die right there.
    page_published.connect(lambda **kwargs: os.kill(os.getpid(), signal.SIGKILL), weak=False)
client = Client()
client.force_login(editor)
response = client.post(f"/admin/pages/{{article.pk}}/edit/", form)
print("finished", response.status_code)
"""

SHOW_ARTICLE = """
import json
from wagtail.models import PageLogEntry
from journos.news.models import ArticlePage
article = ArticlePage.objects.get(slug="summit")
print(json.dumps({
    "title": article.title,
    "live_revision": article.live_revision_id,
    "revisions": article.revisions.count(),
    "publish_log_entries": PageLogEntry.objects.filter(page=article, action="wagtail.publish").count(),
}))
"""


@pytest.fixture
def published(newsroom, tmp_path):
    """The article as published through Wagtail, and an environment for other processes to see it."""
    from django.db import connection

    article = ArticlePage.objects.get(pk=newsroom["article"].pk)
    article.save_revision().publish()

    env = servers.production_env(
        database_url=servers.shared_database_url(connection, tmp_path),
        redis_url="redis://127.0.0.1:1/0",  # no cache needed: it fails open
        prefix="atomic",
        workdir=tmp_path,
        static_root=tmp_path,
    )
    env.update(ALLOWED_HOSTS="testserver", TASK_BACKEND="immediate")
    return article, env


def article_state(env) -> dict:
    result = servers.run_django(SHOW_ARTICLE, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_a_publish_killed_half_way_leaves_the_page_as_it_was(published):
    article, env = published
    before = article_state(env)

    killed = servers.run_django(PUBLISH_THROUGH_THE_ADMIN.format(crash=True), env)

    assert killed.returncode == -9, killed.stdout + killed.stderr
    assert article_state(env) == before
    assert before["title"] == "Summit ends without deal"


def test_the_same_publish_not_killed_goes_through(published):
    article, env = published
    before = article_state(env)

    finished = servers.run_django(PUBLISH_THROUGH_THE_ADMIN.format(crash=False), env)

    assert finished.returncode == 0, finished.stderr
    assert "finished 302" in finished.stdout  # the edit form was accepted
    after = article_state(env)
    assert after["title"] == "Summit ends with a deal"
    assert after["live_revision"] != before["live_revision"]
    assert after["publish_log_entries"] == before["publish_log_entries"] + 1

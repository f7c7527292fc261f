"""Old addresses keep working: slug changes and moves leave permanent redirects; editors import more."""

from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.contrib.redirects.models import Redirect
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

pytestmark = pytest.mark.django_db

OLD_URL = "/politics/diplomacy/treaty-talks/"


@pytest.fixture
def editor(client, django_user_model, home):
    user = django_user_model.objects.create_user(username="editor", email="editor@example.org", password="pw")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def edit_form(article, **changes):
    data = {
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": streamfield([("paragraph", rich_text("<p>Talks resumed on Monday.</p>"))]),
        "article_authors": inline_formset([{"author": author.pk} for author in article.authors]),
        "related_pins": inline_formset([]),
        "article_type": "news",
        "corrections": inline_formset([]),
        "tags": "treaties",
        "action-publish": "action-publish",
    }
    return nested_form_data({**data, **changes})


def assert_permanent_redirect(client, old_url, new_url):
    response = client.get(old_url)
    assert response.status_code == 301, response.status_code
    assert response["Location"] in (new_url, f"http://testserver{new_url}")
    assert client.get(new_url).status_code == 200


def test_changing_the_slug_in_the_admin_leaves_a_permanent_redirect(
    client, editor, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{article.pk}/edit/", edit_form(article, slug="geneva-talks"))
    assert response.status_code == 302
    client.logout()
    assert_permanent_redirect(client, OLD_URL, "/politics/diplomacy/geneva-talks/")


def test_moving_an_article_in_the_admin_leaves_a_permanent_redirect(client, editor, article, world):
    response = client.post(f"/admin/pages/{article.pk}/move/{world.pk}/confirm/")
    assert response.status_code == 302
    client.logout()
    assert_permanent_redirect(client, OLD_URL, "/world/treaty-talks/")


def test_renaming_a_section_redirects_every_article_in_it(
    client, article, diplomacy, django_capture_on_commit_callbacks
):
    diplomacy.slug = "foreign-affairs"
    with django_capture_on_commit_callbacks(execute=True):
        diplomacy.save_revision().publish()
    assert_permanent_redirect(client, "/politics/diplomacy/", "/politics/foreign-affairs/")
    assert_permanent_redirect(client, OLD_URL, "/politics/foreign-affairs/treaty-talks/")


def test_redirects_are_imported_in_bulk_from_a_csv_file(client, article, home, tmp_path):
    """As documented in the README: old paths in the first column, full new addresses in the second."""
    source = tmp_path / "redirects.csv"
    source.write_text(
        "from,to\n"
        "/2019/05/old-story.html,https://news.example.org/politics/diplomacy/treaty-talks/\n"
        "/old-world/,https://news.example.org/world/\n"
    )
    site = str(home.get_site().pk)
    call_command("import_redirects", "--src", str(source), "--site", site, "--dry-run", stdout=StringIO())
    assert not Redirect.objects.exists()
    call_command("import_redirects", "--src", str(source), "--site", site, stdout=StringIO())
    assert Redirect.objects.filter(is_permanent=True).count() == 2
    response = client.get("/2019/05/old-story.html")
    assert response.status_code == 301
    assert response["Location"] == "https://news.example.org/politics/diplomacy/treaty-talks/"


def test_editors_can_manage_and_import_redirects(client, editor):
    assert client.get("/admin/redirects/").status_code == 200
    assert client.get("/admin/redirects/add/").status_code == 200
    assert client.get("/admin/redirects/import/").status_code == 200


def test_editors_set_the_logo_and_default_share_image(client, editor, home):
    response = client.get(f"/admin/settings/core/sitesettings/{home.get_site().pk}/")
    assert response.status_code == 200
    assert b'name="logo"' in response.content
    assert b'name="share_image"' in response.content

"""The index follows publishing with no manual step: publish, edit, unpublish, delete."""

from wagtail.search.models import IndexEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from journos.news.models import ArticlePage
from journos.search.selectors import find_articles, search_terms


def found(query):
    return [article.title for article in find_articles(terms=search_terms(query)).results]


def live_titles(client, query):
    return [result["title"] for result in client.get("/search/live/", {"q": query}).json()["results"]]


@pytest.fixture
def draft(make_article):
    return make_article(title="Glacier retreat measured", live=False, first_published_at=None)


def test_publishing_a_draft_makes_it_findable_with_its_authors_and_tags(draft, author):
    assert found("glacier") == []
    draft.article_authors.create(author=author)  # in memory until the publish saves the page
    draft.tags.add("meltwater")
    draft.save_revision().publish()
    assert found("glacier") == ["Glacier retreat measured"]
    assert found("meltwater") == ["Glacier retreat measured"]
    assert found("Quillon") == ["Glacier retreat measured"]


def test_an_edit_that_only_changes_tags_reaches_the_index(make_article):
    article = make_article(title="Glacier retreat measured", tags=["ice"])
    article.tags.set(["meltwater"])
    article.save_revision().publish()
    assert found("meltwater") == ["Glacier retreat measured"]
    assert found("ice") == []


def test_a_published_edit_replaces_the_old_text(make_article, client):
    article = make_article(title="Glacier retreat measured", standfirst="New figures from the survey.")
    article.title = "Ice sheet shrinks again"
    article.save_revision().publish()
    assert found("glacier") == []
    assert found("sheet") == ["Ice sheet shrinks again"]
    assert live_titles(client, "ice sheet") == ["Ice sheet shrinks again"]


def test_a_draft_edit_leaves_the_published_text_searchable(make_article):
    article = make_article(title="Glacier retreat measured", standfirst="New figures from the survey.")
    article.title = "Ice sheet shrinks again"
    article.save_revision()  # saved, not published
    assert found("glacier") == ["Glacier retreat measured"]
    assert found("sheet") == []


def test_unpublishing_removes_it_from_results_and_the_dropdown(make_article, client):
    article = make_article(title="Glacier retreat measured")
    article.unpublish()
    assert found("glacier") == []
    assert live_titles(client, "glacier") == []
    assert "No articles match" in client.get("/search/", {"q": "glacier"}).content.decode()


def test_deleting_removes_it_from_the_index(make_article):
    article = make_article(title="Glacier retreat measured")
    entries = IndexEntry.objects.filter(object_id=str(article.pk))
    assert entries.exists()
    article.delete()
    assert not entries.exists()
    assert found("glacier") == []


def test_publishing_through_the_admin_editor_indexes_title_authors_and_tags(
    client, make_article, author, django_user_model
):
    article = make_article(title="Glacier retreat measured", authors=[author])
    client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "pw-12345678"))
    form = nested_form_data(
        {
            "title": "Ice sheet shrinks again",
            "slug": article.slug,
            "standfirst": "Satellite data shows another record low.",
            "article_authors": inline_formset([{"author": author.pk}]),
            "featured_image": article.featured_image_id,
            "body": streamfield([("paragraph", rich_text("<p>Measurements from the survey.</p>"))]),
            "source_name": "",
            "source_title": "",
            "source_url": "",
            "tags": "meltwater, polar",
            "related_pins": inline_formset([]),
            "article_type": "news",
            "corrections": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            "action-publish": "publish",
        }
    )
    response = client.post(f"/admin/pages/{article.pk}/edit/", form)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert ArticlePage.objects.get(pk=article.pk).title == "Ice sheet shrinks again"
    assert found("sheet") == ["Ice sheet shrinks again"]
    assert found("meltwater") == ["Ice sheet shrinks again"]
    assert found("Quillon") == ["Ice sheet shrinks again"]
    assert found("glacier") == []


def test_an_author_published_under_a_new_name_finds_their_stories_by_it(make_article, author):
    make_article(title="Glacier retreat measured", authors=[author])
    make_article(title="Unrelated story")
    author.title = "Marta Ostrova"
    author.save_revision().publish()
    assert found("Ostrova") == ["Glacier retreat measured"]
    assert found("Quillon") == []


def test_a_draft_of_an_author_rename_changes_nothing_yet(make_article, author):
    make_article(title="Glacier retreat measured", authors=[author])
    author.title = "Marta Ostrova"
    author.save_revision()
    assert found("Quillon") == ["Glacier retreat measured"]
    assert found("Ostrova") == []


def test_a_renamed_section_finds_the_stories_filed_under_it_and_its_subsections(make_article, science, politics):
    from journos.news.factories import SectionPageFactory

    oceans = SectionPageFactory(parent=science, title="Oceans")
    make_article(title="Glacier retreat measured", parent=oceans)
    make_article(title="Walrus count", parent=politics, extra_categories=[science])
    make_article(title="Budget vote", parent=politics)
    science.title = "Discovery"
    science.save_revision().publish()
    assert set(found("discovery")) == {"Glacier retreat measured", "Walrus count"}
    assert found("science") == []


def test_a_renamed_or_deleted_tag_reaches_the_articles_index_entries(make_article):
    from taggit.models import Tag

    make_article(title="Glacier retreat measured", tags=["ice"])
    tag = Tag.objects.get(name="ice")
    tag.name = "meltwater"
    tag.save()
    assert found("meltwater") == ["Glacier retreat measured"]
    assert found("ice") == []
    tag.delete()
    assert found("meltwater") == []
    assert found("glacier") == ["Glacier retreat measured"]


def test_renaming_enqueues_one_task_for_the_worker(make_article, author, settings):
    from django_tasks import task_backends

    for number in range(3):
        make_article(title=f"Story {number}", authors=[author])
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    queued = task_backends["default"].results

    def reindexing():
        return [(result.task.name, result.kwargs) for result in queued if result.task.name == "reindex_articles"]

    author.save_revision().publish()  # no rename: nothing to do
    assert reindexing() == []
    author.title = "Marta Ostrova"
    author.save_revision().publish()
    assert reindexing() == [("reindex_articles", {"author_id": author.pk})]

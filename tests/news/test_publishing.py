"""Scheduled publishing and the review workflow for reporters."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest
import time_machine

from journos.news.factories import ArticlePageFactory
from journos.news.models import ArticlePage

pytestmark = pytest.mark.django_db


def staff_member(django_user_model, group_name):
    user = django_user_model.objects.create_user(
        username=group_name.lower(), password="pw", email=f"{group_name}@x.org"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_scheduled_article_goes_live_when_its_time_comes(client, politics):
    article = ArticlePageFactory(parent=politics, title="Embargoed report", live=False, first_published_at=None)
    go_live = timezone.now() + timedelta(hours=2)
    article.go_live_at = go_live
    article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live
    assert client.get(article.url).status_code == 404

    call_command("publish_scheduled")  # before the time: nothing happens
    article.refresh_from_db()
    assert not article.live

    with time_machine.travel(go_live + timedelta(minutes=1)):
        call_command("publish_scheduled")
    article.refresh_from_db()
    assert article.live
    assert b"Embargoed report" in client.get(article.url).content


def test_scheduled_unpublishing_takes_an_article_down(politics):
    article = ArticlePageFactory(parent=politics, expire_at=timezone.now() + timedelta(hours=1))
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        call_command("publish_scheduled")
    article.refresh_from_db()
    assert not article.live and article.expired


def test_reporter_cannot_publish_but_can_submit_for_review(client, politics, author, django_user_model):
    reporter = staff_member(django_user_model, "Reporters")
    article = ArticlePageFactory(parent=politics, title="Original")
    client.force_login(reporter)
    edit_url = f"/admin/pages/{article.pk}/edit/"
    assert client.get(edit_url).status_code == 200

    form = nested_form_data(
        {
            "title": "Reporter's version",
            "slug": article.slug,
            "standfirst": "Standfirst.",
            "body": streamfield([("paragraph", rich_text("<p>Filed from the scene.</p>"))]),
            "article_authors": inline_formset([{"author": author.pk}]),
            "related_pins": inline_formset([]),
            "article_type": "news",
            "corrections": inline_formset([]),
            "tags": "",
        }
    )
    client.post(edit_url, {**form, "action-publish": "publish"})
    article.refresh_from_db()
    assert article.title == "Original"  # publishing is refused for reporters

    client.post(edit_url, {**form, "action-submit": "submit"})
    state = WorkflowState.objects.get(object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.specific.groups.filter(name="Moderators").exists()


def test_moderator_approval_publishes_the_submitted_version(client, politics, django_user_model):
    reporter = staff_member(django_user_model, "Reporters")
    moderator = staff_member(django_user_model, "Moderators")
    article = ArticlePageFactory(parent=politics, title="Original")
    article.title = "Reviewed version"
    revision = article.save_revision(user=reporter)
    workflow = article.get_workflow()
    workflow.start(article, reporter)
    task_state = WorkflowState.objects.get(object_id=str(article.pk)).current_task_state

    client.force_login(moderator)
    response = client.post(f"/admin/pages/workflow/action/{article.pk}/approve/{task_state.pk}/", {"comment": "Fine."})
    assert response.status_code in (200, 302)
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live_revision_id == revision.pk
    assert article.title == "Reviewed version"

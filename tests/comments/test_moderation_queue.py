"""The admin's Comments queue: what moderators see and decide, and what it answers to bad requests."""

from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone

from wagtail.models import GroupPagePermission

import pytest

from journos.comments.models import Comment, CommenterStatus, CommentReport
from journos.core.groups import ensure_newsroom_groups
from journos.news.factories import ArticlePageFactory, SectionPageFactory
from tests.comments.moderation_helpers import make_article, make_comment, make_reader

pytestmark = pytest.mark.django_db

QUEUE, DECIDE = "/admin/comments/", "/admin/comments/decide/"
PENDING, APPROVED, REJECTED = Comment.Status.PENDING, Comment.Status.APPROVED, Comment.Status.REJECTED


@pytest.fixture
def article(politics):
    return make_article(politics)


@pytest.fixture
def moderator(home, django_user_model):
    ensure_newsroom_groups()
    user = django_user_model.objects.create_user("mo", "mo@newsroom.example", "pw", first_name="Mo", last_name="Dean")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def client_as_moderator(client, moderator):
    client.force_login(moderator)
    return client


def said(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    """The messages this response queued (not those left from earlier ones)."""
    return [str(message) for message in response.wsgi_request._messages._queued_messages]


def test_the_queue_shows_pending_comments_with_article_author_and_reports(client_as_moderator, article):
    reader = make_reader("ada")
    waiting = make_comment(article, reader, "First time <b>here</b>!")
    reported = make_comment(article, make_reader("bob"), "You lot are idiots.", status=APPROVED)
    CommentReport.objects.create(comment=reported, reporter=reader, reason="abuse", note="Insults")
    make_comment(article, reader, "Old and approved.", status=APPROVED)

    page = said(client_as_moderator.get(QUEUE))
    assert "First time &lt;b&gt;here&lt;/b&gt;!" in page  # escaped, never markup
    assert "You lot are idiots." not in page  # approved: not in the pending tab
    assert "Budget vote tonight" in page and f"{article.url}#comment-{waiting.pk}" in page
    assert f"?author={reader.pk}&amp;status=all" in page
    assert 'Pending <span class="w-status">1</span>' in page
    assert 'Reported <span class="w-status">1</span>' in page

    reported_tab = said(client_as_moderator.get(QUEUE + "?status=reported"))
    assert "You lot are idiots." in reported_tab
    assert "1 report: Abusive or hateful" in reported_tab

    by_ada = said(client_as_moderator.get(f"{QUEUE}?author={reader.pk}&status=all"))
    assert "First time" in by_ada and "Old and approved." in by_ada and "idiots" not in by_ada
    assert "Ban Ada from commenting" in by_ada


def test_bulk_approve_and_reject(client_as_moderator, article, moderator):
    first, second, third = (make_comment(article, make_reader(f"r{n}"), f"Comment {n}") for n in range(3))
    response = client_as_moderator.post(
        DECIDE, {"action": "approve", "comment": [first.pk, second.pk], "next": QUEUE + "?status=pending"}
    )
    assert response.status_code == 302 and response["Location"] == QUEUE + "?status=pending"
    assert messages_of(response) == ["2 comments approved."]
    response = client_as_moderator.post(DECIDE, {"action": "reject", "comment": [third.pk]})
    assert messages_of(response) == ["1 comment rejected."]
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses == {first.pk: APPROVED, second.pk: APPROVED, third.pk: REJECTED}
    assert CommenterStatus.objects.get(user=first.author).approved_count == 1
    assert Comment.objects.get(pk=first.pk).moderated_by == moderator


def test_a_comments_page_shows_its_history_and_reports(client_as_moderator, article):
    comment = make_comment(article, make_reader("ada"), "Reported then approved.", status=APPROVED)
    CommentReport.objects.create(comment=comment, reporter=make_reader("bob"), reason="spam", note="An advert")
    client_as_moderator.post(DECIDE, {"action": "reject", "comment": [comment.pk]})
    client_as_moderator.post(DECIDE, {"action": "approve", "comment": [comment.pk]})
    page = said(client_as_moderator.get(f"/admin/comments/{comment.pk}/"))
    assert "Spam or advertising</strong> — “An advert” (decided)" in page
    assert page.index("Comment rejected by Mo Dean") < page.index("Comment approved by Mo Dean")


def test_a_comments_history_keeps_the_text_before_each_edit(client_as_moderator, article):
    reader = make_reader("ada")
    comment = make_comment(article, reader, "Teh minister lied.", status=APPROVED)
    reader_client = Client()
    reader_client.force_login(reader)
    assert reader_client.post(f"/comments/{comment.pk}/edit/", {"body": "The minister misspoke."}).status_code == 302
    page = said(client_as_moderator.get(f"/admin/comments/{comment.pk}/"))
    assert "The minister misspoke." in page
    assert "Comment edited by its author" in page
    assert "The text before</summary>" in page and "Teh minister lied." in page


def test_banning_and_lifting_a_ban(client_as_moderator, article):
    reader = make_reader("ada")
    url = f"/admin/comments/readers/{reader.pk}/ban/"
    tomorrow = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client_as_moderator.post(url, {"reason": "Repeated abuse", "until": tomorrow})
    assert response["Location"] == f"{QUEUE}?author={reader.pk}&status=all"
    status = CommenterStatus.objects.get(user=reader)
    assert status.is_banned() and status.ban_reason == "Repeated abuse"
    assert "Banned from commenting until" in said(client_as_moderator.get(response["Location"]))

    client_as_moderator.post(f"/admin/comments/readers/{reader.pk}/unban/")
    assert not CommenterStatus.objects.get(user=reader).is_banned()


def test_a_ban_can_reject_the_readers_waiting_comments(client_as_moderator, article):
    reader = make_reader("ada")
    waiting = [make_comment(article, reader, f"Spam {n}") for n in range(2)]
    published = make_comment(article, reader, "An older fair comment.", status=APPROVED)
    url = f"/admin/comments/readers/{reader.pk}/ban/"
    response = client_as_moderator.post(url, {"reason": "Spam", "reject_pending": "on"})
    assert messages_of(response) == ["Ada may no longer comment. 2 waiting comments rejected."]
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses == {waiting[0].pk: REJECTED, waiting[1].pk: REJECTED, published.pk: APPROVED}


def test_a_ban_needs_a_reason_and_a_future_date(client_as_moderator):
    reader = make_reader("ada")
    url = f"/admin/comments/readers/{reader.pk}/ban/"
    response = client_as_moderator.post(url, {"reason": "", "until": "2001-01-01"})
    assert messages_of(response) == [
        "Not banned: This field is required.",
        "Not banned: Choose a day in the future, or leave it empty.",
    ]
    response = client_as_moderator.post(url, {"reason": "Spam", "until": "not a date"})
    assert messages_of(response) == ["Not banned: Enter a valid date."]
    assert not CommenterStatus.objects.filter(user=reader).exists()


# --- Who may moderate ---


def test_reporters_neither_see_nor_open_the_queue(client, home, django_user_model, article):
    ensure_newsroom_groups()
    reporter = django_user_model.objects.create_user("rep", "rep@newsroom.example", "pw")
    reporter.groups.add(Group.objects.get(name="Reporters"))
    client.force_login(reporter)
    comment = make_comment(article, make_reader())
    assert "/admin/comments/" not in said(client.get("/admin/"))
    # Wagtail's refusal: back to the dashboard, "Sorry, you do not have permission to access this area."
    for response in (
        client.get(QUEUE),
        client.get(f"/admin/comments/{comment.pk}/"),
        client.post(DECIDE, {"action": "approve", "comment": [comment.pk]}),
    ):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert Comment.objects.get().status == PENDING


def test_readers_cannot_reach_the_admin(client, article):
    reader = make_reader()
    client.force_login(reader)
    response = client.get(QUEUE)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


# --- Hostile requests ---


@pytest.mark.parametrize(
    "url",
    [DECIDE, "/admin/comments/readers/1/ban/", "/admin/comments/readers/1/unban/"],
    ids=["decide", "ban", "unban"],
)
def test_actions_answer_get_with_405(client_as_moderator, url):
    assert client_as_moderator.get(url).status_code == 405


def test_actions_need_the_csrf_token(moderator, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    comment = make_comment(article, make_reader())
    assert client.post(DECIDE, {"action": "approve", "comment": [comment.pk]}).status_code == 403
    assert Comment.objects.get().status == PENDING


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"action": "publish", "comment": ["1"]}, 400),
        ({"action": "approve", "comment": ["1; DROP TABLE"]}, 400),
        ({"action": "approve", "comment": ["-1"]}, 400),
    ],
)
def test_bogus_decisions_are_refused(client_as_moderator, data, status):
    assert client_as_moderator.post(DECIDE, data).status_code == status


def test_unknown_comments_and_foreign_next_addresses_go_back_to_the_queue(client_as_moderator):
    response = client_as_moderator.post(
        DECIDE, {"action": "approve", "comment": ["999999"], "next": "https://evil.example/"}
    )
    assert (response.status_code, response["Location"]) == (302, QUEUE)
    assert messages_of(response) == ["Choose at least one comment first."]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        (QUEUE + "?status=spam", 400),
        (QUEUE + "?author=abc", 400),
        (QUEUE + "?author=999999", 404),
        (QUEUE + "?p=abc", 200),
        (QUEUE + "?p=99999", 200),
        ("/admin/comments/999999/", 404),
    ],
)
def test_bogus_addresses_get_clear_answers(client_as_moderator, url, status):
    assert client_as_moderator.get(url).status_code == status


def test_ban_of_an_unknown_reader_is_404(client_as_moderator):
    assert client_as_moderator.post("/admin/comments/readers/999999/ban/", {"reason": "x"}).status_code == 404


# --- Speed ---


def test_the_queue_runs_the_same_queries_for_5_or_60_comments(
    client_as_moderator, politics, django_assert_num_queries
):
    def fill(count):
        for n in range(count):
            story = ArticlePageFactory(parent=politics, title=f"Story {n}", slug=f"story-{Comment.objects.count()}")
            comment = make_comment(story, make_reader(f"reader{Comment.objects.count()}"), f"Comment {n}")
            CommentReport.objects.create(comment=comment, reporter=make_reader(f"rep{comment.pk}"), reason="spam")

    fill(5)
    client_as_moderator.get(QUEUE)  # the session and site caches warm up
    with django_assert_num_queries(QUEUE_QUERIES):
        assert said(client_as_moderator.get(QUEUE)).count('name="comment"') == 5
    fill(55)
    with django_assert_num_queries(QUEUE_QUERIES):
        assert said(client_as_moderator.get(QUEUE)).count('name="comment"') == 50  # a page


QUEUE_QUERIES = 24


# --- Desk privacy ---


def test_a_moderator_of_one_desk_reads_only_published_titles_of_other_desks(client, home, django_user_model):
    ensure_newsroom_groups()
    politics = SectionPageFactory(parent=home, title="Politics", slug="politics")
    sports = SectionPageFactory(parent=home, title="Sports", slug="sports")
    live_story = ArticlePageFactory(parent=sports, title="Sports results", slug="results")
    live_story.title = "Secret new headline"
    live_story.save_revision()
    withdrawn = ArticlePageFactory(parent=sports, title="Withdrawn secret story", slug="withdrawn")
    withdrawn.unpublish()
    desk = Group.objects.create(name="Politics desk moderators")
    desk.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_comment", content_type__app_label="comments"),
    )
    GroupPagePermission.objects.create(
        group=desk, page=politics, permission=Permission.objects.get(codename="change_page")
    )
    desk_moderator = django_user_model.objects.create_user("pat", "pat@newsroom.example", "pw")
    desk_moderator.groups.add(desk)
    client.force_login(desk_moderator)
    on_live = make_comment(live_story, make_reader("ada"), "On the live story")
    on_withdrawn = make_comment(withdrawn, make_reader("bob"), "On the withdrawn story")

    for url in (QUEUE, f"/admin/comments/{on_live.pk}/", f"/admin/comments/{on_withdrawn.pk}/"):
        page = said(client.get(url))
        assert "Secret new headline" not in page and "Withdrawn secret story" not in page, url
        assert "edit the article" not in page
    assert "Sports results" in said(client.get(QUEUE))
    assert "(unpublished page)" in said(client.get(f"/admin/comments/{on_withdrawn.pk}/"))


def test_decisions_are_in_wagtails_site_history(client_as_moderator, article):
    comment = make_comment(article, make_reader("ada"))
    client_as_moderator.post(DECIDE, {"action": "approve", "comment": [comment.pk]})
    client_as_moderator.post(f"/admin/comments/readers/{comment.author_id}/ban/", {"reason": "Spam"})
    history = said(client_as_moderator.get("/admin/reports/site-history/"))
    assert "Comment approved" in history and "Banned from commenting" in history

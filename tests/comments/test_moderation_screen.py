"""Screening a reader's comment before it is saved: held for a moderator, published, or refused with a reason."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.models import ModelLogEntry, Site

import pytest

from journos.comments import moderation, services
from journos.comments.models import Comment, CommenterStatus, CommentModerationSettings, CommentReport
from journos.news.factories import ArticlePageFactory, SectionPageFactory
from tests.comments.moderation_helpers import (
    make_article,
    make_comment,
    make_reader,
    posting,
    unsaved_comment,
)

pytestmark = pytest.mark.django_db

PENDING, APPROVED, REJECTED = Comment.Status.PENDING, Comment.Status.APPROVED, Comment.Status.REJECTED


@pytest.fixture
def article(politics):
    return make_article(politics)


@pytest.fixture(autouse=True)
def moderation_settings(settings):
    settings.COMMENTS_TRUSTED_AFTER = 2
    settings.COMMENTS_NEW_ACCOUNT_HOURS = 24
    settings.COMMENT_MAX_LINKS = 2
    # Many comments a test; the rate-limit tests set their own.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comments": (100, 60), "comments-per-client": (100, 60)}


def screened(article, author, body="A fair point about the budget.", data=None, ip="203.0.113.9"):
    """A new comment as screen() leaves it (unsaved)."""
    comment = unsaved_comment(article, author, body)
    moderation.screen(comment, posting(author, data, ip))
    return comment


def refusal(article, author, body="A fair point about the budget.", **kwargs) -> str:
    with pytest.raises(ValidationError) as refused:
        screened(article, author, body, **kwargs)
    return refused.value.messages[0]


def blocklist(**fields):
    rules = CommentModerationSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in fields.items():
        setattr(rules, name, value)
    rules.save()


# --- Trust: first comments wait, then a reader is trusted ---


def test_a_readers_first_comments_wait_until_two_are_approved(article):
    reader = make_reader()
    for body in ("First thoughts.", "Second thoughts."):
        comment = screened(article, reader, body)
        assert comment.status == PENDING
        comment.save()
        moderation.decide([comment], APPROVED, by=None)
    assert CommenterStatus.objects.get(user=reader).approved_count == 2
    assert screened(article, reader, "Third thoughts, published at once.").status == APPROVED


def test_approving_a_comment_again_counts_it_once(article):
    reader = make_reader()
    comment = make_comment(article, reader)
    moderation.decide([comment], APPROVED, by=None)
    moderation.decide([comment], APPROVED, by=None)
    moderation.decide([comment], REJECTED, by=None)
    moderation.decide([comment], APPROVED, by=None)
    assert CommenterStatus.objects.get(user=reader).approved_count == 2  # approved twice, by two decisions


def test_a_comment_hidden_by_reports_and_approved_again_counts_once(article):
    reader = make_reader()
    comment = make_comment(article, reader)
    moderation.decide([comment], APPROVED, by=None)
    services.set_hidden_by_reports(comment, True)
    moderation.decide([comment], APPROVED, by=None)
    assert CommenterStatus.objects.get(user=reader).approved_count == 1


def test_a_new_accounts_comments_always_wait(article):
    trusted_but_new = make_reader("newcomer", hours_old=3, approved=5)
    assert screened(article, trusted_but_new).status == PENDING
    settled = make_reader("settled", hours_old=25, approved=5)
    assert screened(article, settled).status == APPROVED


def test_a_section_that_premoderates_holds_every_comment_also_in_its_subsections(politics, home):
    trusted = make_reader(approved=10)
    court = SectionPageFactory(parent=politics, title="Court", slug="court")
    case = ArticlePageFactory(parent=court, title="The trial", slug="trial")
    elsewhere = ArticlePageFactory(parent=SectionPageFactory(parent=home, title="Sport", slug="sport"))
    politics.premoderate_comments = True
    politics.save_revision().publish()

    assert screened(case, trusted, "Held in a sub-section.").status == PENDING
    assert screened(elsewhere, trusted, "Published elsewhere.").status == APPROVED


# --- Blocked words and links ---


def test_blocked_words_hold_a_comment_matching_whole_words_in_any_case(article):
    trusted = make_reader(approved=10)
    blocklist(blocked_words="scum\nbloody idiot")
    assert screened(article, trusted, "You are SCUM.").status == PENDING
    assert screened(article, trusted, "What a bloody   idiot!").status == PENDING
    assert screened(article, trusted, "Scumble is a painting technique.").status == APPROVED
    # Invisible characters do not hide a word.
    assert screened(article, trusted, "s\u200bcum, all of you").status == PENDING
    assert screened(article, trusted, "\uff33\uff23\uff35\uff2d again").status == PENDING  # full-width letters


def test_blocked_link_domains_match_with_and_without_scheme_and_subdomains(article):
    trusted = make_reader(approved=10)
    blocklist(blocked_domains="spam.example\nhttps://www.pills.example/")
    held = [
        "Visit https://spam.example/offer",
        "see www.spam.example now",
        "go to shop.spam.example",
        "pills.example!",
    ]
    for body in held:
        assert screened(article, trusted, body).status == PENDING, body
    assert screened(article, trusted, "notspam.example is a fine site").status == APPROVED


def test_blocked_words_can_refuse_instead_of_holding(article):
    blocklist(blocked_words="scum", blocked_action=CommentModerationSettings.Action.REFUSE)
    message = refusal(article, make_reader(approved=10), "You are scum.")
    assert message == "Your comment contains words or links this site does not publish. Please rephrase it."


# --- Bans ---


def test_a_banned_reader_is_refused_and_told_until_when_and_why(article):
    reader = make_reader(approved=10)
    until = timezone.now() + timedelta(days=7)
    moderation.ban(reader, reason="Personal attacks on other readers.", until=until, by=None)
    message = refusal(article, reader)
    assert message.startswith("A moderator has suspended your comments until ")
    assert message.endswith("Reason: Personal attacks on other readers.")
    assert str(timezone.localtime(until).year) in message


def test_a_ban_ends_on_its_date_or_when_lifted(article):
    reader = make_reader(approved=10)
    moderation.ban(reader, reason="Spam", until=timezone.now() - timedelta(minutes=1), by=None)
    assert screened(article, reader).status == APPROVED
    moderation.ban(reader, reason="Spam", until=None, by=None)
    assert refusal(article, reader, "Another.") == "A moderator has suspended your comments. Reason: Spam"
    moderation.unban(reader, by=None)
    assert screened(article, reader, "Back again.").status == APPROVED
    actions = ModelLogEntry.objects.filter(content_type__model="commenterstatus").values_list("action", flat=True)
    assert sorted(actions) == ["comments.ban", "comments.ban", "comments.unban"]


# --- Spam and abuse ---


def test_too_many_comments_per_account_are_refused(article, rate_limit):
    rate_limit("comments", 2)
    reader = make_reader(approved=10)
    screened(article, reader, "One.")
    screened(article, reader, "Two.", ip="198.51.100.1")
    assert (
        refusal(article, reader, "Three.", ip="198.51.100.2") == "You're commenting too fast; try again in a minute."
    )


def test_too_many_comments_per_client_are_refused(article, rate_limit):
    rate_limit("comments-per-client", 2)
    screened(article, make_reader("one"), "One.")
    screened(article, make_reader("two"), "Two.")
    assert refusal(article, make_reader("three"), "Three.") == moderation.RATE_LIMITED_MESSAGE


def test_the_same_text_twice_in_a_day_is_refused_however_it_is_spaced_or_cased(article):
    reader = make_reader(approved=10)
    make_comment(article, reader, "Resign now!\n\nResign!")
    message = refusal(article, reader, "  RESIGN NOW!  resign!\u200b")
    assert message == "You have already posted this comment."
    # Another reader may say the same; and the same reader may, a day later.
    assert screened(article, make_reader("other"), "Resign now! Resign!").status == PENDING
    Comment.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    assert screened(article, reader, "Resign now! Resign!").status == APPROVED


def test_editing_a_comment_is_not_a_duplicate_of_itself(article):
    reader = make_reader(approved=10)
    comment = make_comment(article, reader, "Typo hre.", status=APPROVED)
    comment.body = "Typo hre."  # saved again unchanged
    moderation.screen(comment, posting(reader))
    assert comment.status == APPROVED


def test_too_many_links_are_refused(article):
    reader = make_reader(approved=10)
    assert screened(article, reader, "See https://a.example and www.b.example").status == APPROVED
    message = refusal(article, reader, "https://a.example https://b.example http://c.example")
    assert message == "A comment may contain at most 2 links; this one has 3."


def test_a_filled_in_honeypot_is_refused(article):
    reader = make_reader(approved=10)
    message = refusal(article, reader, data={moderation.HONEYPOT_FIELD: "http://bot.example"})
    assert message == "Your comment could not be posted."
    assert screened(article, reader, data={moderation.HONEYPOT_FIELD: ""}).status == APPROVED


# --- Decisions ---


def test_a_decision_resolves_reports_shows_a_hidden_comment_and_is_logged(article, django_user_model):
    moderator = django_user_model.objects.create_user("mod", "mod@newsroom.example", "pw")
    comment = make_comment(article, make_reader(), status=APPROVED, hidden_by_reports=True)
    CommentReport.objects.create(comment=comment, reporter=make_reader("reporter"), reason="abuse")

    assert moderation.decide([comment], APPROVED, by=moderator) == 1
    comment.refresh_from_db()
    assert (comment.status, comment.hidden_by_reports, comment.moderated_by) == (APPROVED, False, moderator)
    assert not CommentReport.objects.filter(resolved=False).exists()
    entry = ModelLogEntry.objects.get(action="comments.approve")
    assert (entry.object_id, entry.user, entry.message) == (str(comment.pk), moderator, "Comment approved")

    assert moderation.decide([comment], APPROVED, by=moderator) == 0  # nothing left to decide
    moderation.decide([comment], REJECTED, by=moderator)
    comment.refresh_from_db()
    assert comment.status == REJECTED
    assert ModelLogEntry.objects.filter(action="comments.reject").count() == 1


# --- Through the readers' posting form ---


def test_a_new_readers_comment_posted_on_the_site_waits_and_too_fast_is_429(client, article, rate_limit):
    rate_limit("comments", 1)
    reader = make_reader("ada", hours_old=1)
    client.force_login(reader)
    url = f"/comments/article/{article.pk}/"
    form = client.get(url).content.decode()
    assert f'<div hidden><label>Leave this empty <input type="text" name="{moderation.HONEYPOT_FIELD}"' in form
    assert client.post(url, {"body": "My first comment."}).status_code == 302
    assert Comment.objects.get().status == PENDING
    assert client.post(url, {"body": "A bot filled this.", moderation.HONEYPOT_FIELD: "x"}).status_code == 400
    # (the honeypot is checked first: that refusal did not count towards the limit)
    response = client.post(url, {"body": "And a third."})
    assert (response.status_code, response["Retry-After"]) == (429, "60")
    assert "You&#x27;re commenting too fast; try again in a minute." in response.content.decode()
    assert Comment.objects.count() == 1

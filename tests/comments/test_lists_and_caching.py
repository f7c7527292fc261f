"""The public list: pages of 50, load more, links to each comment, counts everywhere, and caches that follow."""

import json
import re
from datetime import timedelta

from django.core.cache import cache
from django.test import Client
from django.utils import timezone

import pytest

from journos.comments import services
from journos.comments.factories import CommentFactory, ReaderFactory
from journos.comments.models import Comment
from journos.comments.text import digest
from journos.news.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

# A plain article page (no authors, tags or extra sections) with comments to show; of these, comments cost 4:
# the count, the number of conversations, the page of them with their authors, and their replies with theirs.
# + the corrections and updates log (one query, empty or not), and the sidebar's Popular News and Recommended
# now that they are never empty (tests/news/test_query_budgets.py counts them).
ARTICLE_WITH_COMMENTS_QUERIES = 30 + 1 + 6


def many_comments(article, count, *, replies_to_first=0):
    author = ReaderFactory()
    start = timezone.now() - timedelta(days=1)
    comments = Comment.objects.bulk_create(
        Comment(
            page_id=article.pk,
            author=author,
            body=f"Comment {n}",
            body_digest=digest(f"Comment {n}"),
            status=Comment.Status.APPROVED,
            created_at=start + timedelta(seconds=n),
        )
        for n in range(count)
    )
    newest = Comment.objects.filter(page=article).order_by("-created_at").first()
    for _ in range(replies_to_first):
        CommentFactory(page=article, parent=newest, author=author)
    return comments


def comment_ids(html: str) -> list[int]:
    return [int(found) for found in re.findall(r'<li class="comment[^"]*" id="comment-(\d+)"', html)]


def test_fifty_conversations_a_page_newest_first_with_load_more(client, article):
    many_comments(article, 120, replies_to_first=2)
    html = client.get(article.url).content.decode()
    top = comment_ids(html)
    assert len(top) == 50 + 2  # 50 conversations, the first with its 2 replies
    assert "122 comments" in html
    assert 'href="?comments_page=2#comments"' in html and "Load more comments" in html
    second = client.get(article.url + "?comments_page=2").content.decode()
    assert len(comment_ids(second)) == 50
    third = client.get(article.url + "?comments_page=3").content.decode()
    assert len(comment_ids(third)) == 20 and "Load more comments" not in third
    oldest = client.get(article.url + "?comments_order=oldest").content.decode().split('id="comments"')[1]
    assert "Comment 0<" in oldest and "Comment 119<" not in oldest
    assert 'href="?comments_page=2&amp;comments_order=oldest#comments"' in oldest


def test_a_link_to_a_comment_lands_on_its_page(client, article):
    comments = many_comments(article, 120)
    oldest = comments[0]
    response = client.get(f"/comments/{oldest.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{article.url}?comments_page=3#comment-{oldest.pk}"
    assert f'id="comment-{oldest.pk}"' in client.get(response["Location"]).content.decode()
    newest = comments[-1]
    assert client.get(f"/comments/{newest.pk}/")["Location"] == f"{article.url}#comment-{newest.pk}"
    reply = CommentFactory(page=article, parent=oldest)
    assert client.get(f"/comments/{reply.pk}/")["Location"] == f"{article.url}?comments_page=3#comment-{reply.pk}"
    pending = CommentFactory(page=article, status=Comment.Status.PENDING)
    assert client.get(f"/comments/{pending.pk}/").status_code == 404


@pytest.mark.parametrize("count", [3, 5000])
def test_first_page_costs_the_same_queries_whatever_the_number_of_comments(
    client, article, django_assert_num_queries, count
):
    many_comments(article, count, replies_to_first=3)
    client.get(article.url)  # renditions and settings rows, once
    cache.clear()
    with django_assert_num_queries(ARTICLE_WITH_COMMENTS_QUERIES):
        response = client.get(article.url)
    assert response.status_code == 200
    assert f"{count + 3} comments" in response.content.decode()


def test_public_page_holds_nothing_about_the_reader(client, reader, article):
    mine = CommentFactory(page=article, author=reader)
    client.force_login(reader)
    html = client.get(article.url).content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert "Delete" not in html and "Edit" not in html  # own-comment controls come from the panel
    anonymous = Client().get(article.url)
    assert "Set-Cookie" not in anonymous.headers and "public" in anonymous["Cache-Control"]
    panel = client.get(f"/comments/article/{article.pk}/")
    assert "no-store" in panel["Cache-Control"] or "private" in panel["Cache-Control"]
    assert "csrfmiddlewaretoken" in panel.content.decode()
    own = json.loads(re.search(r'data-own="([^"]*)"', panel.content.decode()).group(1).replace("&quot;", '"'))
    assert own == {"own": [{"id": mine.pk, "editable": True, "seconds": own["own"][0]["seconds"]}], "reported": []}
    assert f"/comments/{mine.pk}/edit/" in panel.content.decode()


def test_the_cached_page_follows_approval_edit_and_removal(client, article, settings):
    settings.PAGE_CACHE_ENABLED = True
    comment = CommentFactory(page=article, status=Comment.Status.PENDING, body="Needs a look")
    assert "Needs a look" not in client.get(article.url).content.decode()
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    moderator = ReaderFactory(is_staff=True)
    services.set_status(comment, Comment.Status.APPROVED, by=moderator)
    html = client.get(article.url).content.decode()
    assert "Needs a look" in html and "1 comment" in html
    services.set_status(comment, Comment.Status.REJECTED, by=moderator)
    assert "Needs a look" not in client.get(article.url).content.decode()


def test_the_count_shows_on_the_article_cards_and_json_ld(client, article, politics):
    other = ArticlePageFactory(parent=politics, title="Quiet day")
    CommentFactory.create_batch(2, page=article)
    CommentFactory(page=article, status=Comment.Status.PENDING)
    CommentFactory(page=article, hidden_by_reports=True)
    html = client.get(article.url).content.decode()
    assert 'class="story__comment-count" href="#comments" aria-label="2 comments">2</a>' in html
    data = next(
        item
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        for item in (json.loads(block) if isinstance(json.loads(block), list) else [json.loads(block)])
        if item.get("@type") == "NewsArticle"
    )
    assert data["commentCount"] == 2
    assert len(data["comment"]) == 2 and data["comment"][0]["@type"] == "Comment"
    section = client.get(politics.url).content.decode()
    assert f'href="{article.url}#comments">2 comments</a>' in section
    assert f'href="{other.url}#comments">0 comments</a>' in section


def test_listing_cards_are_refreshed_when_a_comment_appears(client, article, politics, settings):
    settings.PAGE_CACHE_ENABLED = True
    assert "0 comments" in client.get(politics.url).content.decode()
    comment = CommentFactory(page=article, status=Comment.Status.PENDING)
    services.set_status(comment, Comment.Status.APPROVED)
    assert f'href="{article.url}#comments">1 comment</a>' in client.get(politics.url).content.decode()


def test_seed_comments_gives_an_article_its_comments_once(article):
    from django.core.management import call_command

    call_command("seed_comments", article.pk, count=120)
    assert Comment.objects.filter(page=article).count() == 120
    assert Comment.objects.filter(page=article, parent__isnull=False).count() == 20
    call_command("seed_comments", article.pk, count=120)
    assert Comment.objects.filter(page=article).count() == 120

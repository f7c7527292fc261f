"""`manage.py seed_comments ARTICLE_ID --count 1000`: give an article that many public comments (demo, bench).

Idempotent: an article that already has `count` comments is left alone. One conversation in ten gets two
replies, so the page shows threads as readers make them.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from journos.comments.models import Comment
from journos.comments.text import digest
from journos.core.caching.invalidation import changed

READERS = 20


class Command(BaseCommand):
    help = "Give an article public comments by demo readers (for demos and the benchmark)."

    def add_arguments(self, parser):
        parser.add_argument("article_id", type=int)
        parser.add_argument("--count", type=int, default=1000)

    def handle(self, *args, article_id, count, **options):
        from journos.news.models import ArticlePage

        article = ArticlePage.objects.filter(pk=article_id).first()
        if article is None:
            raise CommandError(f"No article with id {article_id}.")
        have = Comment.objects.filter(page_id=article.pk).count()
        if have >= count:
            self.stdout.write(f"{article.title}: {have} comments already")
            return
        User = get_user_model()
        readers = [
            User.objects.get_or_create(
                username=f"demo-reader-{n}", defaults={"email": f"demo-reader-{n}@example.org", "email_verified": True}
            )[0]
            for n in range(READERS)
        ]
        start = (article.first_published_at or timezone.now()) + timedelta(minutes=1)
        missing = count - have
        tops = Comment.objects.bulk_create(
            comment(article, readers[n % READERS], f"Reader comment {have + n} on this story.", start, n)
            for n in range(missing - 2 * (missing // 12))
        )
        replies = [
            comment(article, readers[(n + k + 1) % READERS], f"A reply ({k + 1}) to that.", start, n, parent=top)
            for n, top in enumerate(tops[::10][: missing // 12])
            for k in range(2)
        ]
        Comment.objects.bulk_create(replies)
        changed([f"comments:{article.pk}"])
        self.stdout.write(f"{article.title}: {have + len(tops) + len(replies)} comments")


def comment(article, author, body, start, n, parent=None) -> Comment:
    return Comment(
        page_id=article.pk,
        author=author,
        parent=parent,
        body=body,
        body_digest=digest(body),
        status=Comment.Status.APPROVED,
        created_at=start + timedelta(seconds=n * 7 + (3 if parent else 0)),
    )

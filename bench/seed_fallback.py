"""Bench content while `seed_demo` is missing: ARTICLES articles in nested sections (run in manage.py shell)."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from wagtail.models import Page, Site

from journos.news.factories import (
    ArticlePageFactory,
    AuthorIndexPageFactory,
    AuthorPageFactory,
    HomePageFactory,
    SectionPageFactory,
    paragraphs,
)

random.seed(8)
WORDS = [
    "budget",
    "summit",
    "election",
    "court",
    "climate",
    "energy",
    "market",
    "health",
    "school",
    "transport",
    "border",
    "vote",
]

with transaction.atomic():
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Journos")
    sections = [SectionPageFactory(parent=home, title=name) for name in ("Politics", "Economy", "World", "Culture")]
    sections += [
        SectionPageFactory(parent=sections[0], title="Diplomacy"),
        SectionPageFactory(parent=sections[2], title="Europe"),
    ]
    index = AuthorIndexPageFactory(parent=home)
    authors = [AuthorPageFactory(parent=index) for _ in range(12)]
    start = timezone.now() - timedelta(days=ARTICLES // 10 + 1)  # noqa: F821  (set by bench/run.py)
    for number in range(ARTICLES):  # noqa: F821
        words = random.sample(WORDS, 4)
        ArticlePageFactory(
            parent=random.choice(sections),
            title=f"{' '.join(words).capitalize()} {number}",
            first_published_at=start + timedelta(minutes=14 * number),
            body=paragraphs(*(" ".join(random.choices(WORDS, k=60)) for _ in range(6))),
            authors=random.sample(authors, random.choice((1, 1, 2))),
            tags=random.sample(WORDS, 2),
            featured_image=None,
        )

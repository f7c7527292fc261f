"""Factories for the news page tree, used by the tests (demo content has its own code: journos/news/demo/)."""

from datetime import timedelta

from django.utils import timezone

from wagtail.rich_text import RichText
from wagtail.search import index

import factory
import wagtail_factories

from journos.core.factories import ImageFactory
from journos.news.models import (
    ArticleAuthor,
    ArticleCorrection,
    ArticlePage,
    AuthorIndexPage,
    AuthorPage,
    HomePage,
    LiveBlogEntry,
    LiveBlogPage,
    SectionPage,
)


class PublishedPageFactory(wagtail_factories.PageFactory):
    """A live page with publication dates set, as if published through the admin."""

    live = True
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.SelfAttribute("first_published_at")

    class Meta:
        abstract = True


class HomePageFactory(PublishedPageFactory):
    title = "Journos"
    slug = "home"

    class Meta:
        model = HomePage


class SectionPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Section {n}")
    introduction = factory.LazyAttribute(lambda page: f"The latest from {page.title}.")

    class Meta:
        model = SectionPage


class AuthorIndexPageFactory(PublishedPageFactory):
    title = "Authors"
    slug = "authors"

    class Meta:
        model = AuthorIndexPage


class AuthorPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Author {n}")
    role = "Reporter"
    bio = factory.LazyAttribute(lambda page: f"<p>{page.title} reports for Journos.</p>")

    class Meta:
        model = AuthorPage


def paragraphs(*texts: str) -> list[tuple]:
    return [("paragraph", RichText(f"<p>{text}</p>")) for text in texts]


class ArticlePageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Article {n}")
    standfirst = factory.LazyAttribute(lambda page: f"What you need to know about {page.title}.")
    body = factory.LazyFunction(lambda: paragraphs("First paragraph of the story.", "Second paragraph."))
    featured_image = factory.SubFactory(ImageFactory)

    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    @factory.post_generation
    def authors(article, create, extracted, **kwargs):
        """`authors=[author, ...]` files the article under those authors, in order."""
        for position, author in enumerate(extracted or []):
            ArticleAuthor.objects.create(page=article, author=author, sort_order=position)

    @factory.post_generation
    def extra_categories(article, create, extracted, **kwargs):
        if extracted:
            article.extra_categories.set(extracted)
            article.save()

    @factory.post_generation
    def tags(article, create, extracted, **kwargs):
        if extracted:
            article.tags.add(*extracted)
            article.save()

    @factory.post_generation
    def search_index(article, create, extracted, **kwargs):
        """Index the finished article, authors and tags included, as publishing through the admin does."""
        if create:
            index.insert_or_update_object(article)


class ArticleCorrectionFactory(factory.django.DjangoModelFactory):
    """A correction (or, with kind="update", an update) in an article's log, as if published with it."""

    page = factory.SubFactory(ArticlePageFactory)
    date = factory.LazyFunction(timezone.now)
    kind = "correction"
    text = "An earlier version of this article gave the wrong date for the vote."

    class Meta:
        model = ArticleCorrection


class LiveBlogPageFactory(ArticlePageFactory):
    title = factory.Sequence(lambda n: f"Live: story {n}")

    class Meta:
        model = LiveBlogPage
        skip_postgeneration_save = True

    @factory.post_generation
    def entries(live_blog, create, extracted, **kwargs):
        """`entries=3` adds three updates a minute apart (the newest now); or a list of LiveBlogEntry kwargs."""
        if not extracted:
            return
        specs = [{} for _ in range(extracted)] if isinstance(extracted, int) else extracted
        now = timezone.now()
        for number, spec in enumerate(specs):
            LiveBlogEntryFactory(page=live_blog, posted_at=now - timedelta(minutes=len(specs) - 1 - number), **spec)
        if create:
            index.insert_or_update_object(live_blog)  # with its updates, as publishing does


class LiveBlogEntryFactory(factory.django.DjangoModelFactory):
    headline = factory.Sequence(lambda n: f"Update {n}")
    body = factory.LazyFunction(lambda: paragraphs("What happened just now."))
    posted_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = LiveBlogEntry

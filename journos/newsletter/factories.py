"""Factories for the newsletter tests."""

from django.utils import timezone

import factory

from journos.newsletter.models import Issue, IssueArticle, NewsletterList, Subscriber, Subscription


class NewsletterListFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Briefing {n}")
    slug = factory.Sequence(lambda n: f"briefing-{n}")
    description = "The day's most important stories."
    frequency = "Every weekday morning"
    is_default = True

    class Meta:
        model = NewsletterList


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber; `newsletters=[...]` subscribes them (confirmed) to those lists."""

    email = factory.Sequence(lambda n: f"subscriber{n}@example.org")
    state = Subscriber.State.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
    source = "factory"

    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    @factory.post_generation
    def newsletters(subscriber, create, extracted, **kwargs):
        confirmed = subscriber.confirmed_at if subscriber.state == Subscriber.State.CONFIRMED else None
        for newsletter in extracted or []:
            Subscription.objects.create(subscriber=subscriber, newsletter=newsletter, confirmed_at=confirmed)


class IssueFactory(factory.django.DjangoModelFactory):
    newsletter = factory.SubFactory(NewsletterListFactory)
    subject = factory.Sequence(lambda n: f"Your briefing, edition {n}")
    preheader = "Five stories to start the day."
    intro = "<p>Good morning. Here is what matters today.</p>"

    class Meta:
        model = Issue
        skip_postgeneration_save = True

    @factory.post_generation
    def articles(issue, create, extracted, **kwargs):
        for position, article in enumerate(extracted or []):
            IssueArticle.objects.create(issue=issue, article=article, sort_order=position)

"""Reads for the newsletter pages and the admin."""

from django.db.models import Count, F, Q

from journos.engagement import selectors as engagement_selectors
from journos.news import selectors as news_selectors
from journos.newsletter.models import Delivery, Issue, NewsletterList, Subscriber, Subscription


def active_lists():
    return NewsletterList.objects.filter(is_active=True)


def counts_by_state() -> dict[str, int]:
    counts = dict(Subscriber.objects.values_list("state").annotate(count=Count("pk")).order_by())
    return {state: counts.get(state, 0) for state in Subscriber.State.values}


def audience(newsletter_id: int):
    """The subscriptions an issue of this list goes to: confirmed, by subscribers still confirmed."""
    return Subscription.objects.filter(
        newsletter_id=newsletter_id, confirmed_at__isnull=False, subscriber__state=Subscriber.State.CONFIRMED
    )


def audience_count(newsletter: NewsletterList) -> int:
    """How many subscribers an issue of this list would go to now (what "Send now" asks to confirm)."""
    return audience(newsletter.pk).count()


def last_sent_issue(newsletter: NewsletterList) -> Issue | None:
    return newsletter.issues.filter(status=Issue.Status.SENT).order_by("-sent_at").first()


def suggested_articles(*, issue: Issue, limit: int = 6) -> list:
    """The most read articles since the list's last issue, padded with the newest ones."""
    previous = last_sent_issue(issue.newsletter)
    since = previous.sent_at if previous else None
    days = max(1, (issue.created_at - since).days + 1) if since else 7
    chosen = set(issue.articles.values_list("article_id", flat=True))
    if previous:  # readers already got these
        chosen |= set(previous.articles.values_list("article_id", flat=True))
    picks = []
    # Read since the last issue only (no longer window): older stories are not news to its readers.
    for article in engagement_selectors.popular_articles(days=days, limit=limit * 2, fallback_days=days):
        if article.pk not in chosen:
            picks.append(article)
            chosen.add(article.pk)
    if len(picks) < limit:
        newest = news_selectors.published_articles().exclude(pk__in=chosen)
        if since:
            newest = newest.filter(first_published_at__gte=since)
        picks += list(newest.defer_streamfields()[: limit - len(picks)])
    return picks[:limit]


def issues_in_flight(*, limit: int = 10) -> list[Issue]:
    """Issues scheduled or being sent, soonest first, each with `sent` and `total` deliveries: one query."""
    return list(
        Issue.objects.filter(status__in=[Issue.Status.SCHEDULED, Issue.Status.SENDING])
        .select_related("newsletter")
        .annotate(total=Count("deliveries"), sent=Count("deliveries", filter=Q(deliveries__state=Delivery.State.SENT)))
        .order_by(F("scheduled_at").asc(nulls_first=True), "pk")[:limit]
    )

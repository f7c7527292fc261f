"""Plausible readership for the demo: views and shares per day, and today's views per hour.

A fresh demo would otherwise show an empty Popular News box, share counts of 0
and a flat dashboard chart. Each demo article gets a readership drawn from a
seeded random generator (the same figures for the same story on every
install): the front page's stories are read most, every story is read most on
the day it came out and less each day after, and about one reader in forty
shares it. Counts are added only to articles that have none, so a second run,
or a site that has real readers, keeps its figures.
"""

import math
import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from journos.engagement.models import DailyCount, HourlyCount, Kind

DAYS = 90  # days of history given (the longest window any list reads)
SHARE_RATE = 0.025  # shares per view
NETWORK_SHARES = {  # how shares split between networks
    Kind.FACEBOOK: 0.3,
    Kind.X: 0.2,
    Kind.WHATSAPP: 0.25,
    Kind.LINKEDIN: 0.08,
    Kind.EMAIL: 0.07,
    Kind.COPY_LINK: 0.1,
}
# Relative readership over a day, hour by hour (local time): quiet nights, morning and evening peaks.
HOURLY_SHAPE = [1, 1, 1, 1, 1, 2, 4, 7, 9, 8, 7, 7, 8, 7, 6, 6, 6, 7, 8, 9, 8, 6, 4, 2]


def seed_readership(articles: list, *, featured: dict[int, float], now: datetime) -> int:
    """Give each article without counts a readership; `featured` maps article ids to a popularity factor.

    Returns the number of articles given counts.
    """
    counted = set(DailyCount.objects.filter(article__in=articles).values_list("article_id", flat=True))
    daily, hourly = [], []
    today = timezone.localdate(now)
    midnight = timezone.make_aware(datetime.combine(today, time.min))
    hours_so_far = max(1, int((now - midnight).total_seconds() // 3600) + 1)
    share_today = sum(HOURLY_SHAPE[:hours_so_far]) / sum(HOURLY_SHAPE)
    seeded = 0
    for article in articles:
        if article.pk in counted or article.first_published_at is None:
            continue
        seeded += 1
        generator = random.Random(article.slug)
        appeal = featured.get(article.pk, 1.0) * generator.uniform(0.4, 1.6)
        published = timezone.localdate(article.first_published_at)
        for days_back in range(min(DAYS, (today - published).days + 1)):
            day = today - timedelta(days=days_back)
            age = (day - published).days
            views = appeal * (900 * math.exp(-age / 2.5) + 25 * math.exp(-age / 40) + 3)
            views *= generator.uniform(0.7, 1.3) * (share_today if days_back == 0 else 1)
            views = int(views)
            if not views:
                continue
            daily.append(DailyCount(article=article, day=day, kind=Kind.VIEW, count=views))
            for kind, part in NETWORK_SHARES.items():
                shares = int(views * SHARE_RATE * part * generator.uniform(0.5, 1.5))
                if shares:
                    daily.append(DailyCount(article=article, day=day, kind=kind, count=shares))
            if days_back == 0:
                hourly += spread_over_hours(article, views, midnight, hours_so_far)
    DailyCount.objects.bulk_create(daily, batch_size=500)
    HourlyCount.objects.bulk_create(hourly, batch_size=500)
    return seeded


def spread_over_hours(article, views: int, midnight: datetime, hours: int) -> list:
    """Today's views of the article over the hours so far, following HOURLY_SHAPE, adding up to `views`."""
    weights = HOURLY_SHAPE[:hours]
    rows, left = [], views
    for hour, weight in enumerate(weights):
        amount = left if hour == hours - 1 else int(views * weight / sum(weights))
        left -= amount
        if amount:
            rows.append(
                HourlyCount(article=article, hour=midnight + timedelta(hours=hour), kind=Kind.VIEW, count=amount)
            )
    return rows

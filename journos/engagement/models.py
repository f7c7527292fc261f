"""What readers read: daily view and share counts, and the editors' Recommended list.

Counts live in their own table, one row per article, day and kind, so that
counting never touches the page row and never creates a revision.
"""

from django.db import models

from wagtail.admin.panels import InlinePanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


class Kind(models.TextChoices):
    """What a count counts: a view, or a share on one network."""

    VIEW = "view", "View"
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X (Twitter)"
    LINKEDIN = "linkedin", "LinkedIn"
    WHATSAPP = "whatsapp", "WhatsApp"
    EMAIL = "email", "E-mail"
    COPY_LINK = "copy", "Copied link"

    @classmethod
    def share_networks(cls) -> list[str]:
        return [kind for kind in cls.values if kind != cls.VIEW]


class DailyCount(models.Model):
    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="daily_counts")
    day = models.DateField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "day", "kind"], name="engagement_count_per_article_day_kind")
        ]
        # "Most viewed in the last N days" reads a range of days for one kind.
        indexes = [models.Index(fields=["kind", "day", "article"], name="engagement_count_kind_day")]

    def __str__(self):
        return f"{self.article_id} {self.day} {self.kind}: {self.count}"


class HourlyCount(models.Model):
    """Counts per hour, for the dashboard's "today" chart; kept for two days only (see services.prune_old_readers).

    `hour` is the start of the hour (UTC) the count was written in. Counts buffered in Redis are
    attributed to the hour of the flush that writes them (the buffer keeps days, not times), so an
    hour's bar lags the reading by at most one flush interval (about a minute).
    """

    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="hourly_counts")
    hour = models.DateTimeField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "hour", "kind"], name="engagement_count_per_article_hour_kind")
        ]
        indexes = [models.Index(fields=["kind", "hour", "article"], name="engagement_hourly_kind_hour")]

    def __str__(self):
        return f"{self.article_id} {self.hour:%Y-%m-%d %H}h {self.kind}: {self.count}"


class DailyKey(models.Model):
    """The random key of one day's reader hashes. Deleting old keys makes old hashes unlinkable."""

    day = models.DateField(primary_key=True)
    secret = models.CharField(max_length=64)

    def __str__(self):
        return f"Reader key of {self.day}"


class ReaderFingerprint(models.Model):
    """A reader already counted today for an article and kind (without Redis).

    `digest` is a keyed hash of the day, article, kind, client address and user
    agent; the address itself is never stored. Rows older than today are pruned.
    """

    digest = models.CharField(max_length=64, primary_key=True)
    day = models.DateField(db_index=True)

    def __str__(self):
        return f"{self.day} {self.digest[:8]}…"


class FlushBatch(models.Model):
    """A batch of Redis-buffered counts already written to the database.

    Written in the same transaction as the counts, so a flush that is retried
    after a crash can tell whether its batch was applied.
    """

    batch_id = models.CharField(max_length=36, primary_key=True)
    flushed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return f"Batch {self.batch_id} flushed at {self.flushed_at}"


@register_setting(icon="pick")
class RecommendedSettings(BaseSiteSetting, ClusterableModel):
    """The "Recommended" sidebar list, in the order editors choose."""

    panels = [
        InlinePanel(
            "items",
            label="Article",
            heading="Recommended articles",
            help_text="Shown in this order in the sidebar. When the list is short, well-read older articles "
            "fill the remaining places. Unpublished articles are skipped.",
            max_num=10,
        )
    ]

    class Meta:
        verbose_name = "Recommended"


class RecommendedArticle(Orderable):
    setting = ParentalKey(RecommendedSettings, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("article", "news.ArticlePage")]

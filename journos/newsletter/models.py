"""Newsletter lists, subscribers (double opt-in), issues and their deliveries.

Sized for a newsroom with 100,000 subscribers: every lookup the sending loop
and the admin make is served by an index.
"""

from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, MultipleChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, PreviewableMixin

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


class NewsletterList(models.Model):
    """One newsletter readers can choose, e.g. the daily briefing or the weekly digest."""

    name = models.CharField(max_length=80, help_text="E.g. 'Morning briefing'.")
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in forms and in CSV files.")
    description = models.TextField(help_text="One or two sentences: what readers get.")
    frequency = models.CharField(max_length=80, help_text="How often it comes, e.g. 'Every weekday at 7am'.")
    is_active = models.BooleanField(default=True, help_text="Only active lists are offered to readers.")
    is_default = models.BooleanField(
        default=False, help_text="Ticked in advance in the sign-up box shown beside articles."
    )
    sort_order = models.PositiveSmallIntegerField(default=0, help_text="Lists are shown in this order.")

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("frequency"),
        FieldPanel("is_active"),
        FieldPanel("is_default"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "newsletter"

    def __str__(self):
        return self.name


class Subscriber(models.Model):
    """One e-mail address. The state is the address's; lists hang off it as subscriptions."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Bounced"

    email = models.EmailField(max_length=254, unique=True, help_text="Stored normalised (lower case).")
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING, db_index=True)
    lists = models.ManyToManyField(NewsletterList, through="Subscription", related_name="subscribers")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=200, blank=True, help_text="Where the reader signed up.")
    consent_text = models.TextField(blank=True, help_text="The wording the reader agreed to.")
    last_error = models.CharField(max_length=300, blank=True, help_text="Why the address bounced.")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.email


class Subscription(models.Model):
    """A subscriber on one list. Active only once confirmed (double opt-in)."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    newsletter = models.ForeignKey(NewsletterList, on_delete=models.CASCADE, related_name="subscriptions")
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "newsletter"], name="newsletter_subscription_unique")
        ]
        indexes = [models.Index(fields=["newsletter", "confirmed_at"], name="newsletter_sub_list_conf")]

    def __str__(self):
        return f"{self.subscriber} on {self.newsletter}"


class Issue(PreviewableMixin, ClusterableModel):
    """One edition of a newsletter, composed in the admin and sent to its list."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    newsletter = models.ForeignKey(
        NewsletterList, on_delete=models.PROTECT, related_name="issues", help_text="Who receives it."
    )
    subject = models.CharField(max_length=150, help_text="The e-mail's subject line. Around 50 characters.")
    preheader = models.CharField(
        max_length=150, blank=True, help_text="The line inboxes show after the subject. Around 90 characters."
    )
    intro = RichTextField(features=["bold", "italic", "link"], blank=True, help_text="A few words from the editor.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False)
    scheduled_at = models.DateTimeField(null=True, blank=True, editable=False)
    send_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    panels = [
        FieldPanel("newsletter"),
        MultiFieldPanel([FieldPanel("subject"), FieldPanel("preheader")], heading="Inbox"),
        FieldPanel("intro"),
        MultipleChooserPanel(
            "articles",
            chooser_field_name="article",
            label="Article",
            heading="Articles",
            help_text="In the order they appear. 'Send…' can suggest the most read since the last issue.",
        ),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("send_issue", "Can send newsletter issues")]

    def __str__(self):
        return self.subject

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)

    def get_preview_template(self, request, mode_name):
        return "newsletter/email/issue.html"

    def serve_preview(self, request, mode_name):
        from django.http import HttpResponse

        from journos.newsletter import emails

        return HttpResponse(emails.render_issue(self, unsubscribe_url=emails.preview_unsubscribe_url()).html)


class IssueArticle(Orderable):
    issue = ParentalKey(Issue, on_delete=models.CASCADE, related_name="articles")
    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("article")]


class Delivery(models.Model):
    """One issue to one subscriber: the unit of idempotent, resumable sending.

    pending → sending (claimed by a worker) → sent; or → retry (temporary
    failure, with backoff) → sending...; or → failed (permanent, or out of
    attempts); or → skipped (the reader left before their turn came).
    """

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        RETRY = "retry", "Waiting to retry"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [models.UniqueConstraint(fields=["issue", "subscriber"], name="newsletter_delivery_unique")]
        indexes = [
            models.Index(fields=["issue", "state"], name="newsletter_delivery_state"),
            models.Index(fields=["claim_token"], name="newsletter_delivery_claim"),
        ]

    def __str__(self):
        return f"{self.issue} to {self.subscriber}"

"""Live blogs: a running story told in timestamped updates, newest first.

A `LiveBlogPage` is an article (it has the article's headline, standfirst,
authors, picture, filing, and shows up wherever articles do, labelled
"Live") whose body is the summary at the top, followed by its updates
(`LiveBlogEntry`). Updates are edited in the page editor and reach readers
when the page is published, so publishing an update is an ordinary page
publish: the page, its updates endpoint and every listing showing it are
purged through journos.core.caching like any article.

Readers' browsers poll one small JSON document per live blog (`/<page>/updates/`)
every LIVE_BLOG_POLL_SECONDS. It is the same for everyone and takes no
parameters, so the caching proxy keeps one copy and purges it with the page
when an update is published: however many readers poll, the origin renders it
once per publish (bench/live_blog_polling.py measures it).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property

from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from modelcluster.fields import ParentalKey

from journos.core.blocks import StoryBlock, preloaded_images
from journos.core.caching.page_cache import mark_public
from journos.core.pages import BasePage
from journos.news.models import ArticlePage

# How many of the newest updates the JSON document carries.
UPDATES_IN_JSON = 20


class LiveBlogPage(RoutablePageMixin, ArticlePage):
    """A running story: a summary, key events, and timestamped updates, newest first."""

    coverage_started_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="Coverage started",
        help_text="When live coverage began. Leave empty to use the time the page was first published.",
    )
    coverage_ended_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="Coverage ended",
        help_text="Set it (to now, usually) when the story is no longer covered live: readers' pages stop "
        "checking for updates and the page says the coverage has ended.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("standfirst"),
        MultipleChooserPanel("article_authors", chooser_field_name="author", label="Author", min_num=1),
        FieldPanel("featured_image"),
        FieldPanel(
            "body",
            heading="Summary",
            help_text="What readers need to know first, shown above the key events and updates. Keep it current.",
        ),
        FieldRowPanel(["coverage_started_at", "coverage_ended_at"], heading="Coverage"),
        InlinePanel(
            "entries",
            heading="Updates",
            label="Update",
            help_text="Newest first on the page. An update reaches readers when you publish the page.",
        ),
        MultiFieldPanel(
            [FieldRowPanel(["source_name", "source_url"]), "source_title"],
            heading="Source attribution",
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(ArticlePage.filing_panels, heading="Filing"),
            ObjectList(BasePage.promote_panels, heading="Promote"),
            ObjectList(BasePage.settings_panels, heading="Settings"),
        ]
    )

    # Updates are found by search like the article's own text.
    search_fields = ArticlePage.search_fields + [index.SearchField("search_update_text", boost=1)]

    parent_page_types = ["news.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = "live blog"

    @classmethod
    def get_indexed_objects(cls):
        return super().get_indexed_objects().prefetch_related("entries")

    @property
    def search_update_text(self) -> str:
        from journos.news.structured_data import entry_text

        return " ".join(f"{entry.headline} {entry_text(entry)}" for entry in self.entries.all())

    def save(self, *args, **kwargs):
        """Updates without a time get the time they are first published (kept on later publishes)."""
        kept = {}
        if self.pk:
            kept = dict(
                LiveBlogEntry.objects.filter(page_id=self.pk, posted_at__isnull=False).values_list("pk", "posted_at")
            )
        now = timezone.now()
        for entry in self.entries.all():
            if entry.posted_at is None:
                entry.posted_at = kept.get(entry.pk) or now
        super().save(*args, **kwargs)

    # Coverage ------------------------------------------------------------------

    @property
    def coverage_start(self):
        return self.coverage_started_at or self.first_published_at

    @property
    def coverage_has_ended(self) -> bool:
        return self.coverage_ended_at is not None and self.coverage_ended_at <= timezone.now()

    @property
    def poll_seconds(self) -> int:
        return settings.LIVE_BLOG_POLL_SECONDS

    # Updates -------------------------------------------------------------------

    @cached_property
    def entry_list(self) -> list["LiveBlogEntry"]:
        """Every update, newest first, with their pictures: a fixed number of queries however many there are."""
        entries = sorted(self.entries.all(), key=lambda entry: (entry.posted_at or timezone.now(), entry.pk or 0))
        entries.reverse()
        with preloaded_images(entry.body for entry in entries):
            for entry in entries:
                list(entry.body)  # converts each update's blocks now, from the pictures loaded at once
        base = self.url or ""
        for entry in entries:
            entry.permalink = f"{base}{self.reverse_subpage('entry', args=[entry.pk])}" if entry.pk else ""
        return entries

    @property
    def key_events(self) -> list["LiveBlogEntry"]:
        return [entry for entry in self.entry_list if entry.is_key_event]

    @property
    def latest_entry(self):
        return self.entry_list[0] if self.entry_list else None

    def get_page_meta(self, request):
        from journos.news.seo import live_blog_meta

        return live_blog_meta(self, request)

    # Routes: the page, one update's own address, and the JSON the page polls ---

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if (
            self.cacheable
            and request.method == "GET"
            and response.status_code == 200
            and not response.has_header("Cache-Control")
        ):
            mark_public(response)
            if not self.coverage_has_ended:
                # Browsers keep it one poll interval, so the "Reload the page" link shows new updates.
                patch_cache_control(response, max_age=self.poll_seconds)
        return response

    @path("entries/<int:entry_id>/", name="entry")
    def entry_view(self, request, entry_id):
        """One update on its own (what a shared link to it shows), with a link to the whole coverage."""
        entry = next((entry for entry in self.entry_list if entry.pk == entry_id), None)
        if entry is None:
            raise Http404("No such update.")
        return self.render(request, context_overrides={"focused_entry": entry})

    @path("updates/", name="updates")
    def updates_view(self, request):
        """The newest updates as JSON, identical for every reader: proxies keep one copy until the next publish."""
        if request.GET:
            return JsonResponse({"error": "This address takes no parameters."}, status=400)
        entries = self.entry_list[:UPDATES_IN_JSON]
        data = {
            "live": not self.coverage_has_ended,
            "poll_seconds": self.poll_seconds,
            "total": len(self.entry_list),
            "entries": [
                {
                    "id": entry.pk,
                    "posted_at": entry.posted_at.isoformat(),
                    "html": render_to_string(
                        "news/includes/live_entry.html", {"entry": entry, "page": self}, request=request
                    ),
                }
                for entry in entries
            ],
        }
        response = JsonResponse(data)
        # Browsers keep it one poll interval; shared caches as long as a page, as a publish purges both.
        patch_cache_control(response, public=True, max_age=self.poll_seconds, s_maxage=settings.PAGE_CACHE_S_MAXAGE)
        return response

    @property
    def updates_url(self) -> str:
        return (self.url or "") + self.reverse_subpage("updates")


class LiveBlogEntry(models.Model):
    """One update of a live blog."""

    page = ParentalKey(LiveBlogPage, on_delete=models.CASCADE, related_name="entries")
    posted_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="Time",
        help_text="Leave empty for the time you publish it. Shown on the update.",
    )
    headline = models.CharField(max_length=200, blank=True, help_text="Optional, e.g. 'Polls close in the north'.")
    body = StreamField(StoryBlock())
    is_key_event = models.BooleanField(
        default=False, verbose_name="Key event", help_text="Pin it to the key events at the top of the page."
    )
    key_event_summary = models.CharField(
        max_length=160,
        blank=True,
        help_text="The line shown in the key events list. Leave empty to use the headline.",
    )

    panels = [
        FieldRowPanel(["posted_at", "headline"]),
        FieldPanel("body"),
        FieldRowPanel(["is_key_event", "key_event_summary"]),
    ]

    class Meta:
        ordering = ["-posted_at", "-pk"]
        verbose_name = "live blog update"

    def __str__(self):
        return self.headline or f"Update {self.pk}"

    def clean(self):
        super().clean()
        if self.is_key_event and not (self.key_event_summary or self.headline):
            raise ValidationError({"key_event_summary": "A key event needs a summary line (or a headline)."})

    @property
    def anchor(self) -> str:
        return f"entry-{self.pk}"

    @property
    def key_event_text(self) -> str:
        return self.key_event_summary or self.headline

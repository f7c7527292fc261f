from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Orderable

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from journos.core.caching.dependencies import ALL


class CustomImage(AbstractImage):
    """An image with what a newsroom must print beside it: caption and credit.

    Wagtail's own `description` field is the alt text; the admin form (journos.core.forms) requires it
    unless the image is marked decorative, and then pages print alt="" so screen readers skip it.
    """

    caption = models.CharField(
        max_length=400, blank=True, help_text="Shown under the image. Describe what the picture shows."
    )
    credit = models.CharField(
        max_length=255, blank=True, help_text="Photographer and agency, e.g. 'Jane Doe / Journos'."
    )

    is_decorative = models.BooleanField(
        "Decorative image",
        default=False,
        help_text="Tick only if the picture adds nothing to the text (a pattern, a mood shot): "
        "screen readers then skip it and no alt text is needed.",
    )

    # "Decorative image" right under the alt text it excuses.
    admin_form_fields = tuple(
        name
        for field in Image.admin_form_fields
        for name in ((field, "is_decorative") if field == "description" else (field,))
    ) + ("caption", "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        permissions = [("choose_image", "Can choose image")]

    @property
    def alt_text(self) -> str:
        return "" if self.is_decorative else self.default_alt_text


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


# Fields that only change the breaking-news bar and the latest headlines (templates/includes/breaking_news.html).
BREAKING_FIELDS = (
    "breaking_active",
    "breaking_headline",
    "breaking_page_id",
    "breaking_url",
    "breaking_expires_at",
    "ticker_active",
)


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    tagline = models.CharField(
        max_length=160,
        default="Independent news that keeps you ahead.",
        help_text="Short line shown in the footer under the site name.",
    )
    copyright_holder = models.CharField(
        max_length=120, default="Journos", help_text="Shown as '© <year> <holder>. All rights reserved.'"
    )
    newsletter_blurb = models.TextField(
        blank=True,
        default="The day's most important stories, in your inbox every morning.",
        help_text="One or two sentences inviting readers to sign up to the newsletter.",
    )
    facebook_url = models.URLField(blank=True, help_text="Full address of the Facebook page.")
    x_url = models.URLField(blank=True, verbose_name="X (Twitter) URL")
    instagram_url = models.URLField(blank=True)
    youtube_url = models.URLField(blank=True)
    linkedin_url = models.URLField(blank=True)
    # Search engines and social networks (see journos/core/seo.py).
    logo = models.ForeignKey(
        "core.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The publisher logo search engines show with your articles: a PNG or JPEG of at least "
        "112×112 pixels on a plain background.",
    )
    share_image = models.ForeignKey(
        "core.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when a page without its own picture is shared on social networks. "
        "At least 1200×630 pixels; set its alt text.",
    )
    # The breaking-news bar over every public page (templates/includes/breaking_news.html).
    breaking_active = models.BooleanField("Show the breaking-news bar", default=False)
    breaking_headline = models.CharField("Headline", max_length=200, blank=True)
    breaking_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Page",
        help_text="The story the bar links to. Or give an address below.",
    )
    breaking_url = models.URLField("Or address", blank=True)
    breaking_expires_at = models.DateTimeField(
        "Expires at",
        null=True,
        blank=True,
        help_text="The bar goes by itself within a minute after this. Leave empty to keep it until you untick it.",
    )
    # The latest headlines under the bar: a plain list that never moves by itself (WCAG 2.2.2).
    ticker_active = models.BooleanField(
        "Show the latest headlines",
        default=False,
        help_text="A line of the newest headlines at the top of every page, updated as you publish.",
    )
    # Trust: the newsroom's standards pages, linked in the footer and named to search engines.
    masthead_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Masthead",
        help_text="Who runs the newsroom: editors and their responsibilities.",
    )
    ethics_policy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Ethics policy",
        help_text="The standards the newsroom works to (search engines: its publishing principles).",
    )
    corrections_policy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Corrections policy",
        help_text="How readers report errors and how the newsroom corrects them.",
    )
    ownership_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Ownership and funding",
        help_text="Who owns the newsroom and where its money comes from.",
    )

    comments_close_after_days = models.PositiveIntegerField(
        "Close comments after (days)",
        default=30,
        help_text="Comments on an article close this many days after it was first published. 0: never.",
    )

    panels = [
        MultiFieldPanel(["tagline", "copyright_holder", "newsletter_blurb"], heading="Branding"),
        MultiFieldPanel(
            ["facebook_url", "x_url", "instagram_url", "youtube_url", "linkedin_url"],
            heading="Connect with us",
        ),
        MultiFieldPanel(["logo", "share_image"], heading="Search engines and social networks"),
        MultiFieldPanel(
            [
                "breaking_active",
                "breaking_headline",
                PageChooserPanel("breaking_page"),
                "breaking_url",
                "breaking_expires_at",
            ],
            heading="Breaking news",
        ),
        MultiFieldPanel(["ticker_active"], heading="Latest headlines"),
        MultiFieldPanel(["comments_close_after_days"], heading="Comments"),
        MultiFieldPanel(
            [
                PageChooserPanel("masthead_page"),
                PageChooserPanel("ethics_policy_page"),
                PageChooserPanel("corrections_policy_page"),
                PageChooserPanel("ownership_page"),
            ],
            heading="Standards pages",
            help_text="Linked in the footer and named to search engines in the site's structured data.",
        ),
    ]
    # Every page reads these images for its share card, the bar's page and the standards pages (footer,
    # structured data): load them with the settings.
    select_related = [
        "logo",
        "share_image",
        "breaking_page",
        "masthead_page",
        "ethics_policy_page",
        "corrections_policy_page",
        "ownership_page",
    ]

    class Meta:
        verbose_name = "Site settings"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._loaded_values = {field.attname: getattr(self, field.attname) for field in self._meta.concrete_fields}

    def changed_tags(self) -> list[str]:
        """What this save changes for readers (journos.core.caching.invalidation): only the bar or the
        headlines switch → the "breaking" tag, which every page carries through the bar's fragment (every page
        is purged, but the rest of each page stays cached); anything else → everything."""
        loaded = getattr(self, "_loaded_values", None)
        if loaded is None:
            return [ALL]
        changed = {name for name, value in loaded.items() if getattr(self, name, value) != value}
        return ["breaking"] if changed and changed <= set(BREAKING_FIELDS) else [ALL]

    def clean(self):
        super().clean()
        if self.breaking_active and not self.breaking_headline:
            raise ValidationError({"breaking_headline": "Give the bar a headline, or untick it."})

    @property
    def breaking_link(self) -> str:
        if self.breaking_page and self.breaking_page.live:
            return self.breaking_page.url or ""
        return self.breaking_url

    @property
    def shows_breaking_news(self) -> bool:
        expired = self.breaking_expires_at is not None and self.breaking_expires_at <= timezone.now()
        return self.breaking_active and bool(self.breaking_headline) and not expired

    @property
    def standards_pages(self) -> list[tuple[str, object]]:
        """(schema.org property, page) for each standards page chosen and live, in footer order."""
        pages = [
            ("masthead", self.masthead_page),
            ("ethicsPolicy", self.ethics_policy_page),
            ("correctionsPolicy", self.corrections_policy_page),
            ("ownershipFundingInfo", self.ownership_page),
        ]
        return [(name, page) for name, page in pages if page is not None and page.live]

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [
            ("Facebook", self.facebook_url),
            ("X", self.x_url),
            ("Instagram", self.instagram_url),
            ("YouTube", self.youtube_url),
            ("LinkedIn", self.linkedin_url),
        ]
        return [(name, url) for name, url in links if url]

    @property
    def x_handle(self) -> str:
        """'@journos' from 'https://x.com/journos', for the twitter:site card tag."""
        name = urlsplit(self.x_url).path.strip("/").rsplit("/", 1)[-1].lstrip("@")
        return f"@{name}" if name else ""


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting, ClusterableModel):
    """What the header menu and the footer list, in the order editors choose."""

    panels = [
        InlinePanel("header_links", heading="Section navigation", label="Menu item"),
        InlinePanel("footer_links", heading="Footer links", label="Footer link"),
    ]

    class Meta:
        verbose_name = "Navigation"


class NavigationLink(Orderable):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    label = models.CharField(max_length=60, blank=True, help_text="Leave empty to use the page title.")

    panels = [PageChooserPanel("page"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        abstract = True

    @property
    def text(self) -> str:
        return self.label or self.page.title


class HeaderLink(NavigationLink):
    setting = ParentalKey(NavigationSettings, related_name="header_links", on_delete=models.CASCADE)


class FooterLink(NavigationLink):
    setting = ParentalKey(NavigationSettings, related_name="footer_links", on_delete=models.CASCADE)

"""The news site's page tree: home → sections (nested) → articles; authors."""

import math

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags

from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase

from journos.core.menu import children_tag
from journos.core.pages import BasePage
from journos.news import selectors
from journos.news import seo as news_seo
from journos.news.blocks import ArticleBodyBlock

WORDS_PER_MINUTE = 230


class HomePage(BasePage):
    """The front page: a lead story, top stories, a block per section, the latest."""

    lead_story = models.ForeignKey(
        "news.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The main story at the top. Leave empty to lead with the newest article.",
    )

    TOP_STORY_COUNT = 4
    SECTION_ARTICLE_COUNT = 4
    LATEST_COUNT = 10

    content_panels = BasePage.content_panels + [
        PageChooserPanel("lead_story", "news.ArticlePage"),
        InlinePanel(
            "top_stories",
            label="Top story",
            heading="Top stories",
            help_text="Shown beside the lead story, in this order. Empty places are filled with the newest.",
            max_num=TOP_STORY_COUNT,
        ),
    ]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "news.SectionPage",
        "news.AuthorIndexPage",
        "pages.StandardPage",
        "pages.ContactPage",
    ]

    def route(self, request, path_components):
        """Find a page by its whole URL path (cached) and load it in one query, not two per tree level."""
        if path_components:
            found = selectors.page_at(root=self, url_path=f"{self.url_path}{'/'.join(path_components)}/")
            if found:
                model = ContentType.objects.get_for_id(found[1]).model_class()
                pages = model.serving_queryset() if hasattr(model, "serving_queryset") else model.objects
                page = pages.filter(pk=found[0]).first()
                if page is not None:
                    return page.route(request, [])
        # Not found by its path: routable sub-URLs of a page, or a 404 (Wagtail's own walk).
        return super().route(request, path_components)

    @cached_property
    def front(self) -> tuple[list, list]:
        return selectors.front_page(home=self, top_count=self.TOP_STORY_COUNT, latest_count=self.LATEST_COUNT)

    @property
    def lead_story_article(self):
        stories = self.front[0]
        return stories[0] if stories else None

    @property
    def top_story_articles(self) -> list:
        return self.front[0][1:]

    @property
    def latest_articles(self) -> list:
        return self.front[1]

    @cached_property
    def section_blocks(self) -> list:
        return selectors.section_blocks(home=self, per_section=self.SECTION_ARTICLE_COUNT)

    def get_page_meta(self, request):
        return news_seo.home_meta(self, request)

    def changed_tags(self) -> list[str]:
        return [f"page:{self.pk}", "list-all"]

    @property
    def cache_tags(self) -> list[str]:
        return [*super().cache_tags, "list-all"]


class HomePageTopStory(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="top_stories")
    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("article", "news.ArticlePage")]


class ArticleListingMixin:
    """A page listing articles, PER_PAGE at a time, with ?page=N (404 for pages that do not exist)."""

    PER_PAGE = 12

    def listed_articles(self):
        raise NotImplementedError

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["page_number"] = selectors.requested_page_number(request)
        context["articles"] = selectors.paginate(request, self.listed_articles(), per_page=self.PER_PAGE)
        return context


class SectionPage(ArticleListingMixin, BasePage):
    """A category of news. Sections nest: Politics → Diplomacy."""

    introduction = models.TextField(blank=True, help_text="One or two sentences shown under the section name.")
    premoderate_comments = models.BooleanField(
        "Pre-moderate all comments",
        default=False,
        help_text="Every comment on articles in this section and its sub-sections waits for a moderator, "
        "trusted readers' too (e.g. during a court case).",
    )

    content_panels = BasePage.content_panels + [FieldPanel("introduction")]
    settings_panels = BasePage.settings_panels + [FieldPanel("premoderate_comments")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["news.HomePage", "news.SectionPage"]
    subpage_types = ["news.SectionPage", "news.ArticlePage", "news.LiveBlogPage"]
    show_in_menus_default = True  # a new sub-section appears under its parent in the header menu

    def listed_articles(self):
        return selectors.section_articles(section=self)

    @cached_property
    def subsections(self):
        return selectors.visible(SectionPage.objects.child_of(self)).order_by("path")

    @property
    def cache_tags(self) -> list[str]:
        return [*super().cache_tags, f"list-section:{self.pk}"]

    def changed_tags(self) -> list[str]:
        # A header menu listing its parent's sections (journos.core.menu) shows it: moves send this before and after.
        return [f"page:{self.pk}", "list-all", children_tag(self.path[: -Page.steplen])]

    def get_page_meta(self, request):
        return news_seo.section_meta(self, request)


class AuthorIndexPage(BasePage):
    introduction = models.TextField(blank=True, help_text="Shown above the list of authors.")

    content_panels = BasePage.content_panels + [FieldPanel("introduction")]
    max_count = 1
    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.AuthorPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["authors"] = (
            selectors.visible(AuthorPage.objects.child_of(self))
            .select_related("photo")
            .prefetch_related("photo__renditions")
            .order_by("title")
        )
        return context

    def changed_tags(self) -> list[str]:
        return [f"page:{self.pk}", "list-all"]

    def get_page_meta(self, request):
        return news_seo.author_index_meta(self, request)


class AuthorPage(ArticleListingMixin, BasePage):
    """A writer: the author box under articles and the archive of their work."""

    role = models.CharField(max_length=120, blank=True, help_text="E.g. 'Diplomatic correspondent'.")
    bio = RichTextField(features=["bold", "italic", "link"], blank=True, help_text="A short biography.")
    photo = models.ForeignKey("core.CustomImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    email = models.EmailField(blank=True, help_text="Public address for tips. Leave empty to hide.")
    x_url = models.URLField(blank=True, verbose_name="X (Twitter) URL")
    linkedin_url = models.URLField(blank=True, verbose_name="LinkedIn URL")
    website_url = models.URLField(blank=True, verbose_name="Website")

    content_panels = BasePage.content_panels + [
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        MultiFieldPanel(["email", "x_url", "linkedin_url", "website_url"], heading="Contact and social links"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("role"), index.SearchField("bio")]

    parent_page_types = ["news.AuthorIndexPage"]
    subpage_types = []

    @property
    def name(self) -> str:
        return self.title

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [("X", self.x_url), ("LinkedIn", self.linkedin_url), ("Website", self.website_url)]
        return [(label, url) for label, url in links if url]

    def listed_articles(self):
        return selectors.author_articles(author=self)

    @property
    def cache_tags(self) -> list[str]:
        return [*super().cache_tags, f"list-author:{self.pk}"]

    def changed_tags(self) -> list[str]:
        return [f"page:{self.pk}", "list-all"]

    def get_page_meta(self, request):
        return news_seo.author_meta(self, request)


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey("news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticleType(models.TextChoices):
    """What kind of piece the reader has in front of them (labelled on the article and every card)."""

    NEWS = "news", "News"
    ANALYSIS = "analysis", "Analysis"
    OPINION = "opinion", "Opinion"
    EXPLAINER = "explainer", "Explainer"
    REVIEW = "review", "Review"
    SPONSORED = "sponsored", "Sponsored (partner content)"


# The label readers see; news, the default, carries none.
ARTICLE_TYPE_LABELS = {
    ArticleType.ANALYSIS: "Analysis",
    ArticleType.OPINION: "Opinion",
    ArticleType.EXPLAINER: "Explainer",
    ArticleType.REVIEW: "Review",
    ArticleType.SPONSORED: "Sponsored",
}


class ArticlePage(BasePage):
    """A news story, filed under its primary section (its parent page)."""

    article_type = models.CharField(
        "Type",
        max_length=20,
        choices=ArticleType.choices,
        default=ArticleType.NEWS,
        help_text="Labelled on the article and every card. Opinion shows the writer's role; Sponsored, the sponsor.",
    )
    sponsor_name = models.CharField(
        "Sponsor",
        max_length=120,
        blank=True,
        help_text="Who paid for sponsored content, shown as 'Sponsored by …'. Required for Sponsored.",
    )
    standfirst = models.TextField(
        max_length=400, help_text="The one or two sentences under the headline that sum up the story."
    )
    featured_image = models.ForeignKey(
        "core.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown at the top of the article and in listings. Set its caption and credit on the image.",
    )
    body = StreamField(ArticleBodyBlock())
    extra_categories = ParentalManyToManyField(
        "news.SectionPage",
        blank=True,
        related_name="extra_articles",
        help_text="Other sections this story should also appear in. Its primary section is where it is filed.",
    )
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)
    source_name = models.CharField(
        max_length=120, blank=True, help_text="If the story draws on another outlet, its name, e.g. 'AP News'."
    )
    source_title = models.CharField(max_length=255, blank=True, help_text="Title of the source story.")
    source_url = models.URLField(blank=True, help_text="Address of the source story.")
    reading_time = models.PositiveSmallIntegerField(
        default=1, editable=False, help_text="Minutes, worked out from the length of the body on save."
    )
    comments_open = models.BooleanField(
        "Readers may comment",
        default=True,
        help_text="Untick to close comments on this story (e.g. a legal case). Comments also close by themselves "
        "after the number of days set in Settings → Site settings.",
    )

    content_panels = BasePage.content_panels + [
        FieldRowPanel(["article_type", "sponsor_name"]),
        FieldPanel("standfirst"),
        MultipleChooserPanel("article_authors", chooser_field_name="author", label="Author", min_num=1),
        FieldPanel("featured_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldRowPanel(["source_name", "source_url"]), "source_title"],
            heading="Source attribution",
        ),
        InlinePanel(
            "corrections",
            label="Correction or update",
            heading="Corrections and updates",
            help_text="Dated notes shown at the foot of the article. A correction also puts a note under the "
            "headline and on the corrections page. They go live when you publish.",
        ),
    ]
    filing_panels = [
        FieldPanel("extra_categories", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        FieldPanel("comments_open", heading="Comments"),
        MultipleChooserPanel(
            "related_pins",
            chooser_field_name="article",
            label="Pinned related article",
            heading="Related articles",
            help_text="Shown first in the related lists; the rest are chosen automatically.",
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(filing_panels, heading="Filing"),
            ObjectList(BasePage.promote_panels, heading="Promote"),
            ObjectList(BasePage.settings_panels, heading="Settings"),
        ]
    )
    # Search ranking, strongest first: title, standfirst, body, then tags, authors
    # and sections. PostgreSQL maps these boosts to tsvector weights A-D; SQLite
    # only tells the title from the rest (see journos/search/backends/).
    search_fields = BasePage.search_fields + [
        index.SearchField("title", boost=10),  # replaces Page's title (boost 2)
        index.SearchField("standfirst", boost=2),
        index.SearchField("body", boost=1),
        index.RelatedFields("tags", [index.SearchField("name", boost=0.5)]),
        index.SearchField("search_author_names", boost=0.5),
        index.SearchField("search_section_names", boost=0.5),
        index.FilterField("first_published_at"),
    ]

    parent_page_types = ["news.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = "article"

    @classmethod
    def serving_queryset(cls):
        return super().serving_queryset().select_related("featured_image")

    def clean(self):
        super().clean()
        errors = {}
        if self.source_url and not self.source_name:
            errors["source_name"] = "Name the source you link to."
        if self.article_type == ArticleType.SPONSORED and not self.sponsor_name.strip():
            errors["sponsor_name"] = "Name the sponsor: sponsored content always says who paid for it."
        if errors:
            raise ValidationError(errors)

    @property
    def type_label(self) -> str:
        """'Opinion', 'Sponsored'...; empty for news."""
        return ARTICLE_TYPE_LABELS.get(self.article_type, "")

    @property
    def is_sponsored(self) -> bool:
        return self.article_type == ArticleType.SPONSORED

    @property
    def is_opinion(self) -> bool:
        return self.article_type == ArticleType.OPINION

    @cached_property
    def correction_log(self) -> list["ArticleCorrection"]:
        """Corrections and updates, oldest first, loaded once for the page and its structured data."""
        return sorted(self.corrections.all(), key=lambda entry: (entry.date, entry.pk or 0))

    @property
    def latest_correction(self):
        corrections = [entry for entry in self.correction_log if entry.is_correction]
        return corrections[-1] if corrections else None

    def save(self, *args, **kwargs):
        self.reading_time = self.compute_reading_time()
        super().save(*args, **kwargs)

    def compute_reading_time(self) -> int:
        words = 0
        for block in self.body:
            if block.block_type == "paragraph":
                words += len(strip_tags(block.value.source).split())
            elif block.block_type in ("heading", "pull_quote"):
                words += len(str(block.value if block.block_type == "heading" else block.value["quote"]).split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    @classmethod
    def get_indexed_objects(cls):
        # What the two search_* properties below read, in one query per batch for update_index.
        return super().get_indexed_objects().prefetch_related("article_authors__author", "extra_categories")

    @cached_property
    def search_author_names(self) -> str:
        """Indexed for search, so a writer's name finds their stories (once per indexing, not per field)."""
        links = self.article_authors.all()
        if "article_authors" not in getattr(self, "_prefetched_objects_cache", {}):
            links = links.select_related("author")
        return " ".join(link.author.title for link in links)

    @cached_property
    def search_section_names(self) -> str:
        """Indexed for search: the primary section, its parents, and the extra categories."""
        sections = [*SectionPage.objects.ancestor_of(self), *self.extra_categories.all()]
        return " ".join(section.title for section in sections)

    @cached_property
    def authors(self) -> list["AuthorPage"]:
        links = self.article_authors.all()
        if "article_authors" not in getattr(self, "_prefetched_objects_cache", {}):
            # One query for the authors and their photos, however many there are.
            links = links.select_related("author__photo").prefetch_related("author__photo__renditions")
        return [link.author for link in links]

    @cached_property
    def primary_section(self):
        """The section the article is filed under: its parent page."""
        return self.breadcrumbs[-1]

    @cached_property
    def adjacent_articles(self) -> tuple:
        return selectors.adjacent_articles(article=self)

    @cached_property
    def categories(self) -> list:
        """The primary section first, then the extra ones, without repeats."""
        primary = self.primary_section
        extra = [section for section in self.extra_categories.all() if section.pk != primary.pk]
        return [primary, *extra]

    @property
    def is_live_blog(self) -> bool:
        """A live blog (journos/news/live_blogs.py): cards label it "Live". No query (content types are cached)."""
        return self.content_type_id == ContentType.objects.get_for_model(LiveBlogPage).pk

    @cached_property
    def tag_list(self) -> list:
        """The tags, loaded once for the page and its structured data."""
        return list(self.tags.all())

    def get_context(self, request, *args, **kwargs):
        from journos.comments.selectors import requested

        context = super().get_context(request, *args, **kwargs)
        # Which page of comments, in which order (?comments_page=, ?comments_order=); 404 for nonsense.
        context["comments_order"], context["comments_page"] = requested(request)
        return context

    def get_page_meta(self, request):
        return news_seo.article_meta(self, request)

    def changed_tags(self) -> list[str]:
        """The article, every list it is in (its sections and theirs, authors, tags, the site's),
        and its neighbours, whose previous/next links may now point at it or past it."""
        filed_under = (self, *self.extra_categories.all())
        paths = {
            page.path[:end] for page in filed_under for end in range(Page.steplen, len(page.path) + 1, Page.steplen)
        }
        sections = SectionPage.objects.filter(path__in=paths).values_list("pk", flat=True)
        neighbours = [article for article in selectors.adjacent_articles(article=self) if article]
        return [
            f"page:{self.pk}",
            "list-all",
            *(f"list-section:{pk}" for pk in sections),
            *(f"list-author:{author.pk}" for author in self.authors),
            *(f"list-tag:{pk}" for pk in self.tags.values_list("pk", flat=True)),
            *(f"adjacent:{article.pk}" for article in neighbours),
        ]


class ArticleAuthor(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(AuthorPage, on_delete=models.PROTECT, related_name="article_links")

    panels = [PageChooserPanel("author", "news.AuthorPage")]


class ArticleRelatedPin(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_pins")
    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("article", "news.ArticlePage")]


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", "Correction"
    UPDATE = "update", "Update"


class ArticleCorrection(Orderable):
    """A dated note on an article: a correction of something it got wrong, or an update to it."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="corrections")
    date = models.DateTimeField(default=timezone.now, help_text="When the article was corrected or updated.")
    kind = models.CharField(max_length=20, choices=CorrectionKind.choices, default=CorrectionKind.CORRECTION)
    text = models.TextField(
        max_length=1000,
        help_text="What changed, e.g. 'An earlier version gave the wrong date for the vote.'",
    )

    panels = [FieldRowPanel(["date", "kind"]), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = "correction or update"
        indexes = [models.Index(fields=["kind", "-date"], name="news_correction_kind_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @property
    def is_correction(self) -> bool:
        return self.kind == CorrectionKind.CORRECTION

    @property
    def anchor(self) -> str:
        return f"correction-{self.pk}"


# Live blogs are articles too (multi-table inheritance): listings, feeds and sitemaps include them.
from journos.news.live_blogs import LiveBlogEntry, LiveBlogPage  # noqa: E402, F401

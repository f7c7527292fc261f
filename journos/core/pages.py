from http import HTTPMethod

from django.db import models
from django.utils.functional import cached_property

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page, PageViewRestriction

from journos.core import seo, urls
from journos.core.caching.dependencies import loaded_with
from journos.core.caching.page_cache import mark_public
from journos.core.drafts import PageForm
from journos.core.visibility import any_view_restrictions


class BasePage(Page):
    """Every public page: cacheable HTML and editor-friendly SEO fields."""

    noindex = models.BooleanField(
        default=False, help_text="Ask search engines not to list this page (e.g. thank-you pages)."
    )

    # Pages that hold per-reader state (forms with a CSRF token) turn this off.
    cacheable = True

    # Pages are read; other methods get 405 with `Allow: GET, HEAD` (Wagtail's check_request_method).
    # A page that handles a form adds POST.
    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD]

    # A slug held by the editor's own abandoned draft is taken over, not refused (journos/core/drafts.py).
    base_form_class = PageForm

    promote_panels = [
        MultiFieldPanel(
            [
                "slug",
                FieldPanel(
                    "seo_title",
                    heading="Title tag",
                    help_text="Leave empty to use the page title. Around 60 characters.",
                ),
                FieldPanel(
                    "search_description",
                    heading="Meta description",
                    help_text="Shown by search engines under the title. Leave empty to use the "
                    "standfirst or introduction. Around 155 characters.",
                ),
                "noindex",
            ],
            heading="Search engines",
        ),
        MultiFieldPanel(["show_in_menus"], heading="Menus"),
    ]

    class Meta:
        abstract = True

    @property
    def cache_tags(self) -> list[str]:
        """What a cached render of this page depends on besides what it loads (journos.core.caching):
        the page and what was loaded with it (its picture)."""
        return [f"page:{self.pk}", *loaded_with(self)]

    def changed_tags(self) -> list[str]:
        """What publishing, unpublishing or moving this page makes stale: the page and the lists showing it."""
        return [f"page:{self.pk}", "list-pages"]

    @cached_property
    def breadcrumbs(self) -> list:
        """The page's ancestors below the site root, home first, in one query."""
        return list(Page.objects.ancestor_of(self).filter(depth__gt=1).order_by("depth"))

    @classmethod
    def serving_queryset(cls):
        """How the page is loaded to serve it; subclasses add what their template needs."""
        return cls.objects.all()

    def get_page_meta(self, request) -> seo.PageMeta:
        """Title, description, canonical URL, share card and structured data for the <head>."""
        return seo.page_meta(self, request)

    def get_sitemap_urls(self, request=None):
        """Pages that ask not to be indexed stay out of the sitemap; links are the canonical ones."""
        if self.noindex:
            return []
        return [
            {
                "location": urls.page_url(self, request),
                "lastmod": self.last_published_at or self.latest_revision_created_at,
            }
        ]

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if self.cacheable and request.method == "GET" and response.status_code == 200:
            mark_public(response)
        return response

    def get_view_restrictions(self):
        # Wagtail checks this on every request (two queries); skip them while no page is private.
        if not any_view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

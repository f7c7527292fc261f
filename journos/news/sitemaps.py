"""Sitemaps: an index at /sitemap.xml pointing to its parts, and a Google News sitemap.

- /sitemap-pages.xml: home, sections, authors, standard pages (not articles).
- /sitemap-articles.xml: articles with their lastmod and picture (image
  sitemap namespace), split into ?p=2, ?p=3... parts of ARTICLES_PER_PART.
- /news-sitemap.xml: articles published in the last two days, at most 1,000; sponsored content stays out
  (Google News does not take it; it is in the articles sitemap like any page).

Pages marked noindex stay out. Which articles are published is decided by
selectors.published_articles() alone.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Max, Prefetch
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views
from wagtail.images import get_image_model

from journos.core import seo, urls
from journos.core.caching.dependencies import depends_on
from journos.core.caching.page_cache import mark_public
from journos.news import selectors
from journos.news.feeds import FEED_IMAGE_SPEC
from journos.news.models import ArticlePage, ArticleType

ARTICLES_PER_PART = 5000
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 URLs per news sitemap


class PageSitemap(Sitemap):
    """Every live, public page of the site but articles; BasePage.get_sitemap_urls drops noindex pages."""

    def items(self):
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True).not_type(ArticlePage)
        return selectors.visible(pages).order_by("path").defer_streamfields().specific()

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("last_published_at"))["latest"]


class ArticleSitemap(Sitemap):
    """Published, indexable articles, newest first, each with its picture."""

    limit = ARTICLES_PER_PART

    def items(self):
        renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=FEED_IMAGE_SPEC)
        return (
            selectors.published_articles()
            .descendant_of(self.get_wagtail_site().root_page)
            .filter(noindex=False)
            .defer_streamfields()
            .select_related("featured_image")
            .prefetch_related(Prefetch("featured_image__renditions", queryset=renditions))
        )

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("last_published_at"))["latest"]

    def _urls(self, page, protocol, domain):
        urls = [self.url_info(article) for article in self.paginator.page(page).object_list]
        self.latest_lastmod = max((url["lastmod"] for url in urls), default=None)
        return urls

    def url_info(self, article) -> dict:
        image = article.featured_image
        return {
            "location": urls.page_url(article, self.request),
            "lastmod": article.last_published_at or article.first_published_at,
            "images": [urls.absolute_url(image.get_rendition(FEED_IMAGE_SPEC).url)] if image else [],
        }


SITEMAPS = {"pages": PageSitemap, "articles": ArticleSitemap}


def public_sitemap(view):
    """Sitemaps may be kept by proxies like pages, and are never listed in search results."""

    def wrapper(request, *args, **kwargs):
        depends_on("list-all", "list-pages")  # any page published or unpublished may change a sitemap
        return mark_public(view(request, *args, **kwargs))

    return require_safe(x_robots_tag(wrapper))


@public_sitemap
def sitemap_index(request):
    """The index of every part, with absolute links (journos.core.urls)."""
    parts = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class(request)
        location = urls.absolute_url(reverse("sitemap-section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        for number in sitemap.paginator.page_range:
            parts.append(SitemapIndexItem(location if number == 1 else f"{location}?p={number}", lastmod))
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": parts}, content_type="application/xml")


@public_sitemap
def sitemap_part(request, section):
    return wagtail_sitemap_views.sitemap(request, SITEMAPS, section=section, template_name="seo/sitemap.xml")


def news_language() -> str:
    """Google News wants an ISO 639 code ('en'), except zh-cn and zh-tw."""
    code = settings.LANGUAGE_CODE.lower()
    return code if code in ("zh-cn", "zh-tw") else code.split("-")[0]


@public_sitemap
def news_sitemap(request):
    site = seo.site_for(request)
    articles = (
        selectors.published_articles()
        .descendant_of(site.root_page)
        .filter(noindex=False, first_published_at__gte=timezone.now() - NEWS_WINDOW)
        .exclude(article_type=ArticleType.SPONSORED)  # Google News takes no sponsored content
        .defer_streamfields()[:NEWS_LIMIT]
    )
    context = {
        "articles": [(urls.page_url(article, request), article) for article in articles],
        "publication_name": seo.site_name(request),
        "language": news_language(),
    }
    return TemplateResponse(request, "seo/news_sitemap.xml", context, content_type="application/xml")

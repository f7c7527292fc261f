"""RSS 2.0 and Atom feeds of the newest articles: the whole site, a section, an author, a tag.

Each item carries title, link, a stable guid, dates, authors, categories,
the standfirst as summary and the featured image (MRSS media:content, plus
an RSS enclosure). A feed costs the same few queries however many items it
has. A feed is built once and kept until an article in it changes
(`feed_view`, journos.core.caching); query strings never bypass that.
"""

from django.apps import apps
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.views.decorators.http import require_safe

from taggit.models import Tag

from journos.core import seo, urls
from journos.core.caching.dependencies import depends_on
from journos.core.caching.page_cache import mark_public
from journos.core.caching.store import cached
from journos.news import selectors
from journos.news.structured_data import ARTICLE_IMAGE_SPECS

FEED_ITEM_COUNT = 30
FEED_IMAGE_SPEC = ARTICLE_IMAGE_SPECS[0]  # 16:9, the shape readers show; also made for the article page
MEDIA_RSS_NS = "http://search.yahoo.com/mrss/"


def _add_media_content(handler, item):
    image = item.get("image")
    if not image:
        return
    attributes = {key: str(value) for key, value in image.items() if key != "alt"}
    handler.startElement("media:content", {**attributes, "medium": "image"})
    if image["alt"]:
        handler.addQuickElement("media:description", image["alt"], {"type": "plain"})
    handler.endElement("media:content")


class MediaRssFeed(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_RSS_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        _add_media_content(handler, item)


class MediaAtomFeed(Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        _add_media_content(handler, item)


FORMATS = {"rss": MediaRssFeed, "atom": MediaAtomFeed}


class FeedFormatConverter:
    regex = "rss|atom"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


def feed_url(url_name: str, fmt: str, **kwargs) -> str:
    return urls.absolute_url(reverse(url_name, kwargs={**kwargs, "fmt": fmt}))


def feed_link(title: str, url_name: str, **kwargs) -> seo.FeedLink:
    return seo.FeedLink(
        title=title, rss_url=feed_url(url_name, "rss", **kwargs), atom_url=feed_url(url_name, "atom", **kwargs)
    )


def feed_items(queryset) -> list:
    """The newest articles with all an item needs, in a fixed number of queries."""
    tagged_items = Prefetch(
        "tagged_items", queryset=apps.get_model("news", "ArticleTag").objects.select_related("tag")
    )
    articles = selectors.listing(queryset.prefetch_related("extra_categories", tagged_items), FEED_ITEM_COUNT)
    for article in articles:
        image = article.featured_image
        article.feed_image = image.get_rendition(FEED_IMAGE_SPEC) if image else None
    return articles


class SiteFeed(Feed):
    """The newest articles of the whole site. Subclasses narrow it to a section, author or tag."""

    url_name = "site-feed"
    item_guid_is_permalink = False

    def __init__(self, fmt: str):
        self.fmt = fmt
        self.feed_type = FORMATS[fmt]

    def get_object(self, request, **kwargs):
        self.request = request
        return self.lookup(**kwargs)

    def lookup(self):
        return None

    def articles(self, obj):
        depends_on("list-all")
        return selectors.published_articles()

    def url_kwargs(self, obj) -> dict:
        return {}

    def heading(self, obj) -> str:
        """What the feed is about, before the site name in its title."""
        return ""

    # The channel.

    def title(self, obj):
        name = seo.site_name(self.request)
        heading = self.heading(obj)
        return f"{heading} – {name}" if heading else name

    def link(self, obj):
        return urls.home_url()

    def description(self, obj):
        return seo.site_settings(self.request).tagline

    def subtitle(self, obj):
        return self.description(obj)

    def feed_url(self, obj):
        return feed_url(self.url_name, self.fmt, **self.url_kwargs(obj))

    def feed_guid(self, obj):
        return self.feed_url(obj)

    def items(self, obj):
        return feed_items(self.articles(obj))

    # Each article.

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return urls.page_url(item, self.request)

    def item_description(self, item):
        if item.is_sponsored:  # never in a feed without its label
            return escape(f"Sponsored by {item.sponsor_name}. {item.standfirst}")
        return escape(item.standfirst)

    def item_guid(self, item):
        """A tag: URI that stays the same when the article's slug or section changes,
        so readers never show it twice."""
        return f"tag:{urls.site_host()},{item.first_published_at:%Y-%m-%d}:article:{item.pk}"

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at

    def item_author_name(self, item):
        return ", ".join(author.title for author in item.authors) or None

    def item_author_link(self, item):
        return urls.page_url(item.authors[0], self.request) if item.authors else None

    def item_categories(self, item):
        sections = [item.section, *item.extra_categories.all()] if item.section else list(item.extra_categories.all())
        names = [section.title for section in sections] + [tagged.tag.name for tagged in item.tagged_items.all()]
        if item.type_label:  # the article type first: Opinion, Analysis, Sponsored...
            names.insert(0, item.type_label)
        return list(dict.fromkeys(names))

    def item_enclosure_url(self, item):
        return urls.absolute_url(item.feed_image.url) if item.feed_image else None

    # The RSS Best Practices Profile: "use a length of 0" when the size is not known
    # (asking S3 for every rendition's size would cost a request per item).
    item_enclosure_length = 0

    def item_enclosure_mime_type(self, item):
        return seo.image_mime_type(item.feed_image)

    def item_extra_kwargs(self, item):
        rendition = item.feed_image
        if rendition is None:
            return {"image": None}
        image = {
            "url": urls.absolute_url(rendition.url),
            "type": seo.image_mime_type(rendition),
            "width": rendition.width,
            "height": rendition.height,
            "alt": item.featured_image.alt_text,
        }
        return {"image": image}


class SectionFeed(SiteFeed):
    url_name = "section-feed"

    def lookup(self, pk):
        return apps.get_model("news", "SectionPage").objects.live().public().get(pk=pk)

    def articles(self, section):
        return selectors.section_articles(section=section)

    def url_kwargs(self, section):
        return {"pk": section.pk}

    def heading(self, section):
        return section.title

    def link(self, section):
        return urls.page_url(section, self.request)

    def description(self, section):
        return seo.describe(section) or f"The latest news from {section.title}."


class AuthorFeed(SiteFeed):
    url_name = "author-feed"

    def lookup(self, pk):
        return apps.get_model("news", "AuthorPage").objects.live().public().get(pk=pk)

    def articles(self, author):
        return selectors.author_articles(author=author)

    def url_kwargs(self, author):
        return {"pk": author.pk}

    def heading(self, author):
        return author.title

    def link(self, author):
        return urls.page_url(author, self.request)

    def description(self, author):
        return f"The latest articles by {author.title}."


class TagFeed(SiteFeed):
    url_name = "tag-feed"

    def lookup(self, slug):
        return Tag.objects.get(slug=slug)

    def articles(self, tag):
        return selectors.tag_articles(tag=tag)

    def url_kwargs(self, tag):
        return {"slug": tag.slug}

    def heading(self, tag):
        return f"Tagged “{tag.name}”"

    def link(self, tag):
        return urls.absolute_url(reverse("tag_archive", args=[tag.slug]))

    def description(self, tag):
        return f"The latest articles tagged {tag.name}."


class CorrectionsFeed(SiteFeed):
    """The corrections page as a feed: one item per correction, linking to it in its article's log."""

    url_name = "corrections-feed"

    def heading(self, obj):
        return "Corrections"

    def link(self, obj):
        return urls.absolute_url(reverse("corrections"))

    def description(self, obj):
        return "Mistakes we corrected in our articles, newest first."

    def items(self, obj):
        return list(selectors.recent_corrections()[:FEED_ITEM_COUNT])

    def item_title(self, item):
        return f"Correction: {item.page.title}"

    def item_link(self, item):
        return f"{urls.page_url(item.page, self.request)}#{item.anchor}"

    def item_description(self, item):
        return escape(item.text)

    def item_guid(self, item):
        return f"tag:{urls.site_host()},{item.date:%Y-%m-%d}:correction:{item.pk}"

    def item_pubdate(self, item):
        return item.date

    def item_updateddate(self, item):
        return item.date

    def item_author_name(self, item):
        return None

    def item_author_link(self, item):
        return None

    def item_categories(self, item):
        return ["Correction"]

    def item_enclosure_url(self, item):
        return None

    def item_extra_kwargs(self, item):
        return {"image": None}


FEEDS = {
    "site": SiteFeed,
    "section": SectionFeed,
    "author": AuthorFeed,
    "tag": TagFeed,
    "corrections": CorrectionsFeed,
}


@require_safe
def feed_view(request, kind: str, fmt: str, **kwargs):
    """A feed from the cache, built on a miss (Http404 for an unknown section, author or tag)."""

    def build() -> dict:
        response = FEEDS[kind](fmt)(request, **kwargs)
        return {key: response.get(key) for key in ("Content-Type", "Last-Modified")} | {"content": response.content}

    built = cached("feed", [escape_uri_path(request.path)], build)
    response = HttpResponse(built["content"], content_type=built["Content-Type"])
    if built["Last-Modified"]:
        response["Last-Modified"] = built["Last-Modified"]
    return mark_public(response)


def section_feed_link(section) -> seo.FeedLink:
    return feed_link(section.title, "section-feed", pk=section.pk)


def author_feed_link(author) -> seo.FeedLink:
    return feed_link(author.title, "author-feed", pk=author.pk)


def tag_feed_link(tag) -> seo.FeedLink:
    return feed_link(f"Tagged “{tag.name}”", "tag-feed", slug=tag.slug)


def corrections_feed_link() -> seo.FeedLink:
    return feed_link("Corrections", "corrections-feed")

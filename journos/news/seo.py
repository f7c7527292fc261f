"""How each news page describes itself to search engines, social networks and feed readers.

Each function returns the `PageMeta` that base.html renders: description,
canonical URL, share card, feed links and JSON-LD. They reuse what the page
has already loaded (authors, categories, tags, breadcrumbs), so the head
costs the same few queries on every article.
"""

from django.urls import reverse

from journos.comments import selectors as comment_selectors
from journos.core import seo, urls
from journos.core import structured_data as site_ld
from journos.news import feeds
from journos.news import structured_data as news_ld
from journos.news.structured_data import iso_datetime


def home_meta(home, request) -> seo.PageMeta:
    meta = seo.page_meta(home, request)
    meta.title = home.seo_title or seo.site_name(request)
    meta.description = meta.description or seo.site_settings(request).tagline
    meta.structured_data = [site_ld.organization(request), site_ld.website(request)]
    return meta


def article_meta(article, request) -> seo.PageMeta:
    image = article.featured_image or seo.site_settings(request).share_image
    renditions = image.get_renditions(seo.SHARE_IMAGE_SPEC, *news_ld.ARTICLE_IMAGE_SPECS) if image else {}
    meta = seo.page_meta(article, request, image=image, og_type="article")
    meta.og_properties = [
        ("article:published_time", iso_datetime(article.first_published_at)),
        ("article:modified_time", iso_datetime(article.last_published_at or article.first_published_at)),
        ("article:section", article.primary_section.title),
        *[("article:author", urls.page_url(author, request)) for author in article.authors],
        *[("article:tag", tag.name) for tag in article.tag_list],
    ]
    meta.og_properties = [(name, value) for name, value in meta.og_properties if value]
    meta.feeds = [feeds.section_feed_link(article.primary_section)]
    article_images = [renditions[spec] for spec in news_ld.ARTICLE_IMAGE_SPECS if spec in renditions]
    meta.structured_data = [
        news_ld.news_article(article, request, images=article_images, comments=comment_selectors.thread(article)),
        site_ld.page_breadcrumbs(article.breadcrumbs, article, request),
    ]
    return meta


def section_meta(section, request) -> seo.PageMeta:
    meta = seo.page_meta(section, request)
    meta.description = meta.description or f"The latest news from {section.title}."
    meta.feeds = [feeds.section_feed_link(section)]
    meta.structured_data = [
        news_ld.collection_page(
            name=section.title, url=meta.canonical_url, description=meta.description, request=request
        ),
        site_ld.page_breadcrumbs(section.breadcrumbs, section, request),
    ]
    return seo.paginated(meta, request)


def author_meta(author, request) -> seo.PageMeta:
    meta = seo.page_meta(author, request, image=author.photo, og_type="profile")
    meta.description = meta.description or seo.summarise_html(author.bio) or f"Articles by {author.title}."
    meta.feeds = [feeds.author_feed_link(author)]
    meta.structured_data = [
        news_ld.profile_page(author, request, image=meta.image if author.photo else None),
        site_ld.page_breadcrumbs(author.breadcrumbs, author, request),
    ]
    return seo.paginated(meta, request)


def author_index_meta(index, request) -> seo.PageMeta:
    meta = seo.page_meta(index, request)
    meta.structured_data = [
        news_ld.collection_page(
            name=index.title, url=meta.canonical_url, description=meta.description, request=request
        )
    ]
    return meta


def tag_meta(tag, request) -> seo.PageMeta:
    """The tag archive is a plain view, not a page: its head is described here."""
    title = f"Articles tagged “{tag.name}”"
    url = urls.absolute_url(reverse("tag_archive", args=[tag.slug]))
    description = f"The latest articles tagged {tag.name}."
    image, image_alt = seo.share_image(None, request)
    meta = seo.PageMeta(title=title, description=description, canonical_url=url, image=image, image_alt=image_alt)
    meta.feeds = [feeds.tag_feed_link(tag)]
    meta.structured_data = [
        news_ld.collection_page(name=title, url=url, description=description, request=request),
        site_ld.breadcrumb_list([("Home", urls.home_url()), (tag.name, url)]),
    ]
    return seo.paginated(meta, request)


def corrections_meta(request) -> seo.PageMeta:
    """The corrections page is a plain view, not a page: its head is described here."""
    title = "Corrections"
    url = urls.absolute_url(reverse("corrections"))
    description = "Mistakes we corrected in our articles, newest first."
    image, image_alt = seo.share_image(None, request)
    meta = seo.PageMeta(title=title, description=description, canonical_url=url, image=image, image_alt=image_alt)
    meta.feeds = [feeds.corrections_feed_link()]
    meta.structured_data = [
        news_ld.collection_page(name=title, url=url, description=description, request=request),
        site_ld.breadcrumb_list([("Home", urls.home_url()), (title, url)]),
    ]
    return seo.paginated(meta, request)


def live_blog_meta(live_blog, request) -> seo.PageMeta:
    """An article's head, described as a LiveBlogPosting with its updates."""
    meta = article_meta(live_blog, request)
    meta.structured_data[0] = news_ld.live_blog_posting(meta.structured_data[0], live_blog, request)
    return meta

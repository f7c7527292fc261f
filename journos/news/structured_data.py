"""schema.org descriptions (JSON-LD) of news pages, as Google Search and News read them.

Builders only use what the page has already loaded (authors, categories,
tags, renditions), so structured data adds no queries per item.
"""

from django.conf import settings
from django.utils import timezone

from journos.core import seo, urls
from journos.core import structured_data as site_ld

# Google asks for article images in three shapes, at least 1200 pixels wide.
ARTICLE_IMAGE_SPECS = (
    "fill-1200x675|format-jpeg",  # 16:9
    "fill-1200x900|format-jpeg",  # 4:3
    "fill-1200x1200|format-jpeg",  # 1:1
)


def iso_datetime(value) -> str | None:
    """ISO 8601 with the time zone offset, e.g. 2026-05-04T09:30:00+00:00."""
    return timezone.localtime(value).replace(microsecond=0).isoformat() if value else None


def language_tag() -> str:
    """BCP 47 language of the site: 'en-us' → 'en-US'."""
    language, _, region = settings.LANGUAGE_CODE.partition("-")
    return f"{language}-{region.upper()}" if region else language


def compact(data: dict) -> dict:
    """Leave out properties the page has no value for."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


# schema.org's NewsArticle subtypes for each article type (https://schema.org/NewsArticle).
ARTICLE_SCHEMA_TYPES = {
    "news": "NewsArticle",
    "analysis": "AnalysisNewsArticle",
    "opinion": "OpinionNewsArticle",
    "explainer": "BackgroundNewsArticle",
    "review": "ReviewNewsArticle",
    "sponsored": "AdvertiserContentArticle",
}


def person(author, request) -> dict:
    return compact(
        {
            "@type": "Person",
            "name": author.title,
            "url": urls.page_url(author, request),
            "jobTitle": author.role,
        }
    )


def correction_comment(entry, article_url: str) -> dict:
    """A correction of the article (schema.org CorrectionComment); updates are not corrections."""
    return {
        "@type": "CorrectionComment",
        "@id": f"{article_url}#{entry.anchor}",
        "url": f"{article_url}#{entry.anchor}",
        "text": entry.text,
        "datePublished": iso_datetime(entry.date),
    }


def comment(item, request) -> dict:
    """A reader's comment (schema.org Comment), with its replies; a deleted one is named but not quoted."""
    from django.urls import reverse

    from journos.comments.tasks import display_name

    return compact(
        {
            "@type": "Comment",
            "url": urls.absolute_url(reverse("comments:permalink", args=[item.pk])),
            "text": "" if item.deleted else item.body,
            "dateCreated": iso_datetime(item.created_at),
            "author": {"@type": "Person", "name": display_name(item.author)},
            "comment": [comment(reply, request) for reply in getattr(item, "shown_replies", [])],
        }
    )


def news_article(article, request, *, images: list, comments=None) -> dict:
    """`comments`: the first page of the article's comments (journos.comments.selectors.Thread), if any."""
    url = urls.page_url(article, request)
    publisher = site_ld.organization(request, with_context=False)
    sponsor = {"@type": "Organization", "name": article.sponsor_name} if article.is_sponsored else None
    return compact(
        {
            "@context": site_ld.SCHEMA_ORG,
            "@type": ARTICLE_SCHEMA_TYPES.get(article.article_type, "NewsArticle"),
            "genre": article.type_label or None,
            "sponsor": sponsor,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "url": url,
            "headline": article.title,
            "description": article.standfirst,
            "image": [urls.absolute_url(rendition.url) for rendition in images],
            "datePublished": iso_datetime(article.first_published_at),
            "dateModified": iso_datetime(article.last_published_at or article.first_published_at),
            "author": [person(author, request) for author in article.authors],
            "publisher": publisher,
            "publishingPrinciples": publisher.get("publishingPrinciples"),
            "correction": [correction_comment(entry, url) for entry in article.correction_log if entry.is_correction],
            "articleSection": [section.title for section in article.categories],
            "keywords": [tag.name for tag in article.tag_list],
            "inLanguage": language_tag(),
            "commentCount": comments.total if comments is not None else None,
            "comment": [comment(item, request) for item in comments.comments] if comments is not None else [],
        }
    )


def profile_page(author, request, *, image=None) -> dict:
    url = urls.page_url(author, request)
    main_entity = {
        **person(author, request),
        "description": seo.summarise_html(author.bio, 300),
        "image": urls.absolute_url(image.url) if image else None,
        "sameAs": [link for _, link in author.social_links],
    }
    return compact(
        {
            "@context": site_ld.SCHEMA_ORG,
            "@type": "ProfilePage",
            "url": url,
            "name": author.title,
            "dateModified": iso_datetime(author.last_published_at),
            "mainEntity": compact(main_entity),
        }
    )


def collection_page(*, name: str, url: str, description: str, request) -> dict:
    """A listing of articles: a section, a tag archive, the authors index."""
    return compact(
        {
            "@context": site_ld.SCHEMA_ORG,
            "@type": "CollectionPage",
            "name": name,
            "url": url,
            "description": description,
            "isPartOf": site_ld.website_reference(request),
            "inLanguage": language_tag(),
        }
    )


def live_blog_posting(article_data: dict, live_blog, request) -> dict:
    """A live blog: the article's description as a LiveBlogPosting, with its coverage times and updates."""
    page_url = article_data.get("url", "")
    updates = [
        compact(
            {
                "@type": "BlogPosting",
                "@id": f"{page_url}#{entry.anchor}",
                "url": urls.absolute_url(entry.permalink),
                "headline": entry.headline or seo.summarise(entry_text(entry), 110),
                "articleBody": entry_text(entry),
                "datePublished": iso_datetime(entry.posted_at),
            }
        )
        for entry in live_blog.entry_list
    ]
    return compact(
        {
            **article_data,
            "@type": "LiveBlogPosting",
            "coverageStartTime": iso_datetime(live_blog.coverage_start),
            "coverageEndTime": iso_datetime(live_blog.coverage_ended_at),
            "liveBlogUpdate": updates,
        }
    )


def entry_text(entry) -> str:
    """The words of an update (paragraphs, headings, quotes), as one line of plain text."""
    parts = []
    for block in entry.body:
        if block.block_type == "paragraph":
            parts.append(seo.summarise_html(block.value.source, 100_000))
        elif block.block_type == "heading":
            parts.append(str(block.value))
        elif block.block_type == "pull_quote":
            parts.append(f"“{block.value['quote']}”")
    return " ".join(part for part in parts if part)

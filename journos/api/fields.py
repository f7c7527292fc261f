"""How the API writes out what an app shows: authors, a section, tags, a picture with its credit, a body.

Every page embedded in an answer (an article's authors and section) is shown
only if any reader may see it (`Visibility`); otherwise it is left out, so a
draft or private author page never shows through an article.
"""

import re
from html import escape, unescape

from django.urls import reverse
from django.utils.html import strip_tags

from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import PageViewRestriction
from wagtail.rich_text import expand_db_html

from rest_framework.fields import Field

from journos.core import urls
from journos.core.visibility import any_view_restrictions

# Named sizes of every picture, as the site's cards and figures cut them (so they are usually made already).
RENDITIONS = {
    "thumbnail": "fill-320x180|format-jpeg",
    "medium": "fill-800x450|format-jpeg",
    "large": "width-1200|format-jpeg",
}
BODY_IMAGE = "width-1200|format-jpeg"


class Visibility:
    """Whether a page may be shown to anyone: live and not under a private page.

    The private sections are read once per answer (and not at all while no page
    is private), so checking many embedded pages costs no query per page.
    """

    def __init__(self):
        self._private_paths = None

    def private_paths(self) -> tuple[str, ...]:
        if self._private_paths is None:
            restricted = PageViewRestriction.objects.values_list("page__path", flat=True)
            self._private_paths = tuple(restricted) if any_view_restrictions() else ()
        return self._private_paths

    def shows(self, page) -> bool:
        return page is not None and page.live and not page.path.startswith(self.private_paths())


def visibility(context) -> Visibility:
    view = context["view"]
    if not hasattr(view, "visibility"):
        view.visibility = Visibility()
    return view.visibility


def page_summary(page, context) -> dict:
    """An embedded page: its id, its title, where its API answer and its web page are."""
    return {
        "id": page.pk,
        "title": page.title,
        "slug": page.slug,
        "detail_url": detail_url(page.specific_class or type(page), page.pk, context),
        "html_url": urls.page_url(page),
    }


def detail_url(model, pk, context) -> str | None:
    path = context["router"].get_object_detail_urlpath(model, pk)
    return urls.absolute_url(path) if path else None


class DetailUrlField(Field):
    """Where the object's own API answer is, from SITE_URL."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        return detail_url(type(instance), instance.pk, self.context)


class PageHtmlUrlField(Field):
    """The page's address on the site, built from SITE_URL (not from the Site record's hostname)."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return urls.page_url(page) or None


class AuthorsField(Field):
    """An article's authors in byline order (those any reader may see): id, name, role, links."""

    def get_attribute(self, instance):
        return instance.authors

    def to_representation(self, authors):
        shown = visibility(self.context)
        return [
            page_summary(author, self.context) | {"name": author.title, "role": author.role}
            for author in authors
            if shown.shows(author)
        ]


class SectionField(Field):
    """The section an article is filed under (its parent), if any reader may see it."""

    def get_attribute(self, instance):
        return instance.section if hasattr(instance, "section") else instance.primary_section

    def to_representation(self, section):
        return page_summary(section, self.context) if visibility(self.context).shows(section) else None


class TagsField(Field):
    """An article's tags: id, name, slug and the address of the tag's archive."""

    def get_attribute(self, instance):
        return [item.tag for item in instance.tagged_items.all()]

    def to_representation(self, tags):
        return [tag_summary(tag, self.context) for tag in sorted(tags, key=lambda tag: tag.name.lower())]


def tag_summary(tag, context) -> dict:
    return {
        "id": tag.pk,
        "name": tag.name,
        "slug": tag.slug,
        "detail_url": detail_url(type(tag), tag.pk, context),
        "html_url": tag_url(tag),
    }


def tag_url(tag) -> str:
    return urls.absolute_url(reverse("tag_archive", args=[tag.slug]))


class TagHtmlUrlField(Field):
    """The address of the tag's archive on the site."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, tag):
        return tag_url(tag)


class RichTextField(Field):
    """Rich text (a RichTextField) as HTML: links expanded and absolute."""

    def to_representation(self, html):
        return urls.absolutise_links(expand_db_html(html))


class CorrectionsField(Field):
    """An article's corrections and updates, oldest first: date, kind ("correction" or "update"), text."""

    def get_attribute(self, instance):
        return instance.correction_log

    def to_representation(self, entries):
        return [{"date": entry.date.isoformat(), "kind": entry.kind, "text": entry.text} for entry in entries]


class ImageField(Field):
    """A picture: alt text, caption, credit, and renditions in RENDITIONS' sizes (ImageRenditionField)."""

    def to_representation(self, image):
        return image_data(image)


def image_data(image, caption: str = "", credit: str = "") -> dict:
    renditions = {}
    for name, spec in RENDITIONS.items():
        rendition = ImageRenditionField(spec).to_representation(image)
        if "url" in rendition:  # not {"error": ...} for a missing file
            rendition["full_url"] = urls.absolute_url(rendition["url"])
            rendition["alt"] = image.alt_text
        renditions[name] = rendition
    return {
        "id": image.pk,
        "alt": image.alt_text,
        "caption": caption or image.caption,
        "credit": credit or image.credit,
        "renditions": renditions,
    }


class BodyHtmlField(Field):
    """The article's body as HTML for an app: links expanded and absolute, pictures with caption and credit."""

    def to_representation(self, body):
        return stream_html(body)


class BodyTextField(Field):
    """The article's body as plain text: paragraphs, headings and quotes, separated by blank lines."""

    def to_representation(self, body):
        return stream_text(body)


def stream_html(body) -> str:
    """A StoryBlock stream (an article's body, a live blog entry's) as HTML for an app."""
    return urls.absolutise_links("\n".join(filter(None, (block_html(block) for block in body))))


def stream_text(body) -> str:
    """A StoryBlock stream as plain text."""
    return "\n\n".join(filter(None, (block_text(block) for block in body)))


def block_html(block) -> str:
    value = block.value
    match block.block_type:
        case "paragraph":
            return expand_db_html(value.source)
        case "heading":
            return f"<h2>{escape(value)}</h2>"
        case "pull_quote":
            attribution = f"<figcaption>{escape(value['attribution'])}</figcaption>" if value["attribution"] else ""
            return f"<figure><blockquote><p>{escape(value['quote'])}</p></blockquote>{attribution}</figure>"
        case "image" if value["image"] is not None:
            return figure_html(value["image"], value["caption"], value["credit"])
        case "embed" if value:
            return f'<p><a href="{escape(value.url)}">{escape(value.url)}</a></p>'
    return ""  # the "More related posts" marker, a picture since deleted


def figure_html(image, caption: str, credit: str) -> str:
    rendition = image.get_rendition(BODY_IMAGE)
    caption, credit = caption or image.caption, credit or image.credit
    parts = (escape(caption), f"<small>{escape(credit)}</small>" if credit else "")
    captions = " ".join(part for part in parts if part)
    src = escape(urls.absolute_url(rendition.url))
    return (
        f'<figure><img src="{src}" width="{rendition.width}" height="{rendition.height}" '
        f'alt="{escape(image.alt_text)}">{f"<figcaption>{captions}</figcaption>" if captions else ""}</figure>'
    )


BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|ul|ol)>|<br\s*/?>", re.IGNORECASE)


def block_text(block) -> str:
    value = block.value
    match block.block_type:
        case "paragraph":
            text = strip_tags(BLOCK_END.sub("\n", expand_db_html(value.source)))
            return "\n".join(line.strip() for line in unescape(text).splitlines() if line.strip())
        case "heading":
            return str(value)
        case "pull_quote":
            return f"“{value['quote']}”" + (f" ({value['attribution']})" if value["attribution"] else "")
    return ""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from taggit.models import Tag

from journos.core.caching.page_cache import mark_public
from journos.news import selectors
from journos.news.seo import corrections_meta, tag_meta

TAG_ARCHIVE_PER_PAGE = 12
CORRECTIONS_PER_PAGE = 20


@require_safe
def tag_archive(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    context = {
        "tag": tag,
        "listing_tags": [f"list-tag:{tag.pk}"],  # its cached listing is refreshed when the tag's articles change
        "page_number": selectors.requested_page_number(request),
        "articles": selectors.paginate(request, selectors.tag_articles(tag=tag), per_page=TAG_ARCHIVE_PER_PAGE),
        "page_meta": tag_meta(tag, request),
    }
    response = TemplateResponse(request, "news/tag_archive.html", context)
    return mark_public(response)


@require_safe
def corrections(request):
    """Every correction of a published article, newest first (the log of each is on the article)."""
    page_number = selectors.requested_page_number(request)
    context = {
        "page_number": page_number,
        "corrections": selectors.paginate_corrections(request, per_page=CORRECTIONS_PER_PAGE),
        "page_meta": corrections_meta(request),
    }
    return mark_public(TemplateResponse(request, "news/corrections.html", context))

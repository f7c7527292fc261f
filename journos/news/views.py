from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from taggit.models import Tag

from journos.core.cache import mark_public
from journos.news import selectors

TAG_ARCHIVE_PER_PAGE = 12


@require_safe
def tag_archive(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    context = {
        "tag": tag,
        "page_number": selectors.requested_page_number(request),
        "articles": selectors.paginate(request, selectors.tag_articles(tag=tag), per_page=TAG_ARCHIVE_PER_PAGE),
    }
    response = TemplateResponse(request, "news/tag_archive.html", context)
    return mark_public(response)

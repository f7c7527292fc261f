"""Admin behaviour for news pages."""

from django.contrib.contenttypes.models import ContentType

from wagtail import hooks
from wagtail.admin import messages

from journos.news.admin_notices import section_delete_notice
from journos.news.models import ArticlePage


@hooks.register("construct_page_chooser_queryset")
def choose_only_published_articles(pages, request):
    """Page choosers (newsletter articles, pinned related articles, Recommended, lead story, links) offer
    only published articles, so an abandoned draft is never picked by mistake; sections and other pages stay
    browsable. A chooser URL with `drafts=1` asks for unpublished articles too."""
    if request.GET.get("drafts") == "1":
        return pages
    article_type = ContentType.objects.get_for_model(ArticlePage)
    return pages.exclude(content_type=article_type, live=False)


@hooks.register("before_delete_page")
def say_what_deleting_a_section_takes_with_it(request, page):
    """Wagtail's delete confirm page only says "N child pages": for a section, say how many articles (and
    how many of them published) go with it, as a warning at the top of that page. Runs before the
    confirm page is shown (GET); returning nothing lets Wagtail carry on."""
    if request.method == "GET" and (notice := section_delete_notice(page)):
        messages.warning(request, notice)

"""Admin behaviour for news pages: the newsroom dashboard and the page choosers."""

from django.contrib.contenttypes.models import ContentType

from wagtail import hooks

from journos.news import dashboard
from journos.news.models import ArticlePage


@hooks.register("construct_homepage_panels")
def add_newsroom_panels(request, panels):
    dashboard.add_panels(request, panels)


@hooks.register("construct_page_chooser_queryset")
def choose_only_published_articles(pages, request):
    """Page choosers (newsletter articles, pinned related articles, Recommended, lead story, links) offer
    only published articles, so an abandoned draft is never picked by mistake; sections and other pages stay
    browsable. A chooser URL with `drafts=1` asks for unpublished articles too."""
    if request.GET.get("drafts") == "1":
        return pages
    article_type = ContentType.objects.get_for_model(ArticlePage)
    return pages.exclude(content_type=article_type, live=False)

"""Admin behaviour for news pages: the newsroom dashboard and the page choosers."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from wagtail import hooks
from wagtail.admin import messages

from journos.news import dashboard
from journos.news.admin_notices import images_without_alt_text, section_delete_notice
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


@hooks.register("before_delete_page")
def say_what_deleting_a_section_takes_with_it(request, page):
    """Wagtail's delete confirm page only says "N child pages": for a section, say how many articles (and
    how many of them published) go with it, as a warning at the top of that page. Runs before the
    confirm page is shown (GET); returning nothing lets Wagtail carry on."""
    if request.method == "GET" and (notice := section_delete_notice(page)):
        messages.warning(request, notice)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_images_without_alt_text(request, page):
    """Saving or publishing an article whose lead or body images lack alt text (and are not decorative)
    goes ahead, with a warning naming each image and a button to its edit form. Autosaves (which ask for
    JSON) are left quiet, so the warning comes once, when the editor saves."""
    if not isinstance(page, ArticlePage) or not request.accepts("text/html"):
        return
    images = images_without_alt_text(page)
    if not images:
        return
    names = ", ".join(f"“{image.title}”" for image in images)
    buttons = [
        messages.button(reverse("wagtailimages:edit", args=[image.pk]), f"Edit “{image.title}”", new_window=True)
        for image in images
    ]
    messages.warning(
        request,
        f"No alt text on {names}: screen readers cannot describe {'it' if len(images) == 1 else 'them'}. "
        "Add the alt text (or tick “Decorative image”) on the image.",
        buttons=buttons,
    )

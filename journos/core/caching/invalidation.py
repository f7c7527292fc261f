"""The map from a change to the tags it affects, and the signals that feed it.

- A page published, unpublished or moved: `page.changed_tags()` — the page
  itself and the lists that show it (an article: its sections and their
  parents, its authors, its tags, the site-wide lists, its neighbours).
  A page with pages under it moved or renamed, or any live page deleted:
  everything (the addresses of the pages under it changed).
- An image or a tag edited: the image, the tag and the tag's archive.
- Site settings: everything, or only "breaking" when just the breaking-news bar changed
  (`SiteSettings.changed_tags`). Navigation, a Site, or who may see a page: everything.
- Recommended, newsletter lists, search promotions: the fragments showing them.

Tags are worked out at once (relations may be gone after a delete) and
purged once the transaction commits (`content_changed`), so a reader never
caches the old version after the purge.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail.models import Page, get_page_models
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move, pre_page_move

from journos.core.caching.dependencies import ALL, tag_of, track
from journos.core.caching.purge import content_changed
from journos.core.caching.store import stamp


def everything(instance=None) -> list[str]:
    return [ALL]


# Models whose save or delete changes what readers see: model label -> tags affected.
SAVED_OR_DELETED = {
    "core.CustomImage": lambda image: [tag_of(image)],
    "taggit.Tag": lambda tag: [tag_of(tag), f"list-tag:{tag.pk}"],
    "core.SiteSettings": lambda setting: setting.changed_tags(),  # the bar alone: "breaking"
    "core.NavigationSettings": everything,
    "wagtailcore.Site": everything,
    "wagtailcore.PageViewRestriction": everything,
    "engagement.RecommendedSettings": lambda setting: ["recommended"],
    "newsletter.NewsletterList": lambda newsletter: ["newsletter-lists"],
    "wagtailsearchpromotions.SearchPromotion": lambda promotion: ["search-promotions"],
}
# Created, these change nothing readers see: settings are made on first use, new images and tags are shown nowhere.
NOT_SHOWN_WHEN_CREATED = {
    "core.CustomImage",
    "taggit.Tag",
    "core.SiteSettings",
    "core.NavigationSettings",
    "engagement.RecommendedSettings",
}
# Models whose instances tag the render that loads them.
TRACKED = {"core.CustomImage": "image", "taggit.Tag": "tag"}


def changed(tags) -> None:
    """These tags changed: stale at once for this process, purged everywhere once the transaction commits."""
    tags = frozenset(tags)
    stamp(tags)  # what the editor's own request renders next is fresh, even before the commit
    transaction.on_commit(lambda: content_changed.send(sender=None, tags=tags))


def page_changed(page) -> None:
    changed(page.specific_deferred.changed_tags() if hasattr(page.specific_class, "changed_tags") else [tag_of(page)])


def on_page_published_or_unpublished(sender, instance, **kwargs):
    page_changed(instance)


def on_page_renamed_or_moved(sender, instance, **kwargs):
    # Moves send this before (old parents and neighbours) and after the move (new ones).
    if instance.get_children_count():
        changed(everything())
    else:
        page_changed(instance)


def on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and type(instance) is not Page and instance.live:
        changed(everything())


def on_saved_or_deleted(sender, instance, created=False, **kwargs):
    label = sender._meta.label
    if not (created and label in NOT_SHOWN_WHEN_CREATED):
        changed(SAVED_OR_DELETED[label](instance))


def connect() -> None:
    for model in (Page, *get_page_models()):
        track(model, "page")
    for label, prefix in TRACKED.items():
        track(apps.get_model(label), prefix)

    page_published.connect(on_page_published_or_unpublished, dispatch_uid="journos-changed-published")
    page_unpublished.connect(on_page_published_or_unpublished, dispatch_uid="journos-changed-unpublished")
    page_slug_changed.connect(on_page_renamed_or_moved, dispatch_uid="journos-changed-slug")
    pre_page_move.connect(on_page_renamed_or_moved, dispatch_uid="journos-changed-pre-move")
    post_page_move.connect(on_page_renamed_or_moved, dispatch_uid="journos-changed-post-move")
    pre_delete.connect(on_page_deleted, dispatch_uid="journos-changed-page-deleted")
    for label in SAVED_OR_DELETED:
        model = apps.get_model(label)
        for signal in (post_save, post_delete):
            signal.connect(on_saved_or_deleted, sender=model, dispatch_uid=f"journos-changed-{label}-{signal!r}")

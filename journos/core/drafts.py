"""Abandoned drafts never block an editor.

Wagtail saves a new page as a draft as soon as its form is autosaved, so a "New article" form left
half-done becomes a page holding its slug: coming back with the same headline failed with "The slug
... is already in use". When the page in the way is the same editor's own draft that was never
published (not in review, not scheduled, no child pages), it is set aside instead: its slug becomes
"<slug>-draft-<id>" and the new page takes the slug. Set aside, not deleted: nothing the editor
wrote is lost, and the old draft stays in the page tree (and in their drafts) to reuse or delete.
"""

from django.db import transaction

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page


def abandoned_draft(parent: Page, slug: str, user, page: Page | None = None) -> Page | None:
    """The page under `parent` holding `slug`, if it is `user`'s own never-published draft."""
    if parent is None or user is None or not user.is_authenticated:
        return None
    siblings = parent.get_children()
    if page is not None and page.pk:
        siblings = siblings.not_page(page)
    return (
        siblings.filter(
            slug=slug,
            live=False,
            first_published_at__isnull=True,
            owner=user,
            numchild=0,
            go_live_at__isnull=True,
            locked=False,
        )
        .exclude(_workflow_states__status="in_progress")  # in review: not abandoned
        .first()
    )


def set_aside(draft: Page) -> None:
    """Free the draft's slug: rename it on the page and in its latest revision (which publishing uses)."""
    new_slug = f"{draft.slug}-draft-{draft.pk}"[: Page._meta.get_field("slug").max_length]
    with transaction.atomic():
        draft = draft.specific_deferred
        draft.slug = new_slug
        draft.save(clean=False, update_fields=["slug", "url_path"])
        revision = draft.latest_revision
        if revision is not None:
            revision.content["slug"] = new_slug
            revision.save(update_fields=["content"])


class PageForm(WagtailAdminPageForm):
    """Every page's admin form (BasePage.base_form_class): a slug held by the editor's own abandoned
    draft is taken over (see above) instead of refused."""

    draft_in_the_way = None

    def clean(self):
        slug = self.cleaned_data.get("slug")
        cleaned_data = super().clean()
        if slug and "slug" in self.errors:
            draft = abandoned_draft(self.parent_page, slug, self.for_user, page=self.instance)
            if draft is not None and not Page._slug_is_available(slug, self.parent_page, self.instance):
                del self._errors["slug"]  # the only slug error left: "already in use", by that draft
                cleaned_data["slug"] = slug
                self.draft_in_the_way = draft
        return cleaned_data

    def save(self, commit=True):
        if self.draft_in_the_way is not None:
            set_aside(self.draft_in_the_way)
            self.draft_in_the_way = None
        return super().save(commit=commit)

"""The admin's image and document forms (WAGTAILIMAGES_IMAGE_FORM_BASE, WAGTAILDOCS_DOCUMENT_FORM_BASE):
alt text is required unless the image is decorative; upload limits are checked before decoding."""

from django.core.exceptions import ValidationError

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from .uploads import LimitedImageField

ALT_TEXT_LABEL = "Alt text (description)"
ALT_TEXT_HELP = (
    "Read aloud by screen readers and shown when the image cannot load: say what the picture shows "
    "that matters to the story, in a sentence, e.g. 'Firefighters carry a child out of the flooded station'. "
    "Do not start with 'Image of'. Required unless the image is decorative."
)


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            self.fields["description"].label = ALT_TEXT_LABEL
            self.fields["description"].help_text = ALT_TEXT_HELP
        if "file" in self.fields:  # the multiple uploader's edit form has none
            field = self.fields["file"]
            self.fields["file"] = LimitedImageField(label=field.label, required=field.required, widget=field.widget)

    def clean(self):
        cleaned_data = super().clean()
        # The multiple uploader's first step sends only title and file: this error makes Wagtail keep the
        # upload aside and ask for the rest in its edit form, as for any required field.
        if not cleaned_data.get("is_decorative") and not cleaned_data.get("description", "").strip():
            message = "Write the alt text, or tick 'Decorative image' if the picture adds nothing to the text."
            self.add_error("description", ValidationError(message, code="required"))
        return cleaned_data


class DocumentForm(BaseDocumentForm):
    def save(self, commit=True):
        """A replaced file is deleted only once the new one is saved (Wagtail deletes it first,
        so a failed save, such as a full disk, would lose both)."""
        replaced = self.original_file if commit and "file" in self.changed_data else None
        if replaced:
            self.original_file = None  # keeps BaseDocumentForm from deleting it up front
        document = super().save(commit=commit)
        if replaced:
            replaced.storage.delete(replaced.name)
        return document

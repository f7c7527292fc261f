"""The admin's image form (settings.WAGTAILIMAGES_IMAGE_FORM_BASE): alt text is required unless decorative."""

from django.core.exceptions import ValidationError

from wagtail.images.forms import BaseImageForm

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

    def clean(self):
        cleaned_data = super().clean()
        # The multiple uploader's first step sends only title and file: this error makes Wagtail keep the
        # upload aside and ask for the rest in its edit form, as for any required field.
        if not cleaned_data.get("is_decorative") and not cleaned_data.get("description", "").strip():
            message = "Write the alt text, or tick 'Decorative image' if the picture adds nothing to the text."
            self.add_error("description", ValidationError(message, code="required"))
        return cleaned_data

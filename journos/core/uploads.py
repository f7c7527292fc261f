"""Limits on what editors upload, checked before an image is decoded, as form errors.

The limits are Wagtail's own settings: WAGTAILIMAGES_MAX_UPLOAD_SIZE (bytes),
WAGTAILIMAGES_MAX_IMAGE_PIXELS (width × height × frames) and WAGTAILDOCS_MAX_UPLOAD_SIZE.
Wagtail checks them too, but its pixel check counts one frame per animation (Willow's
Pillow plugin) and lets Pillow's decompression-bomb error through as a 500 for an image
whose header claims more pixels than Pillow accepts. Here the file's header is read with
Pillow (Image.open decodes nothing), frames included, before Wagtail's checks run; the
image is then decoded once, within those limits, so a corrupt file is refused up front
instead of failing later on every page that shows it.

Wired in through WAGTAILIMAGES_IMAGE_FORM_BASE and WAGTAILDOCS_DOCUMENT_FORM_BASE.
"""

import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from PIL import Image


class LimitedImageField(WagtailImageField):
    def to_python(self, data):
        if data and hasattr(data, "chunks"):
            self.check_image_file_size(data)  # bytes first: nothing is read yet
            check_image_header(data, self.max_image_pixels, self.error_messages)
        return super().to_python(data)


def check_image_header(upload, max_pixels: int | None, messages: dict) -> None:
    """Refuse an image with too many pixels across its frames, or one that does not decode."""
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Pillow warns past its own limit; ours (below) decides.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                frames = getattr(image, "n_frames", 1)  # GIF, APNG, WebP: read from the headers
                pixels = width * height * frames
                if max_pixels is not None and pixels > max_pixels:
                    raise too_many_pixels(messages, pixels, max_pixels)
                image.load()  # the first frame, within the limit: a truncated or corrupt file fails here
    except Image.DecompressionBombError as error:
        # Far beyond Pillow's own ceiling (e.g. a 69-byte PNG claiming 60000 × 60000).
        raise ValidationError(
            _("This image is far too large (more than %(max_pixels)s pixels).") % {"max_pixels": max_pixels},
            code="file_too_many_pixels",
        ) from error
    except ValidationError:
        raise
    except Exception as error:  # Pillow raises many kinds for files it cannot read
        raise ValidationError(messages["invalid_image"], code="invalid_image") from error
    finally:
        upload.seek(0)


def too_many_pixels(messages: dict, pixels: int, max_pixels: int) -> ValidationError:
    return ValidationError(
        messages["file_too_many_pixels"] % {"num_pixels": pixels, "max_pixels_count": max_pixels},
        code="file_too_many_pixels",
    )


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:  # the multiple uploader's edit form has none
            field = self.fields["file"]
            self.fields["file"] = LimitedImageField(label=field.label, required=field.required, widget=field.widget)


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

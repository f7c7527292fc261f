"""Limits on what editors upload, checked before an image is decoded, as form errors.

The limits are Wagtail's own settings: WAGTAILIMAGES_MAX_UPLOAD_SIZE (bytes),
WAGTAILIMAGES_MAX_IMAGE_PIXELS (width × height × frames) and WAGTAILDOCS_MAX_UPLOAD_SIZE.
Wagtail checks them too, but its pixel check counts one frame per animation (Willow's
Pillow plugin) and lets Pillow's decompression-bomb error through as a 500 for an image
whose header claims more pixels than Pillow accepts. Here the file's header is read with
Pillow (Image.open decodes nothing), frames included, before Wagtail's checks run; the
image is then decoded once, within those limits, so a corrupt file is refused up front
instead of failing later on every page that shows it.

Used by the admin's forms in journos.core.forms.
"""

import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.images.fields import WagtailImageField

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

"""Demo pictures as Wagtail images, kept in their own collection.

An image is found again by its title, so a second seed reuses it instead of
drawing and storing a copy. If its file has gone (media/ deleted), it is
drawn again into the same row.
"""

from io import BytesIO

from django.core.files.images import ImageFile

from wagtail.models import Collection

from journos.core.models import CustomImage

COLLECTION_NAME = "Demo illustrations"


def demo_collection() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


class DemoImages:
    """Finds or makes the demo's images, one query for all the existing ones."""

    def __init__(self):
        self.collection = demo_collection()
        self.by_title = {image.title: image for image in CustomImage.objects.filter(collection=self.collection)}
        self.drawn = 0

    def get(self, *, title: str, filename: str, draw, caption: str, credit: str) -> CustomImage:
        """`draw()` gives (jpeg_bytes, alt_text); it runs only when the picture is missing."""
        image = self.by_title.get(title) or CustomImage(title=title, collection=self.collection)
        changed = False
        if image.pk is None or not image.file.storage.exists(image.file.name):
            data, image.description = draw()
            image.file = ImageFile(BytesIO(data), name=filename)
            image.file_size = None
            image._set_image_file_metadata()
            self.drawn += 1
            changed = True
        if (image.caption, image.credit) != (caption, credit):
            image.caption, image.credit = caption, credit
            changed = True
        if changed:
            image.save()
        self.by_title[title] = image
        return image

"""StreamField blocks shared by articles and standard pages."""

from contextlib import contextmanager
from contextvars import ContextVar

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

# Images already loaded for several streams at once (`preloaded_images`), by id.
_preloaded: ContextVar[dict | None] = ContextVar("journos_preloaded_images", default=None)


class PrefetchingImageChooserBlock(ImageChooserBlock):
    """Loads every image of a stream, with its renditions, in one go.

    Without this each image in a body costs its own rendition query, so an
    article's query count would grow with its pictures. Pages showing many
    streams (a live blog's updates) load all their images at once with
    `preloaded_images`.
    """

    def bulk_to_python(self, values):
        ids = [value for value in values if value is not None]
        images = dict(_preloaded.get() or {})
        missing = [pk for pk in ids if pk not in images]
        if missing:
            images |= self.model_class.objects.prefetch_renditions().in_bulk(missing)
        return [images.get(value) for value in values]


@contextmanager
def preloaded_images(streams):
    """Within this block, the images of these StreamField values (in image blocks) come from one query."""
    from wagtail.images import get_image_model

    ids = {
        item["value"].get(name)
        for stream in streams
        for item in stream.raw_data
        for name in _image_fields(stream.stream_block.child_blocks.get(item["type"]))
        if isinstance(item["value"], dict)
    }
    ids.discard(None)
    images = get_image_model().objects.prefetch_renditions().in_bulk(ids) if ids else {}
    token = _preloaded.set(images)
    try:
        yield
    finally:
        _preloaded.reset(token)


def _image_fields(block) -> list[str]:
    children = getattr(block, "child_blocks", {})
    return [name for name, child in children.items() if isinstance(child, PrefetchingImageChooserBlock)]


class ImageBlock(blocks.StructBlock):
    image = PrefetchingImageChooserBlock()
    caption = blocks.CharBlock(required=False, help_text="Leave empty to use the image's own caption.")
    credit = blocks.CharBlock(required=False, help_text="Leave empty to use the image's own credit.")

    class Meta:
        icon = "image"
        template = "components/blocks/image_block.html"


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        form_classname = "title"
        template = "components/blocks/heading_block.html"


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(help_text="The words quoted, without quotation marks.")
    attribution = blocks.CharBlock(required=False, help_text="Who said it, e.g. 'Maria Lopez, harbour master'.")

    class Meta:
        icon = "openquote"
        template = "components/blocks/pull_quote_block.html"


PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4", "blockquote"]


class StoryBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES, template="components/blocks/paragraph_block.html")
    heading = HeadingBlock()
    image = ImageBlock()
    pull_quote = PullQuoteBlock()
    embed = EmbedBlock(
        help_text="Address of a video or post (YouTube, Vimeo, X...).",
        icon="media",
        template="components/blocks/embed_block.html",
    )

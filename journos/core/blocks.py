"""StreamField blocks shared by articles and standard pages."""

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class PrefetchingImageChooserBlock(ImageChooserBlock):
    """Loads every image of a stream, with its renditions, in one go.

    Without this each image in a body costs its own rendition query, so an
    article's query count would grow with its pictures.
    """

    def bulk_to_python(self, values):
        ids = [value for value in values if value is not None]
        images = self.model_class.objects.prefetch_renditions().in_bulk(ids)
        return [images.get(value) for value in values]


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

"""Wagtail's `{% picture %}` with each width once in a srcset (the project's `{% picture %}` in core_tags).

A rendition never grows past its original, so an upload narrower than the widest size a template asks
for gives the same width several times ("…100w, …100w, …100w"): HTML forbids two candidates of one
width in a srcset, and the browser may pick either. The first rendition of each width is kept.
"""

from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.images.templatetags.wagtailimages_tags import PictureNode


class UniqueWidthPicture(Picture):
    @classmethod
    def get_width_srcset(cls, renditions_list):
        first_of_width = {}
        for rendition in renditions_list:
            first_of_width.setdefault(rendition.width, rendition)
        # Always with its width, even alone: a <source> with `sizes` needs width descriptors.
        return ", ".join(f"{rendition.url} {width}w" for width, rendition in first_of_width.items())


class UniqueWidthPictureNode(PictureNode):
    """Wagtail's PictureNode.render, making a UniqueWidthPicture."""

    def render(self, context):
        image = self.validate_image(context)
        if not image:
            return ""
        renditions = get_renditions_or_not_found(image, self.get_filters())
        if self.output_var_name:
            context[self.output_var_name] = UniqueWidthPicture(renditions)
            return ""
        attrs = {name: value.resolve(context) for name, value in self.attrs.items()}
        return UniqueWidthPicture(renditions, attrs).__html__()

    @classmethod
    def from_wagtail(cls, node):
        return cls(node.image_expr, node.filter_specs, output_var_name=node.output_var_name, attrs=node.attrs)

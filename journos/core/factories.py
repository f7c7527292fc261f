"""Factories for the tests: images (with alt text, caption and credit)."""

import factory
import wagtail_factories

from journos.core.models import CustomImage


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Photo {n}")
    description = factory.LazyAttribute(lambda image: f"Alt text for {image.title}")
    caption = factory.LazyAttribute(lambda image: f"Caption of {image.title}")
    credit = "Staff photographer / Journos"

    class Meta:
        model = CustomImage

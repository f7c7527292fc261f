"""Factories for the tests: footer pages and the contact form."""

import factory

from journos.news.factories import PublishedPageFactory
from journos.pages.models import ContactPage, StandardPage


class StandardPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    introduction = "What this page is about."

    class Meta:
        model = StandardPage


class ContactPageFactory(PublishedPageFactory):
    title = "Contact us"
    slug = "contact"
    to_address = "desk@example.org"
    from_address = "noreply@example.org"
    subject = "Message from the contact form"

    class Meta:
        model = ContactPage

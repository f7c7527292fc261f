"""Footer pages (About, Privacy...) and the contact form."""

from http import HTTPMethod

from django import forms
from django.db import models
from django.utils.cache import add_never_cache_headers

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from modelcluster.fields import ParentalKey

from journos.core.blocks import StoryBlock
from journos.core.pages import BasePage
from journos.pages import tasks


class StandardPage(BasePage):
    """A plain page of text: About, Privacy Policy, Terms, Accessibility..."""

    introduction = models.TextField(blank=True, help_text="A short summary shown under the title.")
    body = StreamField(StoryBlock(), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction"), index.SearchField("body")]

    parent_page_types = ["news.HomePage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage"]


class ContactFormField(AbstractFormField):
    page = ParentalKey("pages.ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(AbstractEmailForm, BasePage):
    """A contact form: submissions are stored in the admin and e-mailed to staff."""

    introduction = models.TextField(blank=True, help_text="Shown above the form.")
    thank_you_text = RichTextField(blank=True, help_text="Shown after the form is sent.")

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("introduction"),
        InlinePanel("form_fields", label="Form field"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [FieldRowPanel(["from_address", "to_address"]), "subject"],
            heading="E-mail sent to staff",
        ),
    ]

    # The form carries a CSRF token, so its HTML is per reader: never cache it.
    cacheable = False
    allowed_http_methods = [*BasePage.allowed_http_methods, HTTPMethod.POST]  # the form posts to the page

    parent_page_types = ["news.HomePage"]
    subpage_types = []
    max_count = 1

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def send_mail(self, form):
        """Staff get the submission from a task: a mail server that is down never fails the reader's form.

        Reply-To is the sender's address (the form's first e-mail field), so staff answer with "Reply".
        """
        addresses = [address.strip() for address in self.to_address.split(",")]
        reply_to = self.sender_address(form)
        tasks.send_contact_email.enqueue(
            self.subject, self.render_email(form), addresses, self.from_address, reply_to=reply_to
        )

    @staticmethod
    def sender_address(form) -> str:
        for name, field in form.fields.items():
            if isinstance(field, forms.EmailField) and form.cleaned_data.get(name):
                return form.cleaned_data[name]
        return ""

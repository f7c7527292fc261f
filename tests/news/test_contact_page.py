"""The contact form stores what readers send and e-mails the newsroom."""

from django.core import mail

from wagtail.contrib.forms.models import FormSubmission

import pytest

from journos.pages.factories import ContactPageFactory, StandardPageFactory
from journos.pages.models import ContactFormField

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(home):
    page = ContactPageFactory(parent=home)
    ContactFormField.objects.create(page=page, label="Your name", field_type="singleline", required=True)
    ContactFormField.objects.create(page=page, label="E-mail", field_type="email", required=True)
    ContactFormField.objects.create(page=page, label="Message", field_type="multiline", required=True)
    return page


def test_message_is_stored_and_sent_to_staff(client, contact):
    response = client.post(
        contact.url, {"your_name": "Pat", "e_mail": "pat@example.org", "message": "A tip about the harbour."}
    )
    assert response.status_code == 200
    assert b"Thank you" in response.content
    assert FormSubmission.objects.filter(page=contact).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["desk@example.org"]
    assert "A tip about the harbour." in mail.outbox[0].body


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"your_name": "Pat", "e_mail": "not-an-address", "message": "Hi"},
        {"your_name": "x" * 100_000, "e_mail": "pat@example.org", "message": "\x00<script>alert(1)</script>"},
    ],
)
def test_bad_input_is_answered_with_field_errors_and_nothing_stored(client, contact, data):
    response = client.post(contact.url, data)
    assert response.status_code == 200
    assert b"form__error" in response.content
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_standard_page_renders_its_text(client, home):
    page = StandardPageFactory(parent=home, title="About us", introduction="Who we are.")
    response = client.get(page.url)
    assert response.status_code == 200
    assert b"Who we are." in response.content


def test_a_mail_server_that_is_down_does_not_fail_the_form(client, contact, smtp_down, caplog):
    data = {"your_name": "Pat", "e_mail": "pat@example.org", "message": "A tip about the harbour."}
    response = client.post(contact.url, data)
    assert response.status_code == 200 and b"Thank you" in response.content
    assert FormSubmission.objects.filter(page=contact).count() == 1
    assert "send_contact_email failed" in caplog.text

    smtp_down.start()
    client.post(contact.url, data)
    [message] = smtp_down.mailbox.to("desk@example.org")
    assert "A tip about the harbour." in message.get_content()


def test_staff_reply_goes_to_the_sender(client, contact, smtp_down):
    smtp_down.start()  # a real SMTP server (aiosmtpd), up
    data = {"your_name": "Pat", "e_mail": "pat@example.org", "message": "A tip about the harbour."}
    client.post(contact.url, data)
    [message] = smtp_down.mailbox.to("desk@example.org")
    assert message["Reply-To"] == "pat@example.org"
    assert message["From"] == contact.from_address  # our own address: the sender's would fail SPF/DMARC

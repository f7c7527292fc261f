"""The contact form's e-mail to staff, sent from a task (see journos.core.mail)."""

from wagtail.admin.mail import send_mail

from journos.core.mail import email_task


@email_task
def send_contact_email(subject: str, body: str, to: list[str], from_email: str, reply_to: str = "") -> None:
    send_mail(subject, body, to, from_email, reply_to=[reply_to] if reply_to else None)

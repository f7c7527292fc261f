"""Account e-mails: branded HTML plus plain text, links built by journos.core.urls."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from wagtail.models import Site

from journos.core.brand import email_logo
from journos.core.urls import home_url


def default_site() -> Site | None:
    return Site.objects.filter(is_default_site=True).first()


def site_name(site: Site | None = None) -> str:
    site = site or default_site()
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


def duration(seconds: int) -> str:
    """15 minutes, 1 hour, 3 days: how long a link works, in words."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds} seconds"


def send_account_email(template: str, to: str, context: dict) -> None:
    """Render accounts/email/<template>{_subject.txt,.txt,.html} and send them as one message."""
    site = default_site()
    context = {"site_name": site_name(site), "site_url": home_url(), "logo": email_logo(site), **context}
    subject = " ".join(render_to_string(f"accounts/email/{template}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"accounts/email/{template}.txt", context),
        to=[to],
    )
    message.attach_alternative(render_to_string(f"accounts/email/{template}.html", context), "text/html")
    message.send()

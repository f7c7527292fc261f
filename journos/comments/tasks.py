"""Reply e-mails, sent as background tasks (journos.core.mail): only to readers who asked for them."""

from email.utils import make_msgid

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from journos.accounts.emails import default_site, site_name
from journos.comments import tokens
from journos.core.brand import email_logo
from journos.core.mail import email_task
from journos.core.urls import absolute_url, home_url, site_host


def unsubscribe_url(user) -> str:
    return absolute_url(reverse("comments:unsubscribe", args=[tokens.make_unsubscribe_token(user)]))


@email_task
def send_reply_notification(reply_id: int) -> None:
    from journos.comments.models import Comment

    reply = Comment.objects.select_related("author", "parent__author", "page").filter(pk=reply_id).first()
    if reply is None or not reply.is_public or reply.parent is None:
        return
    reader = reply.parent.author
    if reader is None or reader.pk == reply.author_id or not reader.is_active or not reader.email_verified:
        return
    if not getattr(getattr(reader, "commenter", None), "notify_replies", False):
        return
    unsubscribe = unsubscribe_url(reader)
    site = default_site()
    context = {
        "site_name": site_name(site),
        "site_url": home_url(),
        "logo": email_logo(site),
        "reader": reader,
        "reply": reply,
        "replier": display_name(reply.author),
        "article_title": reply.page.title,
        "link": absolute_url(reverse("comments:permalink", args=[reply.pk])),
        "account_link": absolute_url(reverse("accounts:account") + "#comments"),
        "unsubscribe_url": unsubscribe,
    }
    message = EmailMultiAlternatives(
        subject=f"{context['replier']} replied to your comment on “{reply.page.title}”",
        body=render_to_string("comments/email/reply.txt", context),
        to=[reader.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Message-ID": make_msgid(domain=site_host()),
        },
    )
    message.attach_alternative(render_to_string("comments/email/reply.html", context), "text/html")
    message.send()


def display_name(user) -> str:
    """How a commenter is named on the site: first name or username; "A former reader" once the account is gone."""
    if user is None:
        return "A former reader"
    return user.get_short_name() or user.get_username()

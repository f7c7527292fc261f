"""The e-mails: an issue (HTML with inlined CSS, plain text, one-click unsubscribe) and the confirmation.

An issue is rendered once; only the unsubscribe link changes per reader, so
sending costs a string replacement per e-mail, not a template render.
"""

from dataclasses import dataclass
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse

from wagtail.models import Site

import css_inline

from journos.core.brand import email_logo
from journos.core.urls import absolute_url, absolutise_links, home_url, page_url, site_host
from journos.newsletter import conf, tokens

UNSUBSCRIBE_PLACEHOLDER = "https://unsubscribe.invalid/journos-unsubscribe-link"
IMAGE_SPEC = "fill-600x338|format-jpeg|jpegquality-80"
INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


def from_email() -> str:
    return conf.get("FROM_EMAIL") or settings.DEFAULT_FROM_EMAIL


def newsletter_connection():
    """The newsletter's own backend (e.g. an anymail one for bulk mail), or the site's default."""
    return get_connection(backend=conf.get("EMAIL_BACKEND"))


def branding() -> dict:
    from journos.core.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    tagline = SiteSettings.for_site(site).tagline if site else ""
    return {"site_name": name, "tagline": tagline, "site_url": home_url(), "logo": email_logo(site)}


@dataclass
class RenderedIssue:
    subject: str
    html: str
    text: str
    list_id: str

    def personalise(self, unsubscribe_url: str) -> tuple[str, str]:
        return (
            self.html.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url),
            self.text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url),
        )


def issue_articles(issue) -> list[dict]:
    """The issue's published articles in the editor's order, with absolute links and image URLs."""
    from journos.news import selectors as news_selectors

    order = [item.article_id for item in issue.articles.all()]
    found = {
        article.pk: article
        for article in news_selectors.listing(news_selectors.published_articles().filter(pk__in=order))
    }
    return [_article_context(found[pk]) for pk in order if pk in found]


def _article_context(article) -> dict:
    image = article.featured_image
    rendition = image.get_rendition(IMAGE_SPEC) if image else None
    return {
        "title": article.title,
        "standfirst": article.standfirst,
        "url": page_url(article),
        "section": article.section.title if getattr(article, "section", None) else "",
        # The article type, as on the site's cards: sponsored content is never sent without its label.
        "label": f"Sponsored by {article.sponsor_name}" if article.is_sponsored else article.type_label,
        "image_url": absolute_url(rendition.url) if rendition else "",
        "image_alt": image.alt_text if image else "",
        "image_width": rendition.width if rendition else 0,
        "image_height": rendition.height if rendition else 0,
    }


def render_issue(issue, *, unsubscribe_url: str = UNSUBSCRIBE_PLACEHOLDER) -> RenderedIssue:
    context = {
        **branding(),
        "issue": issue,
        "newsletter": issue.newsletter,
        "articles": issue_articles(issue),
        "unsubscribe_url": unsubscribe_url,
        "manage_url": absolute_url(reverse("newsletter:index")),
    }
    html = absolutise_links(INLINER.inline(render_to_string("newsletter/email/issue.html", context)))
    text = render_to_string("newsletter/email/issue.txt", context)
    list_id = f"{issue.newsletter.name} <{issue.newsletter.slug}.{site_host()}>"
    return RenderedIssue(issue.subject, html, text, list_id=list_id)


def unsubscribe_url(subscriber, newsletter) -> str:
    token = tokens.make_unsubscribe_token(subscriber, newsletter)
    return absolute_url(reverse("newsletter:unsubscribe", args=[token]))


def issue_message(rendered: RenderedIssue, *, to: str, unsubscribe: str, connection=None) -> EmailMultiAlternatives:
    """One reader's copy, with RFC 8058 one-click unsubscribe headers."""
    html, text = rendered.personalise(unsubscribe)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=text,
        from_email=from_email(),
        to=[to],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": rendered.list_id,
            "Message-ID": make_msgid(domain=site_host()),
            "Precedence": "bulk",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def preview_unsubscribe_url() -> str:
    """In previews and tests the unsubscribe link leads to the newsletter page, unsubscribing nobody."""
    return absolute_url(reverse("newsletter:index"))


def send_test(issue, *, to: str) -> None:
    """A copy for the editor, sent at once through the newsletter's backend."""
    rendered = render_issue(issue)
    rendered.subject = f"[Test] {rendered.subject}"
    message = issue_message(rendered, to=to, unsubscribe=preview_unsubscribe_url(), connection=newsletter_connection())
    message.send()


def send_confirmation(subscriber) -> None:
    """The double opt-in e-mail: a signed, expiring link to a page with a confirm button."""
    context = {
        **branding(),
        "confirm_url": absolute_url(reverse("newsletter:confirm", args=[tokens.make_confirm_token(subscriber)])),
        "newsletters": [item.newsletter for item in subscriber.subscriptions.select_related("newsletter")],
        "valid_days": max(1, conf.get("CONFIRM_MAX_AGE") // 86400),
    }
    message = EmailMultiAlternatives(
        subject=f"Confirm your subscription to {context['site_name']}",
        body=render_to_string("newsletter/email/confirm.txt", context),
        from_email=from_email(),
        to=[subscriber.email],
    )
    message.attach_alternative(INLINER.inline(render_to_string("newsletter/email/confirm.html", context)), "text/html")
    message.send()

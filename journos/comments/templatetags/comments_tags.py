from django import template

from journos.comments import selectors
from journos.comments.tasks import display_name
from journos.comments.text import render_body

register = template.Library()


@register.filter
def comment_body(text: str):
    """A comment's text as escaped paragraphs with links (journos.comments.text)."""
    return render_body(text)


@register.filter
def commenter(user) -> str:
    return display_name(user)


@register.simple_tag
def comment_count(article) -> int:
    """The article's comment count; the render depends on its comments (cache tag comments:<id>)."""
    return selectors.comment_count(article)


@register.simple_tag
def comment_thread(article, order: str, number: int):
    return selectors.thread(article, order=order, number=number)


@register.simple_tag(takes_context=True)
def comments_open(context, article) -> bool:
    from journos.core.models import SiteSettings

    request = context.get("request")
    return selectors.is_open(article, SiteSettings.for_request(request)) if request else article.comments_open


@register.filter
def card_comment_count(article):
    """On cards: the count annotated by the listing (None when the listing did not load it)."""
    return getattr(article, "public_comment_count", None)


@register.simple_tag
def reply_notifications_on(user) -> bool:
    """The account page's option (journos.comments.models.CommenterStatus.notify_replies)."""
    from journos.comments.models import CommenterStatus

    return CommenterStatus.objects.filter(user=user, notify_replies=True).exists()


@register.simple_tag
def recent_comments(user, limit: int = 5) -> list:
    """The reader's latest comments for the account page, with their articles, in one query."""
    from journos.comments.models import Comment

    return list(
        Comment.objects.filter(author=user, deleted=False)
        .exclude(status=Comment.Status.REJECTED)
        .select_related("page")
        .order_by("-created_at", "-id")[:limit]
    )

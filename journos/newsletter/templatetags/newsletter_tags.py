from django import template

from journos.core.caching.store import cached
from journos.newsletter import selectors, services

register = template.Library()


def signup_lists() -> list[dict]:
    """The lists offered in the sign-up box: cached until a list changes, so pages spend no query on them."""
    fields = ("slug", "name", "frequency", "description", "is_default")
    return cached(
        "newsletter-signup-lists",
        build=lambda: list(selectors.active_lists().values(*fields)),
        tags=["newsletter-lists"],
    )


@register.inclusion_tag("newsletter/includes/subscribe_form.html")
def newsletter_signup_form(prefix="newsletter", source="", form=None, lists=None, show_details=False):
    lists = signup_lists() if lists is None else lists
    if form is not None and form.is_bound:
        checked = form.data.getlist("lists")
    else:
        checked = [_field(item, "slug") for item in lists if _field(item, "is_default") or len(lists) == 1]
    return {
        "prefix": prefix,
        "source": source,
        "form": form,
        "lists": lists,
        "checked": checked,
        "show_details": show_details,
        "consent_text": services.CONSENT_TEXT,
    }


def _field(item, name):
    return item[name] if isinstance(item, dict) else getattr(item, name)


@register.simple_tag
def newsletter_signup_lists():
    return signup_lists()


@register.inclusion_tag("newsletter/includes/account_panel_form.html", takes_context=True)
def newsletter_account_panel(context):
    """The signed-in reader's lists, for the account page (not cached; carries a CSRF token)."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    subscriptions = services.subscriptions_for_user(user) if user and user.is_authenticated else {}
    lists = [{"list": item, "subscription": subscriptions.get(item.pk)} for item in selectors.active_lists()]
    return {
        "request": request,
        "user": user,
        "lists": lists,
        "has_email": bool(services.user_email(user)) if user else False,
        "next": request.get_full_path() if request else "/account/",
        "csrf_token": context.get("csrf_token"),
    }

"""Public newsletter pages: sign-up, confirmation, unsubscribe; and the account page's list form.

The sign-up form sits on cached pages, so it carries no CSRF token: the
subscribe endpoint is CSRF-exempt. That is safe because a forged sign-up only
sends a confirmation e-mail (double opt-in); a same-site check, a honeypot
and rate limits keep abuse down.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from journos.core import ratelimit
from journos.core.caching.page_cache import mark_public
from journos.core.clients import client_ip
from journos.core.origins import is_same_site
from journos.newsletter import selectors, services, tokens
from journos.newsletter.forms import AccountListsForm, SubscribeForm


@require_GET
def index(request):
    """What each newsletter is and how often it comes, with the sign-up form. Cacheable."""
    response = render(request, "newsletter/index.html", {"form": SubscribeForm(), "lists": selectors.active_lists()})
    return mark_public(response)


@require_GET
def check_inbox(request):
    """Where every sign-up lands, whatever the address's state: nothing to enumerate."""
    return mark_public(render(request, "newsletter/check_inbox.html"))


@csrf_exempt
@never_cache
@require_POST
def subscribe(request):
    if not is_same_site(request):
        return render(request, "newsletter/message.html", FORBIDDEN, status=403)
    if not ratelimit.allow("newsletter-signups", client_ip(request)):
        return render(request, "newsletter/message.html", TOO_MANY, status=429)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        context = {"form": form, "lists": selectors.active_lists()}
        return render(request, "newsletter/index.html", context, status=400)
    if not form.is_bot:
        source = form.cleaned_data["source"] or "newsletter page"
        services.subscribe(email=form.cleaned_data["email"], newsletters=form.cleaned_data["lists"], source=source)
    return redirect("newsletter:check_inbox")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """A page with a button: only the POST confirms, so link-following scanners confirm nothing."""
    try:
        if request.method == "POST":
            result = services.confirm(token=token)
            return render(request, "newsletter/confirmed.html", {"newsletters": result.newsletters})
        subscriber = services.subscriber_from_confirm_token(token)
    except tokens.ExpiredLink:
        return render(request, "newsletter/message.html", EXPIRED, status=410)
    except tokens.InvalidLink:
        return render(request, "newsletter/message.html", INVALID, status=400)
    return render(request, "newsletter/confirm.html", {"email": subscriber.email})


@csrf_exempt  # RFC 8058: mail providers POST `List-Unsubscribe=One-Click` without cookies or tokens
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        subscriber, newsletter = services.subscriber_from_unsubscribe_token(token)
    except tokens.InvalidLink:
        return render(request, "newsletter/message.html", INVALID, status=400)
    if request.method == "GET":
        return render(request, "newsletter/unsubscribe.html", {"newsletter": newsletter})
    if request.POST.get("scope") == "all":
        newsletter = None
    services.unsubscribe(subscriber=subscriber, newsletter=newsletter)
    return render(request, "newsletter/unsubscribed.html", {"newsletter": newsletter})


@login_required
@require_POST
def account_lists(request):
    """The account page's form: the signed-in reader's lists, matched by the account's e-mail."""
    form = AccountListsForm(request.POST)
    next_url = safe_next(request)
    if not form.is_valid():
        messages.error(request, "Choose from the newsletters listed.")
        return redirect(next_url)
    sent = services.set_user_lists(user=request.user, newsletters=list(form.cleaned_data["lists"]))
    if sent:
        messages.success(request, "Check your inbox: we sent a link to confirm the newsletters you added.")
    else:
        messages.success(request, "Your newsletter choices are saved.")
    return redirect(next_url)


# Helpers -------------------------------------------------------------------


def safe_next(request) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/account/"


FORBIDDEN = {
    "title": "Sign-up refused",
    "message": "This form can only be sent from our own pages. Please use the form on our newsletter page.",
}
TOO_MANY = {
    "title": "Too many attempts",
    "message": "You have tried to sign up many times in a short while. Please wait an hour and try again.",
}
INVALID = {
    "title": "This link is not valid",
    "message": "The link may have been cut short by your e-mail program. Copy the whole link from the e-mail, "
    "or sign up again from our newsletter page.",
}
EXPIRED = {
    "title": "This link has expired",
    "message": "Confirmation links are valid for a few days. Sign up again and we will send you a new one.",
}

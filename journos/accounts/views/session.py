"""Signing in and out: login page and dialog, e-mail sign-in links, lockouts, header status."""

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.http import HttpResponseNotAllowed, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render, resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from wagtail.admin.views import account as wagtail_account

from journos.accounts import services, tasks, tokens
from journos.accounts.forms import IdentifierForm, LoginForm
from journos.accounts.http import safe_next
from journos.accounts.views.common import SIGN_IN_BACKEND, identifier_request, link_invalid


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_redirect_url(self):
        next_path = safe_next(self.request)
        return "" if next_path == self.request.path else next_path

    def form_valid(self, form):
        response = super().form_valid(form)
        if not form.cleaned_data.get("remember_me"):
            self.request.session.set_expiry(0)  # ends when the browser closes
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


@require_safe
def login_dialog(request):
    """The forms for the header's login dialog, fetched when it opens (they carry a CSRF token,
    so they cannot be part of the cached page). They post to the full pages."""
    context = {
        "login_form": LoginForm(request, auto_id="dialog-login-%s"),
        "reset_form": IdentifierForm(auto_id="dialog-reset-%s"),
        "next": safe_next(request),
    }
    return TemplateResponse(request, "accounts/includes/dialog_forms.html", context)


@require_http_methods(["GET", "POST"])
def logout_view(request):
    """POST signs out; GET (a bookmark, no JavaScript) only asks to confirm."""
    if request.method == "POST":
        logout(request)
        return redirect(safe_next(request, default=resolve_url(settings.LOGOUT_REDIRECT_URL)))
    return TemplateResponse(request, "accounts/logout.html", {"next": safe_next(request)})


class StaffLogoutView(wagtail_account.LogoutView):
    """The admin's "Log out" (a POST from its menu, with the CSRF token): Wagtail's view, but only for a POST.

    Wagtail's view deletes the session cookie after whatever its parent answered, the 405 to a GET included, so
    any page could sign staff out with a link or an image. Anything but POST is answered here, before it runs.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST":
            response = HttpResponseNotAllowed(["POST"], "Sign out with the admin's Log out button.\n")
            response["Content-Type"] = "text/plain; charset=utf-8"
            return response
        return super().dispatch(request, *args, **kwargs)


@require_safe
def status(request):
    """Who is signed in, for the header script. Never cached."""
    user = request.user
    if not user.is_authenticated:
        return JsonResponse({"authenticated": False})
    return JsonResponse(
        {
            "authenticated": True,
            "name": user.get_short_name() or user.get_username(),
            "account_url": reverse("accounts:account"),
            "logout_url": reverse("accounts:logout"),
            "csrf_token": get_token(request),
        }
    )


@require_http_methods(["GET", "POST"])
def sign_in_link(request):
    return identifier_request(
        request,
        scope="sign-in-link",
        send=lambda identifier, next_path: tasks.send_sign_in_link.enqueue(identifier, next_path),
        template="accounts/sign_in_link.html",
        sent_url=reverse("accounts:sign_in_link_sent"),
    )


@require_http_methods(["GET", "POST"])
def sign_in_link_confirm(request, token):
    """GET only shows a button: mail scanners that follow links must not use up the link."""
    try:
        user = tokens.read_sign_in_token(token)
    except tokens.InvalidLink:
        return link_invalid(request)
    if request.method == "POST":
        login(request, user, backend=SIGN_IN_BACKEND)  # updates last_login: the link is now used
        if not request.POST.get("remember_me"):
            request.session.set_expiry(0)
        services.mark_email_verified(user)
        return redirect(safe_next(request, default=resolve_url(settings.LOGIN_REDIRECT_URL)))
    return TemplateResponse(
        request, "accounts/sign_in_link_confirm.html", {"account": user, "next": safe_next(request)}
    )


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this instead of the login answer while an account or address is locked.

    The admin login gets the admin's own page; the site's login, the site's (with its ways in by e-mail).
    """
    context = {"cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)}
    if request.path.startswith(reverse("wagtailadmin_home")):
        template = "accounts/admin/locked_out.html"
    else:
        template, context["form"] = "accounts/locked_out.html", LoginForm(request)
    response = render(request, template, context, status=settings.AXES_HTTP_RESPONSE_CODE)
    response["Cache-Control"] = "no-cache, no-store, must-revalidate, private, max-age=0"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response

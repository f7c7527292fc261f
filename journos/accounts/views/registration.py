"""Creating an account and confirming e-mail addresses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST

from journos.accounts import services, tasks, tokens
from journos.accounts.forms import RegistrationForm
from journos.accounts.throttling import allow_account_email
from journos.accounts.views.common import TOO_MANY_EMAILS, form_status, link_invalid


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        data = form.cleaned_data
        if not allow_account_email(request, "register", data["email"]):
            return TemplateResponse(
                request, "accounts/register.html", {"form": form, "throttled": TOO_MANY_EMAILS}, status=429
            )
        try:
            services.register_reader(username=data["username"], email=data["email"], password=data["password1"])
        except services.UsernameTaken:
            form.add_error("username", "This username is taken. Please choose another.")
        else:
            # The same page whether an account was created or the address already had one.
            return redirect("accounts:register_done")
    return TemplateResponse(request, "accounts/register.html", {"form": form}, status=form_status(form))


@require_http_methods(["GET", "POST"])
def verify_email(request, token):
    """GET only shows a button: mail scanners that follow links must not confirm addresses."""
    try:
        user, email = tokens.read_verification_token(token)
    except tokens.InvalidLink:
        return link_invalid(request)
    if request.method == "POST":
        if not services.confirm_email(user, email):
            return TemplateResponse(request, "accounts/verify_taken.html", {"email": email}, status=409)
        return redirect("accounts:email_verified")
    return TemplateResponse(request, "accounts/verify_confirm.html", {"account": user, "email": email})


@login_required
@require_POST
def resend_verification(request):
    user = request.user
    if user.email_verified or not user.email:
        return redirect("accounts:account")
    if not allow_account_email(request, "verify", user.email):
        messages.error(request, TOO_MANY_EMAILS)
    else:
        tasks.send_verification.enqueue(user.pk, user.email)
        messages.success(request, f"We sent a new confirmation link to {user.email}.")
    return redirect("accounts:account")

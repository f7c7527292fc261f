"""The reader's account page: name, e-mail, password, newsletter, deletion."""

from django.contrib import messages
from django.contrib.auth import get_user_model, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST, require_safe

from journos.accounts import services
from journos.accounts.forms import AccountPasswordChangeForm, DeleteAccountForm, EmailChangeForm, ProfileForm
from journos.accounts.throttling import allow_account_email
from journos.accounts.views.common import TOO_MANY_EMAILS
from journos.core import ratelimit

User = get_user_model()

TOO_MANY_PASSWORD_CHECKS = "Too many attempts. Please wait an hour, or reset your password."


# Each form's section on the page: its anchor and heading, for the error summary.
SECTIONS = {
    "profile_form": ("name", "Name"),
    "email_form": ("email", "E-mail address"),
    "password_form": ("password", "Password"),
    "delete_form": ("delete", "Delete your account"),
}


def render_account(request, status: int = 200, **forms):
    user = request.user
    context = {
        "profile_form": ProfileForm(instance=user, prefix="profile"),
        "email_form": EmailChangeForm(user, prefix="email"),
        "password_form": AccountPasswordChangeForm(user, prefix="password"),
        "delete_form": DeleteAccountForm(user, prefix="delete"),
        "can_delete": can_delete_here(user),
        "error_summary": error_summary(forms),
        **forms,
    }
    return TemplateResponse(request, "accounts/account.html", context, status=status)


def error_summary(forms: dict) -> list[dict]:
    """The errors of the form that failed, for the top of the page: the page is long and its
    forms are far down, so each error links to its field (or, for the whole form, its section)."""
    items = []
    for key, form in forms.items():
        anchor, heading = SECTIONS[key]
        for name, errors in form.errors.items():
            target = anchor if name == NON_FIELD_ERRORS else form[name].auto_id
            items.extend({"section": heading, "message": error, "href": f"#{target}"} for error in errors)
    return items


def can_delete_here(user) -> bool:
    """Staff accounts own pages and revisions: an administrator removes them in the admin."""
    return not (user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def password_checks_allowed(request) -> bool:
    """Forms that check the current password are rate limited, so a stolen session cannot guess it."""
    return ratelimit.allow("password-checks", str(request.user.pk))


def too_many_password_checks(request):
    # The submitted password is not even checked: the answer must not say whether it was right.
    messages.error(request, TOO_MANY_PASSWORD_CHECKS)
    return render_account(request, 429)


@login_required
@require_safe
def account(request):
    return render_account(request)


@login_required
@require_POST
def update_profile(request):
    # A fresh copy, so a rejected form does not change the name shown elsewhere on the page.
    form = ProfileForm(request.POST, instance=User._default_manager.get(pk=request.user.pk), prefix="profile")
    if not form.is_valid():
        return render_account(request, 400, profile_form=form)
    form.save()
    messages.success(request, "Your name has been saved.")
    return redirect("accounts:account")


@login_required
@require_POST
def change_email(request):
    form = EmailChangeForm(request.user, request.POST, prefix="email")
    if not password_checks_allowed(request):
        return too_many_password_checks(request)
    if not form.is_valid():
        return render_account(request, 400, email_form=form)
    new_email = form.cleaned_data["new_email"]
    if not allow_account_email(request, "change-email", new_email):
        form.add_error(None, TOO_MANY_EMAILS)
        return render_account(request, 429, email_form=form)
    services.request_email_change(request.user, new_email)
    messages.success(
        request,
        f"We sent a confirmation link to {new_email}. Your address changes when you follow it; "
        "until then we keep using your current one.",
    )
    return redirect("accounts:account")


@login_required
@require_POST
def change_password(request):
    form = AccountPasswordChangeForm(request.user, request.POST, prefix="password")
    if not password_checks_allowed(request):
        return too_many_password_checks(request)
    if not form.is_valid():
        return render_account(request, 400, password_form=form)
    user = form.save()
    # Keeps this session; every other session of the account is signed out.
    update_session_auth_hash(request, user)
    messages.success(request, "Your password has been changed. Other devices have been signed out.")
    return redirect("accounts:account")


@login_required
@require_POST
def delete_account(request):
    user = request.user
    if not can_delete_here(user):
        raise PermissionDenied("Staff accounts are removed by an administrator in the admin.")
    form = DeleteAccountForm(user, request.POST, prefix="delete")
    if not password_checks_allowed(request):
        return too_many_password_checks(request)
    if not form.is_valid():
        return render_account(request, 400, delete_form=form)
    logout(request)
    services.delete_account(user)
    return redirect("accounts:account_deleted")

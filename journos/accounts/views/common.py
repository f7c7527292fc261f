from django.shortcuts import redirect
from django.template.response import TemplateResponse

from journos.accounts.forms import IdentifierForm
from journos.accounts.http import safe_next
from journos.accounts.throttling import allow_account_email

# Django's login() needs to know which backend vouched for a reader signed in by e-mail link.
SIGN_IN_BACKEND = "journos.accounts.backends.UsernameOrEmailBackend"

TOO_MANY_EMAILS = "Too many e-mails were requested. Please wait an hour, then try again."


def form_status(form) -> int:
    """200 for a fresh form, 400 when a submitted one has errors."""
    return 400 if form.is_bound and form.errors else 200


def link_invalid(request):
    return TemplateResponse(request, "accounts/link_invalid.html", status=400)


def identifier_request(request, *, scope: str, send, template: str, sent_url: str):
    """The password-retrieval and e-mail-link forms: one question, the same answer for everyone.

    Whether or not an account matches, the view enqueues the same task (through
    `send(identifier, next_path)`) and redirects to the same "check your inbox"
    page; the task does the lookup.
    """
    form = IdentifierForm(request.POST if request.method == "POST" else None)
    next_path = safe_next(request)
    if form.is_valid():
        identifier = form.cleaned_data["identifier"].strip()
        if not allow_account_email(request, scope, identifier):
            context = {"form": form, "next": next_path, "throttled": TOO_MANY_EMAILS}
            return TemplateResponse(request, template, context, status=429)
        send(identifier, next_path)
        return redirect(sent_url)
    return TemplateResponse(request, template, {"form": form, "next": next_path}, status=form_status(form))

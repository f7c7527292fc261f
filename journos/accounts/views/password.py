"""Password retrieval by username or e-mail address."""

from django.contrib.auth import views as auth_views
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods

from journos.accounts import services, tasks
from journos.accounts.forms import NewPasswordForm
from journos.accounts.views.common import SIGN_IN_BACKEND, identifier_request


@require_http_methods(["GET", "POST"])
def password_reset(request):
    return identifier_request(
        request,
        scope="password-reset",
        send=lambda identifier, next_path: tasks.send_password_reset.enqueue(identifier),
        template="accounts/password_reset.html",
        sent_url=reverse("accounts:password_reset_sent"),
    )


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's view (one-time token, kept out of the address bar); then the reader is signed in."""

    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = True
    post_reset_login_backend = SIGN_IN_BACKEND

    def form_valid(self, form):
        response = super().form_valid(form)
        services.mark_email_verified(self.user)
        services.unlock(self.user)  # a reset is the way out of a lockout
        return response

    def render_to_response(self, context, **kwargs):
        if not self.validlink:
            kwargs["status"] = 400
        elif self.request.method == "POST":
            kwargs["status"] = 400  # only an invalid form is re-rendered after a POST
        return super().render_to_response(context, **kwargs)

"""Every account URL, each wrapped in account_page: never cached, never indexed."""

from django.urls import path
from django.views.generic import TemplateView

from journos.accounts.http import account_page
from journos.accounts.views import account, password, registration, session

app_name = "accounts"


def page(template_name):
    return TemplateView.as_view(template_name=template_name)


urlpatterns = [
    path(route, account_page(view), name=name)
    for route, view, name in [
        # Signing in and out
        ("login/", session.LoginView.as_view(), "login"),
        ("login/dialog/", session.login_dialog, "login_dialog"),
        ("logout/", session.logout_view, "logout"),
        ("status/", session.status, "status"),
        ("sign-in-link/", session.sign_in_link, "sign_in_link"),
        ("sign-in-link/sent/", page("accounts/sign_in_link_sent.html"), "sign_in_link_sent"),
        ("sign-in-link/<str:token>/", session.sign_in_link_confirm, "sign_in_link_confirm"),
        # Registration and e-mail confirmation
        ("register/", registration.register, "register"),
        ("register/done/", page("accounts/register_done.html"), "register_done"),
        ("verify/resend/", registration.resend_verification, "resend_verification"),
        ("verify/done/", page("accounts/email_verified.html"), "email_verified"),
        ("verify/<str:token>/", registration.verify_email, "verify_email"),
        # Password retrieval
        ("password/reset/", password.password_reset, "password_reset"),
        ("password/reset/sent/", page("accounts/password_reset_sent.html"), "password_reset_sent"),
        ("password/reset/done/", page("accounts/password_reset_complete.html"), "password_reset_complete"),
        (
            "password/reset/<uidb64>/<token>/",
            password.PasswordResetConfirmView.as_view(),
            "password_reset_confirm",
        ),
        # The account page and its forms
        ("", account.account, "account"),
        ("profile/", account.update_profile, "update_profile"),
        ("email/", account.change_email, "change_email"),
        ("password/", account.change_password, "change_password"),
        ("delete/", account.delete_account, "delete_account"),
        ("deleted/", page("accounts/account_deleted.html"), "account_deleted"),
    ]
]

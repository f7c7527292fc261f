from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    SetPasswordForm,
    SetPasswordMixin,
    UsernameField,
)
from django.core.exceptions import ValidationError

from journos.accounts.selectors import IDENTIFIER_MAX_LENGTH

User = get_user_model()

# Django's validators explain themselves as an HTML list; on our pages one sentence reads better.
NEW_PASSWORD_HELP = (
    "At least 8 characters. Avoid common passwords, numbers only, and anything close to your name or e-mail."
)


class LoginForm(AuthenticationForm):
    username = UsernameField(
        label="Username or e-mail address",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    remember_me = forms.BooleanField(
        required=False,
        label="Remember me",
        label_suffix="",
        help_text="Stay signed in on this device for two weeks.",
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That username or e-mail address and password do not match an account. "
        "Check them and try again, or reset your password.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Room for an e-mail address, not just a username.
        self.fields["username"].max_length = IDENTIFIER_MAX_LENGTH
        self.fields["username"].widget.attrs["maxlength"] = IDENTIFIER_MAX_LENGTH


class IdentifierForm(forms.Form):
    """Password retrieval and e-mail sign-in links: "which account?"."""

    identifier = forms.CharField(
        label="Username or e-mail address",
        max_length=IDENTIFIER_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )


class RegistrationForm(SetPasswordMixin, forms.Form):
    username = forms.CharField(
        max_length=150,
        help_text="Shown in the header while you are signed in. Letters, digits and . + - _ only.",
        validators=[User.username_validator],
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        help_text="We send a link to confirm it. Never shown to other readers.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1, password2 = SetPasswordMixin.create_password_fields()
    password1.help_text = NEW_PASSWORD_HELP

    def clean_username(self):
        username = self.cleaned_data["username"]
        if "@" in username:
            raise ValidationError("A username cannot contain “@”; that is how we tell it from an e-mail address.")
        # Usernames are public (shown with comments), so saying one is taken reveals nothing private.
        if User._default_manager.filter(username__iexact=username).exists():
            raise ValidationError("This username is taken. Please choose another.")
        return username

    def clean_email(self):
        return User._default_manager.normalize_email(self.cleaned_data["email"])

    def clean(self):
        # Whether the e-mail address already has an account is deliberately not checked here:
        # the answer must not reveal it. The service handles it (see services.register_reader).
        self.validate_passwords()
        candidate = User(username=self.cleaned_data.get("username", ""), email=self.cleaned_data.get("email", ""))
        self.validate_password_for_user(candidate)
        return self.cleaned_data


class NewPasswordForm(SetPasswordForm):
    """Setting a password from a reset link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = NEW_PASSWORD_HELP


class AccountPasswordChangeForm(PasswordChangeForm):
    """Changing the password on the account page (one form among several: no autofocus)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Your current password"
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        self.fields["new_password1"].help_text = NEW_PASSWORD_HELP


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name"]
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
        }


class CurrentPasswordMixin:
    """Sensitive changes ask for the current password, in case someone else is at the keyboard."""

    def clean_current_password(self):
        password = self.cleaned_data["current_password"]
        if not self.user.check_password(password):
            raise ValidationError("That is not your current password.")
        return password


def current_password_field():
    return forms.CharField(
        label="Your current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class EmailChangeForm(CurrentPasswordMixin, forms.Form):
    new_email = forms.EmailField(
        label="New e-mail address", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    current_password = current_password_field()

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_email(self):
        email = User._default_manager.normalize_email(self.cleaned_data["new_email"])
        if email.lower() == self.user.email.lower():
            raise ValidationError("This is already your e-mail address.")
        return email


class DeleteAccountForm(CurrentPasswordMixin, forms.Form):
    current_password = current_password_field()

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

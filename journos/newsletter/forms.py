from django import forms
from django.core.exceptions import ValidationError

from journos.newsletter import selectors, services


class ListChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SubscribeForm(forms.Form):
    """The public sign-up form. It is rendered into cached pages: no CSRF token, nothing per reader."""

    email = forms.CharField(
        label="E-mail address",
        max_length=320,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "placeholder": "name@example.com"}),
        error_messages={"required": "Enter your e-mail address.", "max_length": "This address is too long."},
    )
    lists = ListChoiceField(
        label="Newsletters",
        queryset=selectors.active_lists(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose from the newsletters listed."},
    )
    # A field people never see (hidden with CSS and aria-hidden); bots fill it in.
    website = forms.CharField(required=False, max_length=200, label="Leave this empty")
    source = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def clean_email(self):
        email = services.normalise_email(self.cleaned_data["email"])
        if services.is_blocked(email):
            raise ValidationError("We cannot accept addresses from this e-mail provider. Please use another one.")
        return email

    def clean_lists(self):
        chosen = list(self.cleaned_data["lists"])
        if not chosen:
            raise ValidationError("Choose at least one newsletter.")
        return chosen

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class AccountListsForm(forms.Form):
    lists = ListChoiceField(
        label="Newsletters",
        queryset=selectors.active_lists(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose from the newsletters listed."},
    )

from django import forms
from django.conf import settings

from journos.comments.models import CommentReport


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 5}),
        # Checked again after cleaning (journos.comments.services.clean_text); this bounds what is read at all.
        max_length=settings.COMMENT_MAX_LENGTH * 2,
        help_text=f"Plain text; web addresses become links. At most {settings.COMMENT_MAX_LENGTH} characters.",
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**62)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The browser's limit and the live counter (static/js/comments.js) read maxlength.
        self.fields["body"].widget.attrs.update({"maxlength": settings.COMMENT_MAX_LENGTH, "data-comment-body": ""})


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why should moderators look at this comment?",
        choices=CommentReport.Reason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Anything moderators should know (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReplyNotificationsForm(forms.Form):
    notify_replies = forms.BooleanField(label="E-mail me when someone replies to my comments", required=False)

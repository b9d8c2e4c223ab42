"""Forms of the letter pages (letters/views.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from despedida.accounts.models import Language
from despedida.letters.drafts import COMMENT_MAX_CHARS, REVIEW_LINK_DAYS
from despedida.letters.models import LetterKind


class NewLetterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of letter"), choices=LetterKind.choices)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("The client's language"))] + list(Language.choices)
    )


class EditLetterForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=500)
    body = forms.CharField(label=_("Letter"), max_length=50000, widget=forms.Textarea(attrs={"rows": 18}))


class ToneCheckForm(forms.Form):
    """What the tone endpoint and the "check any letter" page read."""

    body = forms.CharField(
        label=_("Letter"), max_length=50000, required=False, widget=forms.Textarea(attrs={"rows": 18})
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("auto", _("Detect"))] + list(Language.choices)
    )
    kind = forms.ChoiceField(
        label=_("Kind of letter"), required=False, choices=[("", _("Any letter"))] + list(LetterKind.choices)
    )


class SendForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Why send it before the 24 hours are up?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept on record with your name and the time."),
    )
    send_anyway = forms.BooleanField(
        label=_("Send it anyway, with the tone findings above still open"),
        required=False,
        help_text=_("Kept on record with your name, the time and the findings."),
    )

    attach_pdf = forms.BooleanField(
        label=_("Attach the letter as a PDF on your letterhead"),
        required=False,
    )


class ReviewLinkForm(forms.Form):
    label = forms.CharField(label=_("Who is it for? (only you see this)"), required=False, max_length=80)
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=30, initial=REVIEW_LINK_DAYS)


class ReviewCommentForm(forms.Form):
    author = forms.CharField(label=_("Your name (optional)"), required=False, max_length=80)
    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Keep it short: a few lines are enough."),
    )

"""Forms of the silence protocol's page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class StartSilenceForm(NoteForm):
    automatic = forms.BooleanField(
        label=_("Let Despedida send each message when it falls due"),
        required=False,
        initial=True,
        help_text=_("Otherwise you send each step with the buttons on this page."),
    )

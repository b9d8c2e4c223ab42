"""The form of a prospect's accept or decline."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class IntakeDecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

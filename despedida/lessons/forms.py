"""The retrospective's form, answered when a plan closes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from despedida.core.lessons import clauses
from despedida.lessons.models import FutureProspect


def signal_choices():
    return [(code, code.replace("_", " ")) for code in sorted(clauses.SIGNAL_CODES)]


class LessonsForm(forms.Form):
    signals = forms.MultipleChoiceField(
        label=_("Which warning signs led here?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    what_happened = forms.CharField(
        label=_("What happened, in a few lines"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_time = forms.CharField(
        label=_("What will you do differently next time?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    future_prospect = forms.ChoiceField(label=_("Could they be a client again?"), choices=FutureProspect.choices)

    def __init__(self, *args, signal_labels: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        labels = signal_labels or {}
        self.fields["signals"].choices = [
            (code, labels.get(code, code.replace("_", " "))) for code in sorted(clauses.SIGNAL_CODES)
        ]

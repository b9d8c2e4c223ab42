"""One field per threshold of the assessment; blank means the default.

The form only parses what was typed; the ranges and the order between
thresholds are checked by `Thresholds.from_mapping`, whose problems are
shown on their fields.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import formats

from despedida.core.assessment.thresholds import InvalidThresholds, Thresholds
from despedida.workspace_settings.threshold_texts import LABELS, SECTIONS, help_text, reason_text

DEFAULTS = Thresholds()


def _field_for(default: Any) -> forms.Field:
    if isinstance(default, bool):  # pragma: no cover - no threshold is a yes/no
        raise TypeError("no boolean thresholds")
    if isinstance(default, int):
        return forms.IntegerField(required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    if isinstance(default, float):
        return forms.FloatField(required=False, localize=True, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    return forms.DecimalField(required=False, localize=True, widget=forms.TextInput(attrs={"inputmode": "decimal"}))


def display(value: Any) -> str:
    """A threshold's value as this locale writes it; "" for none."""
    if value is None:
        return ""
    return formats.localize_input(value)


class ThresholdsForm(forms.Form):
    def __init__(self, *args, stored: Mapping[str, Any] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        stored = stored or {}
        for f in dataclasses.fields(Thresholds):
            default = getattr(DEFAULTS, f.name)
            field = _field_for(default)
            field.label = LABELS[f.name]
            field.help_text = help_text(f.name)
            field.widget.attrs["placeholder"] = display(default)
            self.fields[f.name] = field
            if f.name in stored:
                value = stored[f.name]
                self.initial[f.name] = Decimal(value) if isinstance(value, str) else value

    def clean(self):
        cleaned = super().clean()
        overrides = {name: value for name, value in cleaned.items() if value is not None}
        try:
            self.thresholds = Thresholds.from_mapping(overrides)
        except InvalidThresholds as error:
            for key, reason in error.problems:
                if key in self.fields and key not in self.errors:
                    self.add_error(key, reason_text(reason))
        return cleaned

    def overrides(self) -> dict[str, Any]:
        """What to store in `Workspace.thresholds`: the values that differ from the defaults."""
        return self.thresholds.overrides()

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in SECTIONS]


def current_values(stored: Mapping[str, Any] | None) -> list[tuple[str, list[dict]]]:
    """For reading: each section's thresholds with their value and default."""
    try:
        current = Thresholds.from_mapping(stored or {})
    except InvalidThresholds:
        current = DEFAULTS
    return [
        (
            title,
            [
                {
                    "label": LABELS[name],
                    "help": help_text(name),
                    "value": display(getattr(current, name)),
                    "default": display(getattr(DEFAULTS, name)),
                    "changed": getattr(current, name) != getattr(DEFAULTS, name),
                }
                for name in names
            ],
        )
        for title, names in SECTIONS
    ]

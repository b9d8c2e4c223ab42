"""Forms of the workflow pages. Every check the user can fail is a field error."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from despedida.accounts import clock
from despedida.core.plans.planning import PlanInputError
from despedida.plans.models import ReactionKind
from despedida.plans.workflow import suggest

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(forms.Form):
    """The wizard's dates: suggested by the engine, editable, never before today and never mid-job.

    An earlier last day than the engine's (which waits for the current
    milestone and the contract's notice period) needs the user's reason.
    """

    notice_on = forms.DateField(label=_("Send the letter on"), widget=DATE)
    last_work_on = forms.DateField(label=_("Last day of work"), widget=DATE)
    handover_until = forms.DateField(label=_("Handover until"), widget=DATE)
    last_work_reason = forms.CharField(
        label=_("Reason for ending before the suggested day"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only needed if the last day of work is earlier than suggested, e.g. agreed with the client."),
    )

    def __init__(self, *args, client, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.client = client
        self.today = today
        self.suggestion = None

    def clean_notice_on(self) -> dt.date:
        notice_on = self.cleaned_data["notice_on"]
        if notice_on < self.today:
            raise forms.ValidationError(_("This date is in the past."), code="past")
        if notice_on < self.today + dt.timedelta(days=1):
            raise forms.ValidationError(
                _("Leave 24 hours to cool off: the letter can go out from tomorrow."), code="cool_off"
            )
        return notice_on

    def clean(self):
        data = super().clean()
        notice_on, last_work_on, handover_until = (
            data.get("notice_on"),
            data.get("last_work_on"),
            data.get("handover_until"),
        )
        if last_work_on is not None and last_work_on < self.today:
            self.add_error("last_work_on", forms.ValidationError(_("This date is in the past."), code="past"))
        if handover_until is not None and handover_until < self.today:
            self.add_error("handover_until", forms.ValidationError(_("This date is in the past."), code="past"))
        if notice_on is None:
            return data
        try:
            self.suggestion = suggest(self.client, self.today, notice_on)
        except PlanInputError:
            self.add_error("notice_on", forms.ValidationError(_("No plan can start on this date."), code="invalid"))
            return data
        if last_work_on is not None and "last_work_on" not in self.errors:
            if last_work_on < notice_on:
                self.add_error(
                    "last_work_on",
                    forms.ValidationError(
                        _("The work can't end before the client has been told."), code="before_notice"
                    ),
                )
            elif last_work_on < self.suggestion.last_work_on and not data.get("last_work_reason", "").strip():
                self.add_error(
                    "last_work_on",
                    forms.ValidationError(
                        _(
                            "Never mid-job: the work runs until %(day)s (%(why)s). "
                            "Pick that day or later, or write down why you end sooner."
                        ),
                        code="mid_job",
                        params={
                            "day": date_format(self.suggestion.last_work_on, "DATE_FORMAT"),
                            "why": self.suggestion.decided_by.why(self.suggestion.language),
                        },
                    ),
                )
        if (
            handover_until is not None
            and last_work_on is not None
            and "handover_until" not in self.errors
            and handover_until < last_work_on
        ):
            self.add_error(
                "handover_until",
                forms.ValidationError(
                    _("The handover can't end before the last day of work."), code="before_last_work"
                ),
            )
        return data


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(label=_("How did they take it?"), choices=ReactionKind.choices, widget=forms.RadioSelect)
    at = forms.DateTimeField(
        label=_("When"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    their_message = forms.CharField(
        label=_("Their answer (optional)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Pasted here, it joins the client's record as a message received."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_at(self):
        at = self.cleaned_data["at"]
        if at > clock.now() + dt.timedelta(minutes=5):
            raise forms.ValidationError(_("This moment is in the future."), code="future")
        return at

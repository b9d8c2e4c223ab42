"""Quick forms to log what happened with a client, each validated field by field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from despedida.clients import models as db
from despedida.clients import validators
from despedida.web.amounts import AmountField


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ClientScopedForm(forms.ModelForm):
    """A record form for one client: projects offered are that client's only.

    Amounts and hours are read in the person's language (see `amounts`);
    dates, numbers of days and amounts are held to the ranges a portfolio
    file may hold (despedida.core.portfolio.limits), as the import holds them.
    """

    class Meta:
        field_classes = {"amount": AmountField, "hours": AmountField}

    def __init__(self, *args, client: db.Client, **kwargs):
        super().__init__(*args, **kwargs)
        self.client = client
        if "project" in self.fields:
            self.fields["project"].queryset = db.Project.objects.filter(client=client)
            self.fields["project"].required = False
        for name, field in self.fields.items():
            if isinstance(field, forms.DateTimeField):
                field.validators.append(validators.validate_instant)
            elif isinstance(field, forms.DateField):
                field.validators.append(validators.validate_day)
            elif isinstance(field, forms.DecimalField):
                field.validators.append(validators.validate_hours if name == "hours" else validators.validate_money)
            elif isinstance(field, forms.IntegerField):
                field.validators.append(validators.validate_days)

    def save(self, commit: bool = True):
        row = super().save(commit=False)
        row.client = self.client
        row.workspace_id = self.client.workspace_id
        if commit:
            row.save()
        return row


class EventForm(ClientScopedForm):
    class Meta:
        model = db.Event
        fields = [
            "type",
            "on",
            "project",
            "note",
            *db.EVENT_DETAIL_COLUMNS,
        ]
        widgets = {"on": DateInput(), "deadline": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        cleaned = super().clean()
        # Fields of other event types are left blank by the form; drop them so
        # the model's type check judges only what belongs to this type.
        allowed = db.EVENT_FIELDS.get(cleaned.get("type"), set())
        for name in db.NULLABLE_TYPED_FIELDS:
            if name not in allowed and name not in self.errors:
                cleaned[name] = None
                setattr(self.instance, name, None)
        required = db.REQUIRED_IN_FORMS.get(cleaned.get("type"))
        if required and cleaned.get(required) in (None, "") and required not in self.errors:
            self.add_error(required, _("This field is required for this kind of event."))
        return cleaned


class MessageForm(ClientScopedForm):
    class Meta:
        model = db.Message
        fields = ["direction", "at", "subject", "body", "needs_reply"]
        widgets = {"at": DateTimeInput(), "body": forms.Textarea(attrs={"rows": 3})}

    def save(self, commit: bool = True):
        row = super().save(commit=False)
        offset = row.at.utcoffset()
        row.utc_offset_minutes = int(offset.total_seconds() // 60) if offset else 0
        if commit:
            row.save()
        return row


class InvoiceForm(ClientScopedForm):
    class Meta(ClientScopedForm.Meta):
        model = db.Invoice
        fields = ["number", "project", "issued_on", "due_on", "amount", "currency"]
        widgets = {"issued_on": DateInput(), "due_on": DateInput()}

    def __init__(self, *args, client: db.Client, **kwargs):
        super().__init__(*args, client=client, **kwargs)
        if not self.is_bound and not self.initial.get("currency"):
            self.initial["currency"] = client.workspace.currency

    def clean_currency(self):
        code = (self.cleaned_data.get("currency") or "").strip().upper()
        validators.validate_currency(code)
        return code

    def clean_number(self):
        number = self.cleaned_data["number"]
        if db.Invoice.objects.filter(client=self.client, number=number).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This client already has an invoice with that number."))
        return number

    def clean(self):
        cleaned = super().clean()
        issued, due = cleaned.get("issued_on"), cleaned.get("due_on")
        if issued and due and due < issued:
            self.add_error("due_on", _("The due date cannot be before the issue date."))
        return cleaned


class PaymentForm(ClientScopedForm):
    class Meta(ClientScopedForm.Meta):
        model = db.Payment
        fields = ["invoice", "on", "amount"]
        widgets = {"on": DateInput()}

    def __init__(self, *args, client: db.Client, **kwargs):
        super().__init__(*args, client=client, **kwargs)
        self.fields["invoice"].queryset = db.Invoice.objects.filter(client=client)


class TimeForm(ClientScopedForm):
    class Meta(ClientScopedForm.Meta):
        model = db.TimeEntry
        fields = ["on", "hours", "kind", "project", "note"]
        widgets = {"on": DateInput(), "note": forms.TextInput()}


QUICK_FORMS = {
    "event": (EventForm, _("Something happened")),
    "message": (MessageForm, _("A message")),
    "invoice": (InvoiceForm, _("An invoice")),
    "payment": (PaymentForm, _("A payment")),
    "time": (TimeForm, _("Time spent")),
}

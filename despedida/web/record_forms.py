"""Forms that create and edit a client's record in the browser: the client, its contract, projects and milestones."""

from __future__ import annotations

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from despedida.clients import models as db
from despedida.web.amounts import AmountField
from despedida.web.forms import DateInput

# Protections the format keeps in `contract.extra` as `<id>_clause: true`
# (the others are fields of the contract itself).
EXTRA_PROTECTIONS = {
    "invoice_in_advance": _("Invoicing in advance (by phase or month)"),
    "feedback_process": _("A feedback process (rounds, who decides, how long)"),
    "flat_to_hourly": _("A flat fee turns hourly if the client stops answering"),
    "rates": _("Rates for extras and for later work"),
    "advice_on_record": _("Your advice, and the client's choice, kept in writing"),
    "conduct": _("How your team is treated"),
}


class ClientForm(forms.ModelForm):
    class Meta:
        model = db.Client
        fields = ["name", "stage", "language", "contact_name", "contact_email", "strategic_value"]

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace = workspace

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the client a name."))
        return name

    def save(self, commit: bool = True):
        client = super().save(commit=False)
        client.workspace = self.workspace
        client.has_contact = bool(client.contact_name or client.contact_email)
        if not client.key:
            client.key = unique_key(self.workspace, client.name)
        if commit:
            client.save()
        return client


def unique_key(workspace, name: str) -> str:
    """A stable id for a new client, from its name, unique in the workspace."""
    base = slugify(name)[:100] or "client"
    key, n = base, 2
    while db.Client.objects.filter(workspace=workspace, key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


class ContractForm(forms.ModelForm):
    """Every field of the contract, protections included."""

    class Meta:
        model = db.Contract
        fields = [
            "signed_on",
            "scope_defined",
            "deposit_requested",
            "deposit_paid_on",
            "deposit_refused",
            "late_fee_clause",
            "change_order_clause",
            "silence_approval_days",
            "notice_days",
        ]
        widgets = {"signed_on": DateInput(), "deposit_paid_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        extra = (self.instance.extra or {}) if self.instance.pk else {}
        for protection, label in EXTRA_PROTECTIONS.items():
            self.fields[f"{protection}_clause"] = forms.BooleanField(
                label=label, required=False, initial=extra.get(f"{protection}_clause") is True
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("deposit_paid_on") and cleaned.get("deposit_refused"):
            self.add_error("deposit_refused", _("A deposit can't be both paid and refused."))
        if cleaned.get("deposit_paid_on") and not cleaned.get("deposit_requested"):
            cleaned["deposit_requested"] = True  # a deposit paid was a deposit asked for
        return cleaned

    def save(self, client, commit: bool = True):
        contract = super().save(commit=False)
        contract.client, contract.workspace_id = client, client.workspace_id
        extra = dict(contract.extra or {})
        for protection in EXTRA_PROTECTIONS:
            key = f"{protection}_clause"
            if self.cleaned_data.get(key):
                extra[key] = True
            else:
                extra.pop(key, None)
        contract.extra = extra
        if commit:
            contract.save()
        return contract


class ProjectForm(forms.ModelForm):
    class Meta:
        model = db.Project
        fields = ["name", "status", "started_on", "fee_type", "fee"]
        field_classes = {"fee": AmountField}
        widgets = {"started_on": DateInput()}

    def save(self, client, commit: bool = True):
        project = super().save(commit=False)
        project.client, project.workspace_id = client, client.workspace_id
        if not project.key:
            base = slugify(project.name)[:100] or "project"
            key, n = base, 2
            while db.Project.objects.filter(client=client, key=key).exists():
                key, n = f"{base}-{n}", n + 1
            project.key = key
        if commit:
            project.save()
        return project


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = db.Milestone
        fields = ["name", "due_on", "delivered_on", "approved_on"]
        widgets = {"due_on": DateInput(), "delivered_on": DateInput(), "approved_on": DateInput()}

    def clean(self):
        cleaned = super().clean()
        delivered, approved = cleaned.get("delivered_on"), cleaned.get("approved_on")
        if approved and not delivered:
            self.add_error(
                "approved_on", _("A milestone is approved after it is delivered: give the delivery date too.")
            )
        elif approved and delivered and approved < delivered:
            self.add_error("approved_on", _("The approval can't come before the delivery."))
        return cleaned

    def save(self, project, commit: bool = True):
        milestone = super().save(commit=False)
        milestone.project, milestone.client_id, milestone.workspace_id = (
            project,
            project.client_id,
            project.workspace_id,
        )
        if commit:
            milestone.save()
        return milestone

"""The letterhead page: what every PDF document carries (owners change it, members read it)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from despedida.accounts.access import is_owner, workspace_of
from despedida.documents.logo import MAX_BYTES, LogoError, check_logo
from despedida.documents.models import Letterhead, letterhead_of

LOGO_ERRORS = {
    "too_big": gettext_lazy("The logo is too large: at most %(kb)d KB."),
    "not_image": gettext_lazy("The logo must be a PNG or JPEG image."),
    "too_large_image": gettext_lazy("The logo is too large: at most 4000 pixels on each side."),
}


def logo_error(code: str) -> str:
    return str(LOGO_ERRORS[code]) % {"kb": MAX_BYTES // 1024} if code == "too_big" else str(LOGO_ERRORS[code])


class LetterheadForm(forms.ModelForm):
    logo_file = forms.FileField(
        label=gettext_lazy("Logo"), required=False, help_text=gettext_lazy("PNG or JPEG, at most 512 KB.")
    )
    remove_logo = forms.BooleanField(label=gettext_lazy("Remove the logo"), required=False)

    class Meta:
        model = Letterhead
        fields = ["legal_name", "tax_id", "address", "contact_line", "signature", "payment_instructions"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "payment_instructions": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_logo_file(self):
        upload = self.cleaned_data.get("logo_file")
        if not upload:
            return None
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(logo_error("too_big"))
        data = upload.read()
        try:
            kind = check_logo(data)
        except LogoError as error:
            raise forms.ValidationError(logo_error(error.code)) from None
        return kind, data

    def save(self, commit=True):
        letterhead = super().save(commit=False)
        if self.cleaned_data.get("remove_logo"):
            letterhead.logo, letterhead.logo_type = None, ""
        if self.cleaned_data.get("logo_file"):
            letterhead.logo_type, letterhead.logo = self.cleaned_data["logo_file"]
        if commit:
            letterhead.save()
        return letterhead


STATUTORY, CONTRACTUAL = "es", "contractual"


class LatePaymentForm(forms.Form):
    """Which late-payment rule formal demands apply: Spain's statute, or a contractual rate.

    Kept in the business's `late_payment` setting (`business.late_payment` in
    the portfolio file, so it travels with an export).
    """

    rule = forms.ChoiceField(
        label=gettext_lazy("Late-payment interest"),
        choices=[
            (STATUTORY, gettext_lazy("Spain: Ley 3/2004 (ECB rate + 8 points, 40 € per invoice)")),
            (CONTRACTUAL, gettext_lazy("A contractual rate (other countries)")),
        ],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=gettext_lazy("Rule or clause the demand cites"), max_length=200, required=False)
    rate = forms.DecimalField(
        label=gettext_lazy("Annual rate (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        required=False,
        localize=True,
    )
    fixed_compensation = forms.DecimalField(
        label=gettext_lazy("Fixed compensation per invoice"),
        min_value=0,
        decimal_places=2,
        required=False,
        localize=True,
    )

    @classmethod
    def for_workspace(cls, workspace, data=None):
        setting = (workspace.business_extra or {}).get("late_payment")
        initial = {"rule": STATUTORY}
        if isinstance(setting, dict) and setting.get("rule") not in (None, STATUTORY):
            initial = {
                "rule": CONTRACTUAL,
                "name": setting.get("rule"),
                "rate": setting.get("rate"),
                "fixed_compensation": setting.get("fixed_compensation"),
            }
        return cls(data, initial=initial, prefix="late")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rule") == CONTRACTUAL:
            for name in ("name", "rate"):
                if cleaned.get(name) in (None, ""):
                    self.add_error(name, _("Required for a contractual rate."))
        return cleaned

    def apply(self, workspace) -> None:
        extra = dict(workspace.business_extra or {})
        current = extra.get("late_payment")
        if self.cleaned_data["rule"] == CONTRACTUAL:
            extra["late_payment"] = {
                "rule": self.cleaned_data["name"].strip(),
                "rate": f"{self.cleaned_data['rate']:.2f}",
                "fixed_compensation": f"{self.cleaned_data['fixed_compensation'] or 0:.2f}",
            }
        elif isinstance(current, dict) and current.get("rule") not in (None, STATUTORY):
            extra.pop("late_payment")  # back to the default: Spain's rule (extra rates kept when set)
        workspace.business_extra = extra
        workspace.save(update_fields=["business_extra"])


@require_http_methods(["GET", "POST"])
def letterhead(request):
    workspace = workspace_of(request)
    owner = is_owner(request)
    current = letterhead_of(workspace)
    form = LetterheadForm(instance=current) if owner else None
    late = LatePaymentForm.for_workspace(workspace)
    if request.method == "POST":
        if not owner:
            raise PermissionDenied
        form = LetterheadForm(request.POST, request.FILES, instance=current)
        late = LatePaymentForm.for_workspace(workspace, request.POST)
        if form.is_valid() and late.is_valid():
            with transaction.atomic():
                form.save()
                late.apply(workspace)
            messages.success(request, _("Letterhead saved."))
            return HttpResponseRedirect(reverse("settings:letterhead"))
    return render(
        request,
        "workspace_settings/letterhead.html",
        {
            "form": form,
            "late_form": late,
            "is_owner": owner,
            "letterhead": current,
            "logo_kb": (len(current.logo) + 1023) // 1024 if current.logo else 0,
        },
    )

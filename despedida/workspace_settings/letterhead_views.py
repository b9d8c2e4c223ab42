"""The letterhead page: what every PDF document carries (owners change it, members read it)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from despedida.documents.logo import MAX_BYTES, LogoError, check_logo
from despedida.documents.models import Letterhead, letterhead_of
from despedida.workspace_settings.access import is_owner, workspace_of

LOGO_ERRORS = {
    "too_big": gettext_lazy("The logo is too large: at most %(kb)d KB."),
    "not_image": gettext_lazy("The logo must be a PNG or JPEG image."),
    "too_large_image": gettext_lazy("The logo is too large: at most 4000 pixels on each side."),
}


def logo_error(code: str) -> str:
    return str(LOGO_ERRORS[code]) % {"kb": MAX_BYTES // 1024} if code == "too_big" else str(LOGO_ERRORS[code])


class LetterheadForm(forms.ModelForm):
    logo_file = forms.FileField(label=gettext_lazy("Logo"), required=False,
                                help_text=gettext_lazy("PNG or JPEG, at most 512 KB."))
    remove_logo = forms.BooleanField(label=gettext_lazy("Remove the logo"), required=False)

    class Meta:
        model = Letterhead
        fields = ["legal_name", "tax_id", "address", "contact_line", "signature", "payment_instructions"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3}), "payment_instructions": forms.Textarea(attrs={"rows": 2})}

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


@require_http_methods(["GET", "POST"])
def letterhead(request):
    workspace = workspace_of(request)
    owner = is_owner(request)
    current = letterhead_of(workspace)
    form = LetterheadForm(instance=current) if owner else None
    if request.method == "POST":
        if not owner:
            raise PermissionDenied
        form = LetterheadForm(request.POST, request.FILES, instance=current)
        if form.is_valid():
            form.save()
            messages.success(request, _("Letterhead saved."))
            return HttpResponseRedirect(reverse("settings:letterhead"))
    return render(request, "workspace_settings/letterhead.html", {
        "form": form, "is_owner": owner, "letterhead": current,
        "logo_kb": (len(current.logo) + 1023) // 1024 if current.logo else 0,
    })

from __future__ import annotations

import zoneinfo
from functools import cache

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from despedida.accounts.models import Role, Workspace
from despedida.clients.validators import validate_currency, validate_days
from despedida.workspace_settings.models import Invitation


@cache
def timezone_names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


class ProfileForm(forms.ModelForm):
    """The business profile. The assessment depends on it, so saving it assesses again."""

    timezone = forms.ChoiceField(label=_("Time zone"))

    class Meta:
        model = Workspace
        fields = ["name", "currency", "language", "timezone", "target_hourly_rate", "payment_terms_days"]
        help_texts = {
            "currency": _("Three-letter ISO 4217 code of the currency you invoice in, e.g. EUR, USD, MXN."),
            "language": _("Language of letters and of the assessment's summaries."),
            "target_hourly_rate": _(
                "What an hour of your work should earn. Leave blank to compare each client "
                "with the median of your portfolio."
            ),
            "payment_terms_days": _("Days a client has to pay an invoice, unless its contract says otherwise."),
        }
        localized_fields = ["target_hourly_rate"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = timezone_names()
        current = self.instance.timezone
        extra = [current] if current and current not in names else []
        self.fields["timezone"].choices = [(name, name) for name in [*extra, *names]]
        self.fields["timezone"].help_text = _("Dates and deadlines are counted in this time zone.")
        self.fields["currency"].widget.attrs.update({"maxlength": 3, "autocapitalize": "characters", "size": 4})
        self.fields["target_hourly_rate"].widget.attrs["inputmode"] = "decimal"
        self.fields["payment_terms_days"].validators.append(validate_days)

    def clean_currency(self) -> str:
        code = (self.cleaned_data.get("currency") or "").strip().upper()
        validate_currency(code)  # the list the file reader checks too
        return code

    def clean_timezone(self) -> str:
        name = self.cleaned_data["timezone"]
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            raise forms.ValidationError(_("Unknown time zone."), code="timezone") from None
        return name


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["note", "role"]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class JoinForm(UserCreationForm):
    """A new account for the person who opened an invitation link."""

    class Meta(UserCreationForm.Meta):
        fields = ("username",)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Portfolio file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def __init__(self, *args, too_large: bool = False, **kwargs):
        """`too_large`: the upload handler refused the file for its size before keeping it."""
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        self.limit_mb = settings.MAX_UPLOAD_MB
        self.fields["file"].help_text = format_lazy(
            "{} {}",
            _("A JSON file in the despedida.portfolio/1 format, e.g. one downloaded from the Export page."),
            _("Up to %(limit)d MB.") % {"limit": self.limit_mb},
        )
        if too_large:
            self.fields["file"].required = False  # there is no file: say why instead

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if self.too_large or (uploaded is not None and uploaded.size > self.limit_mb * 1024 * 1024):
            self.too_large = True
            raise forms.ValidationError(
                _(
                    "This file is larger than %(limit)d MB, the most the import page accepts. Import it "
                    "from the command line (despedida import FILE), or raise the limit with "
                    "DESPEDIDA_MAX_UPLOAD_MB."
                ),
                code="too_large",
                params={"limit": self.limit_mb},
            )
        return uploaded

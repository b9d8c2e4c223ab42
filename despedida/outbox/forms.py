from __future__ import annotations

import ipaddress

from django import forms
from django.utils.translation import gettext_lazy as _

from despedida.outbox.models import Security, SmtpAccount


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class SmtpAccountForm(forms.ModelForm):
    """The workspace's SMTP settings. The password is write-only: never shown,
    not even after an error, and left as it was when the field is blank."""

    password = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    forget_password = forms.BooleanField(label=_("Remove the stored password"), required=False)

    class Meta:
        model = SmtpAccount
        fields = [
            "host",
            "port",
            "security",
            "username",
            "password",
            "forget_password",
            "from_address",
            "from_name",
            "reply_to",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.has_password:
            self.fields["password"].help_text = _("A password is stored. Leave blank to keep it.")
        else:
            del self.fields["forget_password"]

    def will_have_password(self) -> bool:
        data = self.cleaned_data
        if data.get("password"):
            return True
        return self.instance.has_password and not data.get("forget_password")

    def clean(self):
        data = super().clean()
        if data.get("username") and not self.will_have_password():
            self.add_error("password", _("Enter the password for this user name."))
        host = data.get("host") or ""
        if data.get("security") == Security.NONE and self.will_have_password() and not is_loopback(host):
            self.add_error(
                "security",
                _(
                    "A password would cross the network unencrypted. Choose STARTTLS or TLS "
                    "(plain text is only allowed for a server on this machine)."
                ),
            )
        return data

    def save(self, commit: bool = True) -> SmtpAccount:
        account = super().save(commit=False)
        if self.cleaned_data.get("password"):
            account.set_password(self.cleaned_data["password"])
        elif self.cleaned_data.get("forget_password"):
            account.set_password("")
        if commit:
            account.save()
        return account


class TestMessageForm(forms.Form):
    to = forms.EmailField(label=_("Send a test message to"))

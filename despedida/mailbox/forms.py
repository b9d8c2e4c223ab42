"""The mailbox settings form, and the small forms of the client page and the unknown senders."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from despedida.clients.models import Client
from despedida.mailbox.addresses import is_address, is_domain
from despedida.mailbox.models import Mailbox, Security
from despedida.outbox.forms import is_loopback

# Changing these points the mailbox at another account: what was read of the old one no longer applies.
ACCOUNT_FIELDS = ("host", "port", "username")


class MailboxForm(forms.ModelForm):
    """The workspace's IMAP settings. The password is write-only: never shown, kept when left blank."""

    password = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    folders = forms.MultipleChoiceField(
        label=_("Folders to read"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Your inbox and your sent folder: the sent one is how Despedida knows what you asked."),
    )

    class Meta:
        model = Mailbox
        fields = [
            "host",
            "port",
            "security",
            "username",
            "password",
            "folders",
            "aliases",
            "snippets",
            "months",
            "sync_every_minutes",
            "enabled",
        ]
        widgets = {"aliases": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        known = list(dict.fromkeys([*(self.instance.server_folders or []), *(self.instance.folders or []), "INBOX"]))
        self.fields["folders"].choices = [(name, name) for name in known]
        self.fields["folders"].initial = self.instance.folders or ["INBOX"]
        if self.instance.has_password:
            self.fields["password"].help_text = _("A password is stored. Leave blank to keep it.")
        else:
            self.fields["password"].help_text = _("Gmail and Outlook need an app password here (see the help).")

    def clean_aliases(self):
        lines = [line.strip() for line in self.cleaned_data.get("aliases", "").splitlines() if line.strip()]
        bad = [line for line in lines if not is_address(line)]
        if bad:
            raise forms.ValidationError(_("Not an address: %(list)s") % {"list": ", ".join(bad)})
        return "\n".join(line.lower() for line in lines)

    def clean(self):
        data = super().clean()
        if not data.get("password") and not self.instance.has_password:
            self.add_error("password", _("Enter the password for this user name."))
        if data.get("security") == Security.NONE and not is_loopback(data.get("host") or ""):
            self.add_error(
                "security",
                _(
                    "The password would cross the network unencrypted. Choose TLS or STARTTLS "
                    "(no encryption is only allowed for a server on this machine)."
                ),
            )
        return data

    def account_changed(self) -> bool:
        return self.instance.pk is not None and any(name in self.changed_data for name in ACCOUNT_FIELDS)

    def save(self, commit: bool = True) -> Mailbox:
        mailbox = super().save(commit=False)
        mailbox.folders = self.cleaned_data.get("folders") or ["INBOX"]
        if self.cleaned_data.get("password"):
            mailbox.set_password(self.cleaned_data["password"])
        if commit:
            mailbox.save()
        return mailbox


class AddressForm(forms.Form):
    value = forms.CharField(
        label=_("Address or domain"),
        max_length=320,
        help_text=_("ana@acme.example, or acme.example for everyone at the client's own domain."),
    )

    def clean_value(self):
        value = self.cleaned_data["value"].strip()
        if not (is_address(value) or is_domain(value)):
            raise forms.ValidationError(_("Enter an address (ana@acme.example) or a domain (acme.example)."))
        return value


class AssignForm(forms.Form):
    client = forms.ModelChoiceField(label=_("This is"), queryset=Client.objects.none())

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = Client.objects.in_workspace(workspace).order_by("name")

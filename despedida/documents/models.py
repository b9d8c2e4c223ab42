"""The business letterhead the documents carry: who writes, how to reach and pay them, the logo."""

from __future__ import annotations

import base64

from django.db import models
from django.utils.translation import gettext_lazy as _

from despedida.accounts.models import Workspace


class Letterhead(models.Model):
    workspace = models.OneToOneField(Workspace, on_delete=models.CASCADE, primary_key=True, related_name="letterhead")
    legal_name = models.CharField(
        _("legal name"), max_length=200, blank=True, help_text=_("As on your invoices. Empty: the business name.")
    )
    tax_id = models.CharField(_("tax id"), max_length=40, blank=True, help_text=_("NIF, CIF, VAT number..."))
    address = models.TextField(_("address"), blank=True)
    contact_line = models.CharField(
        _("contact line"),
        max_length=200,
        blank=True,
        help_text=_("E-mail, telephone, web: one line under the address."),
    )
    signature = models.CharField(
        _("signature line"), max_length=200, blank=True, help_text=_("Who signs, e.g. “Ana García, directora”.")
    )
    payment_instructions = models.TextField(
        _("how to pay"), blank=True, help_text=_("Bank account (IBAN) or other way to pay, for demands.")
    )
    logo = models.BinaryField(null=True, blank=True, editable=False)
    logo_type = models.CharField(max_length=10, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterheads")

    def name_for(self, workspace: Workspace) -> str:
        return self.legal_name or workspace.name

    @property
    def logo_data_uri(self) -> str:
        if not self.logo:
            return ""
        return f"data:image/{self.logo_type};base64,{base64.b64encode(bytes(self.logo)).decode('ascii')}"

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]


def letterhead_of(workspace: Workspace) -> Letterhead:
    """The workspace's letterhead; an empty one (not saved) when none was set."""
    found = Letterhead.objects.filter(workspace=workspace).first()
    return found if found is not None else Letterhead(workspace=workspace)

"""Telling Despedida whose an address is: assign it to a client and read its skipped mail again.

The ledger remembers, for each message that matched no client, the
addresses it could match on. Giving one of them to a client sends those
messages back to FETCHED: the next sync (or the next import of the same
file) reads them again and stores them in the client's record.
"""

from __future__ import annotations

from django.db import transaction

from despedida.clients.models import Client
from despedida.mailbox.addresses import is_address, normal_address, normal_domain
from despedida.mailbox.models import AddressKind, ClientAddress, LedgerEntry, Status, UnknownSender


class AddressTaken(Exception):
    """The address or domain already belongs to another client of the workspace."""

    def __init__(self, client: Client) -> None:
        self.client = client
        super().__init__(client.name)


def add_address(client: Client, value: str) -> tuple[ClientAddress, int]:
    """Give `value` (an address, or a domain) to `client`; returns it and how many messages go back to be read."""
    kind = AddressKind.ADDRESS if is_address(value) else AddressKind.DOMAIN
    value = normal_address(value) if kind == AddressKind.ADDRESS else normal_domain(value)
    workspace = client.workspace
    with transaction.atomic():
        existing = ClientAddress.objects.in_workspace(workspace).filter(value=value).select_related("client").first()
        if existing is not None and existing.client_id != client.pk:
            raise AddressTaken(existing.client)
        entry = existing or ClientAddress.objects.create(workspace=workspace, client=client, kind=kind, value=value)
        needle = f" {value} " if kind == AddressKind.ADDRESS else f"@{value} "
        skipped = LedgerEntry.objects.in_workspace(workspace).filter(
            status=Status.SKIPPED_UNMATCHED, counterparts__contains=needle
        )
        sent_back = skipped.update(status=Status.FETCHED, attempts=0, reason="")
        unknown = UnknownSender.objects.in_workspace(workspace)
        if kind == AddressKind.ADDRESS:
            unknown.filter(address=value).delete()
        else:
            unknown.filter(address__endswith=f"@{value}").delete()
    return entry, sent_back


def assign_address(sender: UnknownSender, client: Client) -> int:
    """ "This is client X": the unknown sender's address becomes the client's; returns messages sent back."""
    if sender.workspace_id != client.workspace_id:
        raise ValueError("the sender and the client belong to different workspaces")
    _entry, sent_back = add_address(client, sender.address)
    return sent_back


def remove_address(entry: ClientAddress) -> None:
    """Forget an address of the client's. Mail already stored stays in the record."""
    entry.delete()

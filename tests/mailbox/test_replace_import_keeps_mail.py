"""Importing a portfolio file again replaces the hand-kept record, not the mail read from the mailbox.

A replaced client's messages that came from the mailbox (or a mail export)
follow the client that replaces it, with the ledger, so nothing is lost and
nothing is read twice; a message the file also carries (an export imported
back) is kept once, as it came from the mailbox.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from despedida.assessment.models import Assessment
from despedida.clients.models import Client, Direction, Message, MessageOrigin
from despedida.core.assessment.phrases import render_phrases
from despedida.mailbox.models import LedgerEntry, Status
from despedida.mailbox.sync import sync_mailbox

from .conftest import OURS, days_ago, mail, seed_conversation

pytestmark = pytest.mark.django_db(transaction=True)

HAND_KEPT = {
    "format": "despedida.portfolio/1",
    "business": {"currency": "EUR", "name": "Estudio Norte", "timezone": "Europe/Madrid"},
    "clients": [
        {
            "id": "acme",
            "name": "Acme Retail SL",
            "contact": {"name": "Ana", "email": "ana@acme.example"},
            "contract": {"signed_on": "2025-01-10", "scope_defined": True},
            "messages": [
                {
                    "at": "2026-09-01T10:00:00+02:00",
                    "direction": "in",
                    "subject": "Llamada de arranque",
                    "body": None,
                    "needs_reply": False,
                },
            ],
        }
    ],
}


def import_document(tmp_path, document, name="portfolio.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    call_command("import", str(path), "--workspace", "estudio-norte", stdout=io.StringIO())


def export_document():
    out = io.StringIO()
    call_command("export", "--workspace", "estudio-norte", stdout=out)
    return json.loads(out.getvalue())


def current_acme():
    return Client.objects.get(key="acme")


def subjects(client):
    return [(m.subject, m.origin) for m in Message.objects.filter(client=client).order_by("at")]


def test_a_replace_import_keeps_the_mail_read_from_the_mailbox_and_its_ledger(mailbox, acme, imap, tmp_path):
    """
    GIVEN a client whose mail was synced from the mailbox
    WHEN a portfolio file that knows nothing of that mail replaces the client
    THEN the client keeps its mail beside the file's record, the ledger points at it,
         the next sync reads nothing again, and the silence it shows is still named
    """
    seed_conversation(imap)
    sync_mailbox(mailbox)

    import_document(tmp_path, HAND_KEPT)

    acme_now = current_acme()
    assert acme_now.pk != acme.pk  # replaced by the file's client
    assert subjects(acme_now) == [
        ("Llamada de arranque", MessageOrigin.RECORDED),
        ("Presupuesto", MessageOrigin.IMAP),
        ("Re: Presupuesto", MessageOrigin.IMAP),
        ("Entrega final", MessageOrigin.IMAP),
    ]
    stored = LedgerEntry.objects.filter(status=Status.STORED)
    assert stored.count() == 3 and set(stored.values_list("client_id", flat=True)) == {acme_now.pk}
    again = sync_mailbox(mailbox)
    assert (again.to_read, again.counts.stored) == (0, 0)
    assert Message.objects.filter(client=acme_now).count() == 4
    ghosting = next(s for s in Assessment.objects.get(client=acme_now).data["signals"] if s["code"] == "ghosting")
    assert "your message «Entrega final» of 2 Nov 2026" in render_phrases(ghosting["evidence"], "en")


def test_new_mail_after_a_replace_import_lands_in_the_new_record(mailbox, acme, imap, tmp_path):
    seed_conversation(imap)
    sync_mailbox(mailbox)
    import_document(tmp_path, HAND_KEPT)
    imap.append(
        "INBOX",
        mail("ana@acme.example", OURS, "Re: Entrega final", days_ago(1), in_reply_to="e1@estudionorte.example"),
        when=days_ago(1),
    )

    report = sync_mailbox(mailbox)

    assert report.counts.stored == 1
    assert subjects(current_acme())[-1] == ("Re: Entrega final", MessageOrigin.IMAP)
    assert "ghosting" not in [s["code"] for s in Assessment.objects.get(client=current_acme()).data["signals"]]


def test_an_export_imported_back_keeps_each_mailbox_message_once_as_it_came(mailbox, acme, imap, tmp_path):
    """
    GIVEN synced mail, and an export of the workspace that carries it (with its Message-IDs)
    WHEN the export is imported back, twice
    THEN each message is there once, still marked as from the mailbox, and the export reads the same
    """
    seed_conversation(imap)
    sync_mailbox(mailbox)
    message = Message.objects.get(client=acme, subject="Entrega final")
    message.needs_reply_set_by_user = True  # the user's correction on the client page
    message.needs_reply = False
    message.save()
    exported = export_document()

    import_document(tmp_path, exported)
    import_document(tmp_path, exported)

    acme_now = current_acme()
    assert subjects(acme_now) == [
        ("Presupuesto", MessageOrigin.IMAP),
        ("Re: Presupuesto", MessageOrigin.IMAP),
        ("Entrega final", MessageOrigin.IMAP),
    ]
    kept = Message.objects.get(client=acme_now, subject="Entrega final")
    assert (kept.needs_reply, kept.needs_reply_set_by_user, kept.direction) == (False, True, Direction.OUT)
    assert export_document()["clients"] == exported["clients"]


def test_mail_of_another_client_is_left_where_it_is(mailbox, acme, imap, tmp_path, norte):
    other = Client.objects.create(workspace=norte, key="globex", name="Globex", contact_email="li@globex.example")
    imap.append("INBOX", mail("li@globex.example", OURS, "Hola", days_ago(3)), when=days_ago(3))
    seed_conversation(imap)
    sync_mailbox(mailbox)

    import_document(tmp_path, HAND_KEPT)

    assert subjects(other) == [("Hola", MessageOrigin.IMAP)]
    assert LedgerEntry.objects.filter(client=other).count() == 1

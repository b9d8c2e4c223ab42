"""`despedida mail import` and `despedida mail sync` on the command line."""

from __future__ import annotations

import io
import mailbox as stdlib_mailbox

import pytest
from django.core.management import call_command

from despedida.clients.models import Client, Direction, Message, MessageOrigin
from despedida.mailbox.models import LedgerEntry, Status, UnknownSender

from .conftest import OURS, days_ago, mail, make_mailbox

pytestmark = pytest.mark.django_db(transaction=True)


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("mail", *args, stdout=out, stderr=err)
    except SystemExit as exit:
        return int(exit.code), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def write_mbox(path, messages: list[bytes]) -> None:
    box = stdlib_mailbox.mbox(path)
    for raw in messages:
        box.add(raw)
    box.close()


CONVERSATION = [
    mail(
        OURS,
        "ana@acme.example",
        "Presupuesto",
        days_ago(40),
        message_id="p1@estudionorte.example",
        body="¿Te encaja el presupuesto?",
    ),
    mail("ana@acme.example", OURS, "Re: Presupuesto", days_ago(38), in_reply_to="p1@estudionorte.example"),
    mail("desconocido@otra.example", OURS, "Hola", days_ago(30)),
]


def test_an_mbox_export_goes_into_the_clients_record_and_a_second_import_adds_nothing(norte, acme, tmp_path):
    path = tmp_path / "Takeout.mbox"
    write_mbox(path, CONVERSATION)

    code, out, err = run("import", str(path), "--me", OURS)

    assert code == 0, err
    assert "Imported 3 messages from 1 files into «estudio-norte»: 2 stored in clients' records" in out
    stored = list(Message.objects.filter(client=acme).order_by("at"))
    assert [(m.direction, m.origin, m.needs_reply) for m in stored] == [
        (Direction.OUT, MessageOrigin.MAIL_FILE, True),
        (Direction.IN, MessageOrigin.MAIL_FILE, False),
    ]
    assert UnknownSender.objects.get().address == "desconocido@otra.example"

    code, out, _ = run("import", str(path), "--me", OURS)

    assert code == 0 and "Imported 0 messages" in out
    assert Message.objects.filter(client=acme).count() == 2


def test_a_folder_of_eml_files_is_read_and_mail_already_held_is_not_stored_again(norte, acme, tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    for n, raw in enumerate(CONVERSATION[:2]):
        (folder / f"{n}.eml").write_bytes(raw)
    (folder / "copy-of-0.eml").write_bytes(CONVERSATION[0])

    code, out, err = run("import", str(folder), "--me", OURS)

    assert code == 0, err
    assert "2 stored in clients' records, 1 already there" in out
    assert Message.objects.filter(client=acme).count() == 2


def test_a_bad_message_refuses_the_whole_file_naming_every_bad_one(norte, acme, tmp_path):
    path = tmp_path / "broken.mbox"
    no_date = b"From: ana@acme.example\nTo: hola@estudionorte.example\nSubject: Sin fecha\nMessage-ID: <nd@acme.example>\n\nx\n"
    no_sender = b"To: hola@estudionorte.example\nSubject: Sin remitente\nDate: Tue, 3 Nov 2026 10:00:00 +0100\n\nx\n"
    box = stdlib_mailbox.mbox(path)
    box.add(CONVERSATION[0])
    for raw in (no_date, no_sender):
        message = stdlib_mailbox.mboxMessage(raw)
        message.set_from("MAILER")  # an envelope line without a date: nothing stands in for the missing one
        box.add(message)
    box.close()

    code, out, err = run("import", str(path), "--me", OURS)

    assert code == 2
    assert err.splitlines() == [
        f"{path}: broken.mbox, message 2 <nd@acme.example>: no date: the Date header is missing or unreadable",
        f"{path}: broken.mbox, message 3: no sender: the From header is missing or unreadable",
    ]
    assert not Message.objects.exists() and not LedgerEntry.objects.exists() and not UnknownSender.objects.exists()


def test_without_knowing_your_addresses_the_import_refuses_to_guess(norte, acme, tmp_path):
    path = tmp_path / "Takeout.mbox"
    write_mbox(path, CONVERSATION)
    code, _, err = run("import", str(path))
    assert code == 2
    assert "say which addresses are yours with --me ADDRESS" in err
    assert not Message.objects.exists()


def test_a_file_that_is_not_mail_is_refused_with_a_reason(norte, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    code, _, err = run("import", str(path), "--me", OURS)
    assert (code, err.strip()) == (
        2,
        f'{path}: not an mbox file (it should start with a "From " line) nor an .eml file',
    )


def test_an_address_assigned_later_is_matched_from_the_ledger_when_the_file_is_read_again(norte, acme, tmp_path):
    path = tmp_path / "Takeout.mbox"
    write_mbox(path, CONVERSATION)
    run("import", str(path), "--me", OURS)
    from despedida.mailbox.rematch import assign_address

    otra = Client.objects.create(workspace=norte, key="otra", name="Otra SL")
    assign_address(UnknownSender.objects.get(), otra)
    assert LedgerEntry.objects.filter(status=Status.FETCHED).count() == 1

    code, out, _ = run("import", str(path), "--me", OURS)

    assert code == 0 and "1 stored in clients' records" in out
    assert [m.subject for m in Message.objects.filter(client=otra)] == ["Hola"]


def test_mail_sync_reads_every_mailbox_and_says_what_it_did(norte, acme, imap):
    make_mailbox(norte, imap)
    imap.append("INBOX", mail("ana@acme.example", OURS, "Hola", days_ago(2)), when=days_ago(2))
    code, out, err = run("sync")
    assert code == 0, err
    assert out.strip() == (
        "estudio-norte: 1 messages read: 1 stored in clients' records, 0 already there, 0 matched no client, "
        "0 could not be read; 1 clients assessed again."
    )


def test_mail_sync_says_what_failed_and_exits_1(norte, imap):
    make_mailbox(norte, imap, password="wrong password 99")
    code, _, err = run("sync", "--workspace", "estudio-norte")
    assert code == 1
    assert "estudio-norte: Login: the server refused the user name or the password" in err
    assert "wrong password 99" not in err


def test_mail_sync_without_a_mailbox_says_how_to_set_one_up(norte):
    code, _, err = run("sync")
    assert (code, err.strip()) == (2, "no mailbox is set up: add one in Settings, Mail in")


def test_the_command_speaks_the_interfaces_language_spanish_by_default(norte, settings):
    settings.LANGUAGE_CODE = "es"
    code, _, err = run("sync")
    assert (code, err.strip()) == (2, "no hay ningún buzón configurado: añade uno en Configuración, Correo entrante")

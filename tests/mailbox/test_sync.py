"""Syncing with a real Dovecot: the ledger, resuming, renumbered folders, and what lands in the record."""

from __future__ import annotations

import datetime as dt

import pytest

from despedida.assessment.models import Assessment
from despedida.clients.models import AutoReply, Client, Direction, Message, MessageOrigin
from despedida.core.assessment.phrases import render_phrases
from despedida.mailbox import sync
from despedida.mailbox.imap import Problem, last_errors
from despedida.mailbox.models import LedgerEntry, Status, UnknownSender
from despedida.mailbox.sync import Busy, sync_mailbox

from .conftest import BOUNCE_OF_Q1, OURS, days_ago, mail, make_mailbox, seed_conversation, send_delivery

pytestmark = pytest.mark.django_db(transaction=True)


def acme_messages(acme):
    return list(Message.objects.filter(client=acme).order_by("at"))


def test_the_first_sync_stores_the_clients_mail_threaded_and_leaves_the_rest(mailbox, acme, imap):
    seed_conversation(imap)

    report = sync_mailbox(mailbox)

    assert report.ok and report.to_read == 4
    assert (report.counts.stored, report.counts.skipped) == (3, 1)
    stored = acme_messages(acme)
    assert [(m.direction, m.subject, m.origin) for m in stored] == [
        (Direction.OUT, "Presupuesto", MessageOrigin.IMAP),
        (Direction.IN, "Re: Presupuesto", MessageOrigin.IMAP),
        (Direction.OUT, "Entrega final", MessageOrigin.IMAP),
    ]
    assert stored[1].in_reply_to == "p1@estudionorte.example"
    assert stored[2].needs_reply  # it asks a question
    assert stored[2].snippet == "¿Nos confirmas que está todo bien?"
    assert stored[2].body is None  # never the body itself
    assert Message.objects.count() == 3  # the promotion matched no client and is not stored
    statuses = sorted(LedgerEntry.objects.values_list("folder", "status"))
    assert statuses == [
        ("INBOX", Status.SKIPPED_UNMATCHED),
        ("INBOX", Status.STORED),
        ("Sent", Status.STORED),
        ("Sent", Status.STORED),
    ]


def test_nothing_is_marked_as_read_on_the_server(mailbox, acme, imap):
    seed_conversation(imap)
    sync_mailbox(mailbox)
    assert all(b"\\Seen" not in flags for flags in imap.flags("INBOX") + imap.flags("Sent"))


def test_a_second_sync_reads_nothing_and_adds_nothing(mailbox, acme, imap):
    seed_conversation(imap)
    sync_mailbox(mailbox)
    ledger = list(LedgerEntry.objects.values_list("pk", "status", "attempts"))

    again = sync_mailbox(mailbox)

    assert again.to_read == 0 and again.counts.stored == 0
    assert len(acme_messages(acme)) == 3
    assert list(LedgerEntry.objects.values_list("pk", "status", "attempts")) == ledger


def test_new_mail_is_read_and_only_the_new_mail(mailbox, acme, imap):
    seed_conversation(imap)
    sync_mailbox(mailbox)
    imap.append(
        "INBOX",
        mail("ana@acme.example", OURS, "Re: Entrega final", days_ago(1), in_reply_to="e1@estudionorte.example"),
        when=days_ago(1),
    )

    report = sync_mailbox(mailbox)

    assert (report.to_read, report.counts.stored) == (1, 1)
    assert acme_messages(acme)[-1].subject == "Re: Entrega final"


def test_a_changed_uidvalidity_reads_the_folder_again_without_duplicating_anything(mailbox, acme, imap):
    """
    GIVEN a synced folder, one of its messages without a Message-ID
    WHEN the server renumbers it (deleted and created again: a new UIDVALIDITY) with the same mail and one more
    THEN every message is read again, only the new one is stored, and the old generation stays in the ledger
    """
    first = mail("ana@acme.example", OURS, "Hola", days_ago(10), message_id="h1@acme.example")
    without_id = mail("ana@acme.example", OURS, "Sin identificador", days_ago(9), message_id=None)
    imap.create_folder("Proyectos")
    imap.append_many("Proyectos", [(first, days_ago(10)), (without_id, days_ago(9))])
    mailbox.folders = ["Proyectos"]
    mailbox.save()
    sync_mailbox(mailbox)
    before = imap.uidvalidity("Proyectos")

    imap.delete_folder("Proyectos")
    imap.create_folder("Proyectos")
    imap.append_many(
        "Proyectos",
        [
            (first, days_ago(10)),
            (without_id, days_ago(9)),
            (mail("ana@acme.example", OURS, "Otra", days_ago(2)), days_ago(2)),
        ],
    )
    assert imap.uidvalidity("Proyectos") != before

    report = sync_mailbox(mailbox)

    assert (report.to_read, report.counts.already, report.counts.stored) == (3, 2, 1)
    assert [m.subject for m in acme_messages(acme)] == ["Hola", "Sin identificador", "Otra"]
    generations = LedgerEntry.objects.values_list("uidvalidity", flat=True)
    assert sorted(generations.distinct()) == sorted({before, imap.uidvalidity("Proyectos")})
    assert LedgerEntry.objects.filter(status=Status.STORED).count() == 5


def test_a_connection_dropped_mid_sync_resumes_where_it_stopped(norte, acme, imap, proxy, monkeypatch):
    """
    GIVEN six messages read two at a time, and a network that fails at the third batch
    WHEN the sync runs, and then runs again on a network that works
    THEN the first run keeps the two batches it finished and says the connection was lost,
         and the second reads the rest, each message stored once
    """
    monkeypatch.setattr(sync, "BATCH", 2)
    imap.append_many(
        "INBOX",
        [(mail("ana@acme.example", OURS, f"Mensaje {n}", days_ago(10 - n)), days_ago(10 - n)) for n in range(6)],
    )
    mailbox = make_mailbox(norte, imap, port=proxy.port, folders=["INBOX"], snippets=False)
    proxy.drop_at(b"FETCH", 3)  # headers only: one FETCH per batch

    broken = sync_mailbox(mailbox)

    assert broken.error is not None and broken.error.problem == Problem.LOST
    assert broken.counts.stored == 4
    assert LedgerEntry.objects.filter(status=Status.FETCHED).count() == 2  # the batch in hand
    mailbox.refresh_from_db()
    assert "The connection was lost while reading" in last_errors(mailbox)[0]
    assert mailbox.claimed_until is None

    resumed = sync_mailbox(mailbox)

    assert resumed.ok and (resumed.to_read, resumed.counts.stored) == (2, 2)
    assert [m.subject for m in acme_messages(acme)] == [f"Mensaje {n}" for n in range(6)]
    assert sorted(LedgerEntry.objects.values_list("attempts", flat=True)) == [1, 1, 1, 1, 2, 2]
    assert proxy.drops == 1


def test_a_wrong_password_says_so_and_reads_nothing(norte, acme, imap):
    imap.append("INBOX", mail("ana@acme.example", OURS, "Hola", days_ago(3)), when=days_ago(3))
    mailbox = make_mailbox(norte, imap, password="not the password 1234")

    report = sync_mailbox(mailbox)

    assert report.error.problem == Problem.LOGIN
    mailbox.refresh_from_db()
    assert last_errors(mailbox)[0].startswith("Login: the server refused the user name or the password")
    assert "not the password 1234" not in str(mailbox.last_problems)
    assert not Message.objects.exists() and not LedgerEntry.objects.exists()


def test_a_folder_that_disappeared_is_reported_and_the_others_are_still_read(mailbox, acme, imap):
    imap.create_folder("Proyectos")
    mailbox.folders = ["INBOX", "Proyectos"]
    mailbox.save()
    sync_mailbox(mailbox)
    imap.delete_folder("Proyectos")
    imap.append("INBOX", mail("ana@acme.example", OURS, "Sigo aquí", days_ago(1)), when=days_ago(1))

    report = sync_mailbox(mailbox)

    assert report.error is None
    assert [(p.problem, p.folder) for p in report.folder_problems] == [(Problem.FOLDER, "Proyectos")]
    assert report.counts.stored == 1
    mailbox.refresh_from_db()
    assert mailbox.last_problems == [
        {"problem": "folder", "detail": mailbox.last_problems[0]["detail"], "folder": "Proyectos"}
    ]
    assert "Folder: «Proyectos» does not exist on the server" in last_errors(mailbox)[0]


def test_encoded_subjects_odd_charsets_and_time_zones_are_stored_as_a_person_reads_them(mailbox, acme, imap):
    latin = mail(
        "ana@acme.example",
        OURS,
        "Reunión de mañana",
        days_ago(4),
        body="Reunión mañana a las diez.",
        charset="iso-8859-1",
    )
    assert b"Subject: =?utf-8?" in latin  # RFC 2047 on the wire
    mexico = mail(
        "ana@acme.example",
        OURS,
        "Desde México",
        dt.datetime(2026, 11, 17, 3, 0, tzinfo=dt.timezone(dt.timedelta(hours=-6))),
    )
    raw_8bit = (
        b"From: ana@acme.example\r\nTo: " + OURS.encode() + b"\r\nSubject: Caf\xe9 y le\xf1a\r\n"
        b"Date: Mon, 16 Nov 2026 10:00:00 +0100\r\nMessage-ID: <raw8@acme.example>\r\n"
        b"Content-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\nCaf\xe9 con le\xf1a.\r\n"
    )
    for raw in (latin, mexico, raw_8bit):
        imap.append("INBOX", raw, when=days_ago(4))

    sync_mailbox(mailbox)

    by_subject = {m.subject: m for m in acme_messages(acme)}
    assert set(by_subject) == {"Reunión de mañana", "Desde México", "Café y leña"}
    assert by_subject["Reunión de mañana"].snippet == "Reunión mañana a las diez."
    assert by_subject["Café y leña"].snippet == "Café con leña."
    mexican = by_subject["Desde México"]
    assert mexican.at == dt.datetime(2026, 11, 17, 9, 0, tzinfo=dt.UTC)
    assert mexican.utc_offset_minutes == -360


def test_a_message_without_message_id_is_stored_once_across_syncs(mailbox, acme, imap):
    imap.append("INBOX", mail("ana@acme.example", OURS, "Sin id", days_ago(3), message_id=None), when=days_ago(3))
    sync_mailbox(mailbox)
    imap.append("Sent", mail("ana@acme.example", OURS, "Sin id", days_ago(3), message_id=None), when=days_ago(3))

    report = sync_mailbox(mailbox)

    assert report.counts.already == 1
    (stored,) = acme_messages(acme)
    assert stored.message_id.endswith("@despedida.invalid")


def test_an_out_of_office_reply_is_shown_but_is_no_reply_and_the_client_stays_silent(mailbox, acme, imap):
    send_delivery(imap, days=30, body="¿Nos confirmas que llegó bien?")
    imap.append(
        "INBOX",
        mail(
            "ana@acme.example",
            OURS,
            "Respuesta automática: Entrega final",
            days_ago(30),
            in_reply_to="e1@estudionorte.example",
            headers={"Auto-Submitted": "auto-replied"},
        ),
        when=days_ago(30),
    )

    sync_mailbox(mailbox)

    auto = Message.objects.get(client=acme, direction=Direction.IN)
    assert auto.auto_reply == AutoReply.AUTO_REPLY
    assessment = Assessment.objects.get(client=acme)
    assert "ghosting" in [s["code"] for s in assessment.data["signals"]]
    ghosting = next(s for s in assessment.data["signals"] if s["code"] == "ghosting")
    # Stored as codes and values, worded in the viewer's language (assessment.phrases).
    assert "tu mensaje «Entrega final» del 23 oct 2026 sigue sin respuesta desde hace 30 días" in render_phrases(
        ghosting["evidence"], "es"
    )


def test_a_bounce_is_shown_as_such_and_the_message_that_bounced_waits_on_nobody(mailbox, acme, imap):
    imap.append(
        "Sent",
        mail(OURS, "ana@acme.example", "¿Nos vemos?", days_ago(20), message_id="q1@estudionorte.example"),
        when=days_ago(20),
    )
    imap.append("INBOX", BOUNCE_OF_Q1, when=days_ago(19))

    sync_mailbox(mailbox)

    bounce = Message.objects.get(client=acme, direction=Direction.IN)
    assert (bounce.auto_reply, bounce.in_reply_to) == (AutoReply.BOUNCE, "q1@estudionorte.example")
    asked = Message.objects.get(client=acme, direction=Direction.OUT)
    assert not asked.needs_reply
    assert "ghosting" not in [s["code"] for s in Assessment.objects.get(client=acme).data["signals"]]
    assert not UnknownSender.objects.exists()


def test_clients_are_matched_by_address_and_by_their_own_domain_never_a_public_one(mailbox, norte, acme, imap):
    beta = Client.objects.create(
        workspace=norte, key="beta", name="Beta", contact_email="beta.sl@gmail.com", has_contact=True
    )
    imap.append("INBOX", mail("jorge@acme.example", OURS, "Soy Jorge, de Acme", days_ago(3)), when=days_ago(3))
    imap.append("INBOX", mail("beta.sl@gmail.com", OURS, "Hola desde Beta", days_ago(3)), when=days_ago(3))
    imap.append("INBOX", mail("otra.persona@gmail.com", OURS, "¿Trabajas?", days_ago(2)), when=days_ago(2))

    sync_mailbox(mailbox)

    assert [m.subject for m in acme_messages(acme)] == ["Soy Jorge, de Acme"]
    assert [m.subject for m in Message.objects.filter(client=beta)] == ["Hola desde Beta"]
    assert list(UnknownSender.objects.values_list("address", "count")) == [("otra.persona@gmail.com", 1)]


def test_unknown_senders_keep_an_address_a_count_and_a_date_only(mailbox, acme, imap):
    for n, day in enumerate((9, 4)):
        imap.append("INBOX", mail("carla@nuevo.example", OURS, f"Secreto {n}", days_ago(day)), when=days_ago(day))
    sync_mailbox(mailbox)
    (unknown,) = UnknownSender.objects.all()
    assert (unknown.address, unknown.count, unknown.last_at) == ("carla@nuevo.example", 2, days_ago(4))
    skipped = LedgerEntry.objects.filter(status=Status.SKIPPED_UNMATCHED)
    assert all(row.counterparts == " carla@nuevo.example " for row in skipped)
    assert not Message.objects.exists()
    for row in LedgerEntry.objects.values():
        assert "Secreto" not in str(row)


def test_an_unknown_senders_count_adds_up_across_syncs_and_keeps_the_latest_date(mailbox, acme, imap):
    imap.append("INBOX", mail("carla@nuevo.example", OURS, "Uno", days_ago(5)), when=days_ago(5))
    sync_mailbox(mailbox)
    imap.append("INBOX", mail("carla@nuevo.example", OURS, "Dos, escrito antes", days_ago(20)), when=days_ago(20))
    imap.append("INBOX", mail("otro@nuevo.example", OURS, "Hola", days_ago(7)), when=days_ago(7))
    sync_mailbox(mailbox)
    assert list(UnknownSender.objects.order_by("address").values_list("address", "count", "last_at")) == [
        ("carla@nuevo.example", 2, days_ago(5)),  # the older message counts, the date stays the latest
        ("otro@nuevo.example", 1, days_ago(7)),
    ]

    imap.append("INBOX", mail("carla@nuevo.example", OURS, "Tres", days_ago(1)), when=days_ago(1))
    sync_mailbox(mailbox)

    assert UnknownSender.objects.get(address="carla@nuevo.example").count == 3
    assert UnknownSender.objects.get(address="carla@nuevo.example").last_at == days_ago(1)


def test_the_months_limit_leaves_older_mail_unread(mailbox, acme, imap):
    imap.append("INBOX", mail("ana@acme.example", OURS, "Antiguo", days_ago(600)), when=days_ago(600))
    imap.append("INBOX", mail("ana@acme.example", OURS, "Reciente", days_ago(10)), when=days_ago(10))
    mailbox.months = 18
    mailbox.save()
    sync_mailbox(mailbox)
    assert [m.subject for m in acme_messages(acme)] == ["Reciente"]


def test_mail_sent_from_despedida_is_not_stored_twice_when_read_back_from_the_sent_folder(mailbox, acme, imap):
    from despedida.clients.paper_trail import record_sent

    ours = record_sent(acme, at=days_ago(5), subject="Recordatorio", body="Hola.", needs_reply=True)
    ours.message_id = "outbox-1@estudionorte.example"
    ours.save()
    imap.append(
        "Sent",
        mail(OURS, "ana@acme.example", "Recordatorio", days_ago(5), message_id="outbox-1@estudionorte.example"),
        when=days_ago(5),
    )
    report = sync_mailbox(mailbox)
    assert report.counts.already == 1
    assert Message.objects.filter(client=acme).count() == 1


def test_only_one_sync_of_a_mailbox_runs_at_a_time(mailbox):
    assert sync.claim(mailbox)
    with pytest.raises(Busy):
        sync_mailbox(mailbox)


def test_a_message_that_cannot_be_read_is_recorded_as_failed_and_tried_again_up_to_five_times(mailbox, acme, imap):
    imap.append(
        "INBOX",
        b"To: hola@estudionorte.example\r\nSubject: Sin remitente\r\n"
        b"Date: Tue, 17 Nov 2026 10:00:00 +0100\r\n\r\nHola\r\n",
        when=days_ago(5),
    )

    sync_mailbox(mailbox)

    failed = LedgerEntry.objects.get()
    assert (failed.status, failed.reason, failed.attempts) == (Status.FAILED, "no_sender", 1)
    for attempt in range(2, 6):
        assert sync_mailbox(mailbox).counts.failed == 1
        assert LedgerEntry.objects.get().attempts == attempt
    assert sync_mailbox(mailbox).to_read == 0  # five attempts: it waits for the user now
    assert LedgerEntry.objects.values_list("status", "attempts").get() == (Status.FAILED, 5)


def test_with_snippets_off_only_headers_are_read_and_nothing_of_the_text_is_kept(mailbox, acme, imap):
    mailbox.snippets = False
    mailbox.save()
    imap.append(
        "Sent",
        mail(OURS, "ana@acme.example", "Textos", days_ago(5), body="¿Me confirmas los textos?"),
        when=days_ago(5),
    )
    imap.append("Sent", mail(OURS, "ana@acme.example", "Factura F-3", days_ago(4), body="Adjunta."), when=days_ago(4))

    sync_mailbox(mailbox)

    texts = {m.subject: (m.snippet, m.needs_reply) for m in acme_messages(acme)}
    assert texts == {"Textos": ("", False), "Factura F-3": ("", True)}  # the subject alone still tells an invoice

"""Headers to a plain record: ids, addresses, dates with their zones, decoded subjects."""

from __future__ import annotations

import datetime as dt

from despedida.mailbox.automatic import Automatic
from despedida.mailbox.parsing import parse_headers


def headers(*lines: str, raw: bytes = b"") -> bytes:
    return "\r\n".join(lines).encode() + raw + b"\r\n\r\n"


def test_it_reads_ids_without_brackets_and_addresses_in_lower_case():
    parsed = parse_headers(
        headers(
            'From: "Ana Ruiz" <Ana@Acme.Example>',
            "To: hola@estudionorte.example, Jorge <jorge@acme.example>",
            "Cc: ana@acme.example",
            "Message-ID: <a2.77@acme.example>",
            "In-Reply-To: <a1.10@estudionorte.example> (your message)",
            "References: <a0@estudionorte.example>\r\n <a1.10@estudionorte.example>",
            "Date: Tue, 3 Nov 2026 10:00:00 +0100",
            "Subject: Re: Entrega",
        )
    )
    assert parsed.message_id == "a2.77@acme.example"
    assert parsed.in_reply_to == "a1.10@estudionorte.example"
    assert parsed.references == ("a0@estudionorte.example", "a1.10@estudionorte.example")
    assert (parsed.sender, parsed.sender_name) == ("ana@acme.example", "Ana Ruiz")
    assert parsed.to == ("hola@estudionorte.example", "jorge@acme.example")
    assert parsed.recipients == ("hola@estudionorte.example", "jorge@acme.example", "ana@acme.example")
    assert parsed.problem() is None


def test_without_in_reply_to_the_last_reference_is_the_message_answered():
    parsed = parse_headers(
        headers(
            "From: a@b.example", "Date: Tue, 3 Nov 2026 10:00:00 +0000", "References: <r1@x.example> <r2@x.example>"
        )
    )
    assert parsed.in_reply_to == "r2@x.example"


def test_dates_keep_the_offset_they_were_written_in():
    madrid = parse_headers(headers("From: a@b.example", "Date: Tue, 3 Nov 2026 10:00:00 +0100"))
    mexico = parse_headers(headers("From: a@b.example", "Date: Tue, 3 Nov 2026 03:00:00 -0600"))
    assert madrid.date.utcoffset() == dt.timedelta(hours=1)
    assert mexico.date.utcoffset() == dt.timedelta(hours=-6)
    assert madrid.date == dt.datetime(2026, 11, 3, 9, 0, tzinfo=dt.UTC)
    assert mexico.date == dt.datetime(2026, 11, 3, 9, 0, tzinfo=dt.UTC)


def test_an_unknown_zone_and_an_old_zone_name_are_read_too():
    unknown = parse_headers(headers("From: a@b.example", "Date: Tue, 3 Nov 2026 10:00:00 -0000"))
    eastern = parse_headers(headers("From: a@b.example", "Date: 3 Nov 2026 10:00:00 EST"))
    assert unknown.date == dt.datetime(2026, 11, 3, 10, 0, tzinfo=dt.UTC)
    assert eastern.date == dt.datetime(2026, 11, 3, 15, 0, tzinfo=dt.UTC)


def test_a_missing_or_broken_date_falls_back_to_the_servers_date_or_is_a_problem():
    received = dt.datetime(2026, 11, 3, 9, 30)
    fallback = parse_headers(headers("From: a@b.example", "Date: the day after tomorrow"), fallback_date=received)
    assert fallback.date == dt.datetime(2026, 11, 3, 9, 30, tzinfo=dt.UTC)
    none = parse_headers(headers("From: a@b.example", "Subject: x"))
    assert none.problem() == "no_date"
    nobody = parse_headers(headers("From: nobody", "Date: Tue, 3 Nov 2026 10:00:00 +0000"))
    assert nobody.problem() == "no_sender"


def test_it_decodes_rfc_2047_subjects_in_any_charset():
    assert parse_headers(headers("Subject: =?utf-8?b?wr9FbnRyZWdhIGZpbmFsPw==?=")).subject == "¿Entrega final?"
    assert parse_headers(headers("Subject: =?iso-8859-1?q?Reuni=F3n_de_ma=F1ana?=")).subject == "Reunión de mañana"
    folded = parse_headers(headers("Subject: =?utf-8?q?Presupuesto_dise=C3=B1o?=\r\n =?utf-8?q?_web?="))
    assert folded.subject == "Presupuesto diseño web"


def test_raw_8bit_subjects_are_read_as_utf8_or_windows_1252():
    assert parse_headers(b"Subject: Caf\xc3\xa9 ma\xc3\xb1ana\r\n\r\n").subject == "Café mañana"
    assert parse_headers(b"Subject: Caf\xe9 ma\xf1ana\r\n\r\n").subject == "Café mañana"


def test_a_message_without_message_id_gets_a_stable_id_of_its_own():
    lines = ("From: a@b.example", "To: c@d.example", "Date: Tue, 3 Nov 2026 10:00:00 +0000", "Subject: Hola")
    first, again = parse_headers(headers(*lines)), parse_headers(headers(*lines))
    other = parse_headers(headers(*lines[:-1], "Subject: Adiós"))
    assert first.message_id is None
    assert first.dedupe_id() == again.dedupe_id() != other.dedupe_id()
    assert first.dedupe_id().endswith("@despedida.invalid")


def test_attachments_are_guessed_from_a_mixed_multipart():
    mixed = parse_headers(headers('Content-Type: multipart/mixed; boundary="x"'))
    plain = parse_headers(headers("Content-Type: text/plain; charset=utf-8"))
    assert mixed.has_attachments and not plain.has_attachments


def test_auto_replies_and_bounces_are_told_apart():
    assert (
        parse_headers(headers("Auto-Submitted: auto-replied", "Subject: Out of Office")).automatic
        == Automatic.AUTO_REPLY
    )
    assert parse_headers(headers("Auto-Submitted: no", "Subject: Hola")).automatic == Automatic.NONE
    assert parse_headers(headers("X-Autoreply: yes", "Subject: Hola")).automatic == Automatic.AUTO_REPLY
    assert parse_headers(headers("Precedence: auto_reply", "Subject: Hola")).automatic == Automatic.AUTO_REPLY
    report = 'Content-Type: multipart/report; report-type=delivery-status; boundary="b"'
    assert parse_headers(headers(report, "Subject: Hola")).automatic == Automatic.BOUNCE
    assert parse_headers(headers("From: MAILER-DAEMON@mx.example", "Subject: x")).automatic == Automatic.BOUNCE
    assert parse_headers(headers("Subject: Respuesta automática: Entrega")).automatic == Automatic.AUTO_REPLY
    assert parse_headers(headers("Subject: Re: Entrega")).automatic == Automatic.NONE


def test_garbage_headers_never_raise():
    parsed = parse_headers(b"From: <<<>>>\r\nTo: ,,,@\r\nDate: \xff\xfe\r\nMessage-ID: nonsense\r\n\x00\r\n\r\n")
    assert parsed.sender is None and parsed.to == () and parsed.message_id is None

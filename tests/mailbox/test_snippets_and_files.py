"""What is read of a body (a snippet, a bounce report) and of a mail export on disk."""

from __future__ import annotations

import datetime as dt

import pytest

from despedida.mailbox.mailfiles import NotMail, mail_files
from despedida.mailbox.snippets import bounce_report, snippet


def test_the_snippet_is_the_start_of_the_text_without_the_quoted_message():
    raw = (
        b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
        b"Hola Laura,\r\n\r\nlo revisamos el lunes.\r\n\r\n"
        b"El 3 nov 2026, Laura escribi\xc3\xb3:\r\n> \xc2\xbfQu\xc3\xa9 tal?\r\n"
    )
    assert snippet(raw) == "Hola Laura, lo revisamos el lunes."


def test_a_latin1_body_reads_in_its_declared_charset_and_an_undeclared_one_does_not_break():
    declared = b"Content-Type: text/plain; charset=iso-8859-1\r\n\r\nReuni\xf3n ma\xf1ana a las diez.\r\n"
    assert snippet(declared) == "Reunión mañana a las diez."
    undeclared = b"Content-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\nCaf\xe9 con le\xf1a.\r\n"
    assert snippet(undeclared) == "Café con leña."


def test_the_snippet_of_an_html_only_message_is_its_text_and_it_is_short():
    raw = (
        b"Content-Type: text/html; charset=utf-8\r\n\r\n<p>Hola <b>Ana</b>,</p><style>p{}</style>"
        + b"<p>palabra</p>" * 100
    )
    text = snippet(raw)
    assert text.startswith("Hola Ana , palabra") and len(text) <= 200 and text.endswith("…")


def test_a_cut_base64_part_gives_what_it_can():
    raw = (
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        b"SG9sYSwgdGUgZW52w61vIGxhIGVudHJlZ2Eu\r\nSG9sYSwg"
    )  # cut mid-part, as a partial fetch is
    assert snippet(raw).startswith("Hola, te envío la entrega.")


def test_a_delivery_report_names_the_address_that_failed_and_the_message_that_bounced():
    raw = (
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="r"\r\n\r\n'
        b"--r\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        b"--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
        b"Final-Recipient: rfc822; Ana@Acme.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
        b"--r\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <a1@estudionorte.example>\r\n"
        b"Subject: Entrega final\r\n\r\n--r--\r\n"
    )
    report = bounce_report(raw)
    assert report.recipients == ("ana@acme.example",)
    assert report.original_message_id == "a1@estudionorte.example"


def test_a_bounce_without_a_report_still_names_the_address_in_its_text():
    raw = b"Content-Type: text/plain\r\n\r\nDelivery to <ana@acme.example> failed permanently.\r\n"
    assert bounce_report(raw).recipients == ("ana@acme.example",)


def test_an_mbox_file_gives_each_message_with_its_envelope_date(tmp_path):
    path = tmp_path / "Takeout.mbox"
    path.write_bytes(
        b"From 123@xxx Tue Nov 03 10:00:00 +0000 2026\nSubject: uno\n\nHola\n\n"
        b"From ana@acme.example Wed Nov  4 08:30:00 2026\nSubject: dos\n\n>From here\n"
    )
    (mbox,) = mail_files(path)
    messages = list(mbox.messages())
    assert [m.position for m in messages] == [1, 2]
    assert b"Subject: dos" in messages[1].raw
    assert messages[0].envelope_date == dt.datetime(2026, 11, 3, 10, 0, tzinfo=dt.UTC)
    assert messages[1].envelope_date == dt.datetime(2026, 11, 4, 8, 30, tzinfo=dt.UTC)
    generation = mbox.generation()
    path.write_bytes(path.read_bytes() + b"\nFrom x Thu Nov  5 08:30:00 2026\nSubject: tres\n\n.\n")
    assert mbox.generation() != generation


def test_a_folder_gives_its_eml_files_and_anything_else_is_refused_with_a_reason(tmp_path):
    (tmp_path / "b.eml").write_bytes(b"Subject: b\n\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.eml").write_bytes(b"Subject: a\n\n")
    (tmp_path / "notes.txt").write_text("x")
    assert [f.label for f in mail_files(tmp_path)] == ["b.eml", "a.eml"]
    with pytest.raises(NotMail, match="not an mbox file"):
        mail_files(tmp_path / "notes.txt")
    with pytest.raises(NotMail, match="no such file"):
        mail_files(tmp_path / "missing.mbox")

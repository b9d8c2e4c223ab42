"""Mail threads in the portfolio: `message_id` and `in_reply_to` read, written,
carried through the store, and read by the silence protocol (a reply answers
its own thread)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from despedida.core.assessment.silence import SilenceStep, read_silence
from despedida.core.assessment.thresholds import Thresholds
from despedida.core.portfolio.input_errors import InputError
from despedida.core.portfolio.reader import load_document
from despedida.core.portfolio.writer import dump_document
from tests.assessment.builders import AS_OF, assess, client, message


def threaded(direction, days_ago, message_id=None, in_reply_to=None, needs_reply=False, subject=None):
    return dataclasses.replace(
        message(direction, days_ago, needs_reply=needs_reply),
        message_id=message_id,
        in_reply_to=in_reply_to,
        subject=subject,
    )


def state(messages):
    return read_silence(messages, [], AS_OF, Thresholds())


def test_a_reply_in_one_thread_leaves_the_other_thread_waiting():
    """
    GIVEN two requests in two threads, both needing a reply
    WHEN the client answers only the second thread
    THEN the first request is still waiting, and its silence runs from its own day
    """
    messages = [
        threaded("out", 20, "a1@estudio.example", needs_reply=True, subject="Entrega final"),
        threaded("out", 15, "b1@estudio.example", needs_reply=True, subject="Factura F-7"),
        threaded("in", 3, "b2@acme.example", in_reply_to="b1@estudio.example"),
    ]
    result = state(messages)
    assert result.step == SilenceStep.CHECKIN_DUE
    assert result.awaiting_since == AS_OF - dt.timedelta(days=20)
    assert result.awaiting_subject == "Entrega final"


def test_a_reply_deep_in_a_thread_answers_every_earlier_message_of_that_thread():
    messages = [
        threaded("out", 20, "a1@estudio.example", needs_reply=True),
        threaded("in", 18, "a2@acme.example", in_reply_to="a1@estudio.example"),
        threaded("out", 16, "a3@estudio.example", in_reply_to="a2@acme.example", needs_reply=True),
        threaded("in", 2, "a4@acme.example", in_reply_to="a3@estudio.example"),
    ]
    assert state(messages).step == SilenceStep.NONE


def test_a_reply_naming_a_message_the_record_does_not_hold_answers_everything_before_it():
    messages = [
        threaded("out", 20, "a1@estudio.example", needs_reply=True),
        threaded("out", 15, "b1@estudio.example", needs_reply=True),
        threaded("in", 3, "z@acme.example", in_reply_to="never-seen@elsewhere.example"),
    ]
    assert state(messages).step == SilenceStep.NONE


def test_without_thread_headers_the_first_later_incoming_message_answers():
    messages = [threaded("out", 20, needs_reply=True), threaded("out", 15, needs_reply=True), threaded("in", 3)]
    assert state(messages).step == SilenceStep.NONE


def test_the_ghosting_evidence_names_the_unanswered_message_in_each_language():
    record = client(messages=[threaded("out", 30, "a1@x", needs_reply=True, subject="Entrega final")])
    spanish = next(s for s in assess(record).signals if s.code == "ghosting")
    english = next(s for s in assess(record, language="en").signals if s.code == "ghosting")
    assert "tu mensaje «Entrega final» del 23 oct 2026 sigue sin respuesta desde hace 30 días" in spanish.evidence
    assert "your message «Entrega final» of 23 Oct 2026 is unanswered for 30 days" in english.evidence


DOCUMENT = {
    "format": "despedida.portfolio/1",
    "business": {"currency": "EUR", "name": "Estudio Norte", "timezone": "Europe/Madrid"},
    "clients": [
        {
            "id": "acme",
            "name": "Acme Retail SL",
            "messages": [
                {
                    "at": "2026-10-23T10:00:00+02:00",
                    "direction": "out",
                    "subject": "Entrega final",
                    "body": None,
                    "needs_reply": True,
                    "message_id": "a1@estudio.example",
                },
                {
                    "at": "2026-10-25T09:30:00+02:00",
                    "direction": "in",
                    "subject": "Re: Entrega final",
                    "body": None,
                    "needs_reply": False,
                    "message_id": "a2@acme.example",
                    "in_reply_to": "a1@estudio.example",
                },
                {
                    "at": "2026-10-26T09:30:00+01:00",
                    "direction": "in",
                    "subject": "Hola",
                    "body": None,
                    "needs_reply": False,
                },
            ],
        }
    ],
}


def test_the_file_carries_message_id_and_in_reply_to_and_writes_them_back():
    portfolio = load_document(json.loads(json.dumps(DOCUMENT)))
    first, second, third = portfolio.clients[0].messages
    assert (first.message_id, first.in_reply_to) == ("a1@estudio.example", None)
    assert (second.message_id, second.in_reply_to) == ("a2@acme.example", "a1@estudio.example")
    assert (third.message_id, third.in_reply_to) == (None, None)
    written = dump_document(portfolio)["clients"][0]["messages"]
    assert written[1]["in_reply_to"] == "a1@estudio.example"
    assert "message_id" not in written[2] and "in_reply_to" not in written[2]


def test_angle_brackets_are_dropped_and_a_message_id_with_spaces_is_refused_with_its_path():
    document = json.loads(json.dumps(DOCUMENT))
    document["clients"][0]["messages"][0]["message_id"] = "<a1@estudio.example>"
    assert load_document(document).clients[0].messages[0].message_id == "a1@estudio.example"
    document["clients"][0]["messages"][1]["in_reply_to"] = "two words"
    with pytest.raises(InputError) as refused:
        load_document(document)
    assert [str(p) for p in refused.value.problems] == [
        "clients[0].messages[1].in_reply_to: not a Message-ID: write it as in the mail header, such as 1234.abc@mail.example, without angle brackets"
    ]


@pytest.mark.django_db
def test_threads_survive_a_round_trip_through_the_store(tmp_path):
    path = tmp_path / "portfolio.json"
    path.write_text(json.dumps(DOCUMENT), encoding="utf-8")
    call_command("import", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("export", stdout=out)
    messages = json.loads(out.getvalue())["clients"][0]["messages"]
    assert [(m.get("message_id"), m.get("in_reply_to")) for m in messages] == [
        ("a1@estudio.example", None),
        ("a2@acme.example", "a1@estudio.example"),
        (None, None),
    ]

"""Rule: "A reply answers the thread it belongs to" (domain.md; portfolio-format.md).

Where messages carry thread headers (`message_id`, `in_reply_to`), a reply
answers the message it replies to and every earlier message of that
thread; without them, the first later incoming message answers.
"""

import dataclasses
import itertools

import pytest

from despedida.core.assessment.silence import SilenceStep
from despedida.core.portfolio.model import Message
from despedida.core.portfolio.reader import load_document
from despedida.core.portfolio.writer import dump_document
from tests.assessment.builders import ago, assess, business, client, message


def mail(direction, days_ago, id=None, reply_to=None, needs_reply=False, hour=10):
    return dataclasses.replace(message(direction, days_ago, needs_reply, hour), message_id=id, in_reply_to=reply_to)


def silence_of(messages):
    return assess(client(messages=messages)).silence


@pytest.mark.parametrize("asked, other, reply", [(30, 25, 20), (40, 12, 10), (20, 19, 8)])
def test_a_reply_in_another_thread_does_not_answer_the_waiting_message(asked, other, reply):
    messages = [
        mail("out", asked, "a1", needs_reply=True),
        mail("out", other, "b1", needs_reply=True),
        mail("in", reply, "b2", reply_to="b1"),
    ]
    state = silence_of(messages)
    assert state.awaiting_since == ago(asked)
    assert state.step != SilenceStep.NONE


@pytest.mark.parametrize("depth", [1, 2, 4])
def test_a_reply_answers_its_message_and_every_earlier_one_of_the_thread(depth):
    messages = [
        mail("out", 40 - 2 * n, f"a{n}", reply_to=f"a{n - 1}" if n else None, needs_reply=True) for n in range(depth)
    ]
    messages.append(mail("out", 30, "b0", needs_reply=True))
    messages.append(mail("in", 20, "r", reply_to=f"a{depth - 1}"))
    state = silence_of(messages)
    assert state.awaiting_since == ago(30)  # only the other thread still waits


@pytest.mark.parametrize("asked, reply", [(30, 40), (30, 5), (12, 11), (12, 50)])
def test_only_a_later_reply_in_the_thread_answers_the_question(asked, reply):
    messages = [
        mail("out", 60, "a0"),
        mail("in", reply, "x", reply_to="a0"),
        mail("out", asked, "a1", reply_to="a0", needs_reply=True),
    ]
    state = silence_of(messages)
    if reply < asked:  # the reply came after the question
        assert state.step == SilenceStep.NONE
    else:
        assert state.awaiting_since == ago(asked)


@pytest.mark.parametrize("headers", ["none", "unknown parent", "no headers on the reply"])
def test_without_usable_headers_the_first_later_incoming_message_answers(headers):
    reply = {
        "none": mail("in", 20),
        "unknown parent": mail("in", 20, "z9", reply_to="not-on-record"),
        "no headers on the reply": mail("in", 20, "z9"),
    }[headers]
    messages = [mail("out", 30, "a1", needs_reply=True), mail("out", 25, "b1", needs_reply=True), reply]
    assert silence_of(messages).step == SilenceStep.NONE


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_the_order_of_the_file_does_not_matter(order):
    messages = [
        mail("out", 30, "a1", needs_reply=True),
        mail("out", 25, "b1", needs_reply=True),
        mail("in", 20, "b2", reply_to="b1"),
    ]
    assert silence_of([messages[i] for i in order]).awaiting_since == ago(30)


def test_the_ghosting_evidence_dates_the_message_still_waiting():
    messages = [
        mail("out", 30, "a1", needs_reply=True),
        mail("out", 25, "b1", needs_reply=True),
        mail("in", 20, "b2", reply_to="b1"),
    ]
    result = assess(client(messages=messages), language="en")
    from despedida.core.assessment.phrases import words_for

    assert words_for("en").date(ago(30)) in result.signal("ghosting").evidence


def test_thread_headers_survive_the_file_format():
    from despedida.core.portfolio.model import Portfolio

    one = client(messages=[mail("out", 30, "a1@x", needs_reply=True), mail("in", 20, "b2@y", reply_to="a1@x")])
    portfolio = Portfolio(business=business(), clients=[one])
    document = dump_document(portfolio)
    assert document["clients"][0]["messages"][1]["in_reply_to"] == "a1@x"
    back = load_document(document)
    assert back.clients[0].messages == one.messages
    assert (
        "message_id"
        not in dump_document(Portfolio(business=business(), clients=[client(messages=[message("in", 3)])]))["clients"][
            0
        ]["messages"][0]
    )


def test_a_header_of_the_wrong_type_is_refused():
    from despedida.core.portfolio.model import Portfolio

    document = dump_document(Portfolio(business=business(), clients=[client(messages=[mail("in", 3, "a")])]))
    document["clients"][0]["messages"][0]["in_reply_to"] = 7
    with pytest.raises(Exception) as raised:
        load_document(document)
    assert "in_reply_to" in str(raised.value)


def test_messages_without_headers_compare_as_before():
    assert Message(at=message("in", 1).at, direction=message("in", 1).direction) == message("in", 1)

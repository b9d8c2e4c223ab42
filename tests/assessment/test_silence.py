"""The silence protocol's state, and the ghosting signal and next action it gives."""

import datetime as dt

from despedida.core.assessment.silence import SilenceStep, read_silence
from despedida.core.assessment.thresholds import Thresholds
from despedida.core.portfolio.model import Direction, EventType, Message, Stage
from tests.assessment.builders import AS_OF, ago, assess, client, event, message

LIMITS = Thresholds()


def state(messages, events=()):
    return read_silence(messages, sorted(events, key=lambda e: e.on), AS_OF, LIMITS)


def test_nothing_waiting_on_the_client_is_no_silence():
    assert state([message("out", 30), message("in", 20)]).step == SilenceStep.NONE


def test_a_message_needing_a_reply_is_waiting_until_the_silence_days_pass():
    waiting = state([message("out", 6, needs_reply=True)])
    assert waiting.step == SilenceStep.WAITING and not waiting.is_silent
    due = state([message("out", 7, needs_reply=True)])
    assert due.step == SilenceStep.CHECKIN_DUE
    assert due.checkin_due_on == AS_OF


def test_a_reply_ends_the_silence_whatever_the_step():
    messages = [message("out", 40, needs_reply=True), message("out", 30), message("in", 2)]
    events = [event(EventType.ULTIMATUM_SENT, 20, deadline=ago(10))]
    assert state(messages, events).step == SilenceStep.NONE


def test_a_later_outgoing_message_is_the_check_in_and_the_ultimatum_follows_a_week_later():
    sent = state([message("out", 20, needs_reply=True), message("out", 5)])
    assert sent.step == SilenceStep.CHECKIN_SENT
    assert sent.checkin_sent_on == ago(5)
    assert sent.ultimatum_due_on == ago(-2)
    due = state([message("out", 20, needs_reply=True), message("out", 7)])
    assert due.step == SilenceStep.ULTIMATUM_DUE


def test_a_second_message_on_the_same_day_is_not_a_check_in():
    assert (
        state([message("out", 20, needs_reply=True, hour=9), message("out", 20, hour=17)]).step
        == SilenceStep.CHECKIN_DUE
    )


def test_an_ultimatum_makes_the_close_due_at_its_deadline_and_expires_after_it():
    messages = [message("out", 30, needs_reply=True), message("out", 20)]
    pending = state(messages, [event(EventType.ULTIMATUM_SENT, 5, deadline=AS_OF)])
    assert pending.step == SilenceStep.ULTIMATUM_SENT
    assert pending.next_step() == ("silence_close", AS_OF)
    expired = state(messages, [event(EventType.ULTIMATUM_SENT, 10, deadline=ago(1))])
    assert expired.step == SilenceStep.CLOSE_DUE and expired.expired


def test_an_ultimatum_without_a_deadline_gets_the_default_one():
    result = state([message("out", 30, needs_reply=True)], [event(EventType.ULTIMATUM_SENT, 10)])
    assert result.deadline == ago(3)


def test_an_old_ultimatum_from_an_earlier_silence_does_not_count():
    messages = [message("out", 100, needs_reply=True), message("in", 80), message("out", 10, needs_reply=True)]
    assert state(messages, [event(EventType.ULTIMATUM_SENT, 90)]).step == SilenceStep.CHECKIN_DUE


def test_messages_are_dated_on_the_business_calendar():
    """GIVEN a message sent at 23:30 UTC, which is already the next day in Madrid
    THEN the silence counts from the Madrid day."""
    at = dt.datetime.combine(ago(7) - dt.timedelta(days=1), dt.time(23, 30), tzinfo=dt.UTC)
    madrid = dt.timezone(dt.timedelta(hours=1))
    result = read_silence([Message(at, Direction.OUT, needs_reply=True)], [], AS_OF, LIMITS, madrid)
    assert result.awaiting_since == ago(7)


def test_messages_after_as_of_are_not_seen():
    assert state([message("out", 30, needs_reply=True), message("in", -2)]).step == SilenceStep.CHECKIN_DUE


def test_a_silent_client_gets_the_check_in_as_next_action_with_a_low_ghosting_signal():
    result = assess(client(messages=[message("in", 40), message("out", 10, needs_reply=True)]))
    assert result.signal("ghosting").severity == "low"
    assert [(a.action, a.due_on) for a in result.next_actions] == [("silence_checkin", AS_OF)]
    assert result.recommendation == "keep"


def test_after_the_check_in_the_next_action_is_the_ultimatum_on_its_day():
    result = assess(client(messages=[message("out", 20, needs_reply=True), message("out", 5)]))
    assert result.signal("ghosting").severity == "medium"
    assert [(a.action, a.due_on) for a in result.next_actions] == [("silence_ultimatum", ago(-2))]
    assert result.recommendation == "repair"


def test_after_the_ultimatum_the_next_action_is_closing_at_the_deadline():
    messages = [message("out", 30, needs_reply=True), message("out", 20)]
    result = assess(client(messages=messages, events=[event(EventType.ULTIMATUM_SENT, 5, deadline=ago(-3))]))
    assert result.signal("ghosting").severity == "high"
    assert [(a.action, a.due_on) for a in result.next_actions] == [("silence_close", ago(-3))]


def test_an_expired_ultimatum_with_no_reply_means_exit():
    messages = [message("out", 40, needs_reply=True), message("out", 30)]
    result = assess(client(messages=messages, events=[event(EventType.ULTIMATUM_SENT, 20, deadline=ago(12))]))
    assert result.signal("ghosting").severity == "critical"
    assert result.recommendation == "exit"
    assert [a.action for a in result.next_actions] == ["plan_exit", "silence_close"]


def test_an_expired_ultimatum_means_exit_even_for_a_client_one_depends_on():
    messages = [message("out", 40, needs_reply=True), message("out", 30)]
    events = [event(EventType.ULTIMATUM_SENT, 20, deadline=ago(12))]
    result = assess(client(messages=messages, events=events, invoices=[]), share_of="0")
    assert result.recommendation == "exit"


def test_prospects_and_former_clients_are_not_judged_for_silence():
    messages = [message("out", 40, needs_reply=True)]
    for stage in (Stage.PROSPECT, Stage.FORMER):
        result = assess(client(messages=list(messages), stage=stage))
        assert result.signal("ghosting") is None

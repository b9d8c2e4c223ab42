"""How the client answers deliveries: `slow_feedback` and `poor_feedback`."""

from __future__ import annotations

import datetime as dt

from despedida.core.assessment.ladder import RemedyHistory, climb
from despedida.core.assessment.phrases import Words
from despedida.core.assessment.record import ClientRecord
from despedida.core.assessment.signals.base import Category, Severity, Signal, from_points, median_days
from despedida.core.assessment.signals.citing import sent_on, unanswered
from despedida.core.portfolio.model import Clause, EventType, FeedbackQuality, ProjectStatus


def slow_feedback(record: ClientRecord, history: RemedyHistory, words: Words) -> Signal | None:
    """Responses to deliveries slower than `slow_feedback_days`.

    A response is a milestone's approval (days from delivery), a feedback
    event's `delay_days`, or, for an active project, a delivered milestone
    still unanswered (days so far). Fires once `slow_feedback_pattern_min`
    responses were slow. Severity from the recency-weighted count of slow
    responses (LOW, MEDIUM from 1.5x the pattern, HIGH from 2.5x), one level
    more when the median slow response takes twice the limit, and one more
    when it went on after a talk or an approval-by-silence clause.
    """
    limits = record.thresholds
    as_of = record.as_of
    responses: list[tuple[dt.date, int]] = []  # (day it happened, days taken)
    answered: list[tuple[dt.date, int, dt.date]] = []  # slow answers: (day, days taken, day of the delivery)
    pending = None
    approved_days: set[tuple[str, dt.date]] = set()
    for project in record.client.projects:
        for milestone in project.milestones:
            delivered = milestone.delivered_on
            if delivered is None or delivered > as_of or delivered < record.behaviour_start:
                continue
            approved = milestone.approved_on
            if approved is not None and approved <= as_of:
                responses.append((approved, max(0, (approved - delivered).days)))
                answered.append((approved, max(0, (approved - delivered).days), delivered))
                approved_days.add((project.id, approved))
            elif project.status == ProjectStatus.ACTIVE:
                waited = (as_of - delivered).days
                responses.append((as_of, waited))
                if waited > limits.slow_feedback_days and (pending is None or delivered < pending[1]):
                    pending = (milestone.name, delivered)
    for event in record.window_events:
        if event.type != EventType.FEEDBACK or event.delay_days is None:
            continue
        if (event.project or "", event.on) in approved_days:
            continue  # the same response as a milestone's approval
        responses.append((event.on, max(0, event.delay_days)))
        answered.append((event.on, max(0, event.delay_days), event.on - dt.timedelta(days=event.delay_days)))
    slow = [(on, days) for on, days in responses if days > limits.slow_feedback_days]
    if len(slow) < limits.slow_feedback_pattern_min:
        return None
    minimum = limits.slow_feedback_pattern_min
    weighted = sum(record.weight(on) for on, _days in slow)
    severity = from_points(weighted, 1.5 * minimum, 2.5 * minimum)
    delay = median_days([days for _on, days in slow])
    steps = 1 if delay >= 2 * limits.slow_feedback_days else 0

    tried = {"talk": history.last_talk("feedback"), "propose_terms": history.clause_since(Clause.SILENCE_APPROVAL)}
    ladder = climb("slow_feedback", tried)
    parts = [
        words.say(
            "ev.slow",
            slow=len(slow),
            total=words.count(len(responses), "response"),
            limit=words.days(limits.slow_feedback_days),
            median=words.days(delay),
        )
    ]
    after = ladder.first_tried_on is not None and any(on > ladder.first_tried_on for on, _days in slow)
    if after:
        steps += 1
        parts.append(words.say("ev.after_talk", date=words.date(ladder.first_tried_on)))
    if pending is not None:
        parts.append(_pending(record, pending, words))
    else:
        cited = _slow_answer(record, answered, words)
        if cited is not None:
            parts.append(cited)
    return Signal(
        code="slow_feedback",
        severity=severity.raised(steps, cap=Severity.HIGH),
        evidence="; ".join(parts),
        remedies=ladder.remaining,
        category=Category.CONDUCT,
        exhausted=ladder.all_tried
        and ladder.last_tried_on is not None
        and any(on > ladder.last_tried_on for on, _ in slow),
        facts={"slow": len(slow), "responses": len(responses), "median_days": delay},
    )


def _pending(record: ClientRecord, pending: tuple[str, dt.date], words: Words) -> str:
    """The delivery still waiting, named by the message that sent it when the record holds one."""
    milestone, delivered = pending
    message = sent_on(record, delivered)
    if message is None:
        return words.say("ev.slow_pending", milestone=milestone, date=words.date(delivered))
    if record.as_of > delivered and unanswered(record, message):
        days = words.days((record.as_of - delivered).days)
        return words.say(
            "ev.slow_pending_unanswered",
            subject=message.subject,
            milestone=milestone,
            date=words.date(delivered),
            days=days,
        )
    return words.say(
        "ev.slow_pending_message", subject=message.subject, milestone=milestone, date=words.date(delivered)
    )


def _slow_answer(record: ClientRecord, answered: list[tuple[dt.date, int, dt.date]], words: Words) -> str | None:
    """The latest slow answer whose delivery the record holds a message for, named by that message."""
    limit = record.thresholds.slow_feedback_days
    for _on, days, delivered in sorted(answered, key=lambda item: (item[0], item[2]), reverse=True):
        if days <= limit:
            continue
        message = sent_on(record, delivered)
        if message is not None:
            return words.say(
                "ev.slow_answered", subject=message.subject, date=words.date(delivered), days=words.days(days)
            )
    return None


def poor_feedback(record: ClientRecord, history: RemedyHistory, words: Words) -> Signal | None:
    """Feedback marked vague (1 point) or accusatory (2 points).

    Fires from `poor_feedback_pattern_min` such comments, or a single
    accusatory one. Severity from recency-weighted points: LOW, MEDIUM from
    3, HIGH from 5; one level more when it went on after a talk about
    feedback (no clear next steps came of it: the ladder is exhausted).
    """
    poor = [
        e
        for e in record.window_events
        if e.type == EventType.FEEDBACK and e.quality in (FeedbackQuality.VAGUE, FeedbackQuality.ACCUSATORY)
    ]
    accusatory = sum(1 for e in poor if e.quality == FeedbackQuality.ACCUSATORY)
    if len(poor) < record.thresholds.poor_feedback_pattern_min and not accusatory:
        return None
    points = sum(record.weight(e.on) * (2 if e.quality == FeedbackQuality.ACCUSATORY else 1) for e in poor)
    severity = from_points(points, 3, 5)
    talk = history.last_talk("feedback")
    ladder = climb("poor_feedback", {"talk": talk})
    first_talk = ladder.first_tried_on
    parts = [
        words.say(
            "ev.poor",
            count=words.count(len(poor), "comment"),
            vague=len(poor) - accusatory,
            accusatory=accusatory,
            date=words.date(poor[-1].on),
        )
    ]
    after = first_talk is not None and any(e.on > first_talk for e in poor)
    if after:
        severity = severity.raised(1, cap=Severity.HIGH)
        parts.append(words.say("ev.after_talk", date=words.date(first_talk)))
    return Signal(
        code="poor_feedback",
        severity=severity,
        evidence="; ".join(parts),
        remedies=ladder.remaining,
        category=Category.CONDUCT,
        exhausted=after,
        facts={"vague": len(poor) - accusatory, "accusatory": accusatory},
    )

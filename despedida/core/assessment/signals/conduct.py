"""How the client behaves: `team_mistreatment`, `advice_rejected`, `ethics`."""

from __future__ import annotations

from despedida.core.assessment.ladder import RemedyHistory, climb
from despedida.core.assessment.phrases import Words
from despedida.core.assessment.record import ClientRecord
from despedida.core.assessment.signals.base import Category, Severity, Signal, from_points
from despedida.core.portfolio.model import EthicsKind, EventType, IncidentSeverity, Stage


def team_mistreatment(record: ClientRecord, history: RemedyHistory, words: Words) -> Signal | None:
    """Incidents with the team: minor 1 point, serious 2, weighted by recency.

    Any incident is a signal. Severity LOW (a minor incident), MEDIUM from 2
    points, HIGH from 4. An incident after a talk about the team is one level
    worse, after the team was reassigned two levels: the same behaviour after
    a failed remedy weighs more. With both rungs tried and incidents still
    coming, the ladder is exhausted ("then let go").
    """
    incidents = [e for e in record.window_events if e.type == EventType.TEAM_MISTREATMENT]
    if not incidents:
        return None
    serious = sum(1 for e in incidents if e.severity == IncidentSeverity.SERIOUS)
    points = sum(record.weight(e.on) * (2 if e.severity == IncidentSeverity.SERIOUS else 1) for e in incidents)
    severity = from_points(points, 2, 4)
    if serious and severity == Severity.LOW:
        severity = Severity.MEDIUM
    talk = history.talks.get("team", [])
    reassigned = history.reassignments
    tried = {"talk": talk[0] if talk else None, "reassign_team": reassigned[0] if reassigned else None}
    ladder = climb("team_mistreatment", tried)
    last = incidents[-1].on
    parts = [
        words.say("ev.team", count=words.count(len(incidents), "incident"), serious=serious, date=words.date(last))
    ]
    steps = 0
    if talk and last > talk[0]:
        steps += 1
        parts.append(words.say("ev.after_talk", date=words.date(talk[0])))
    if reassigned and last > reassigned[0]:
        steps += 1
        parts.append(words.say("ev.after_reassign", date=words.date(reassigned[0])))
    exhausted = ladder.all_tried and last > ladder.last_tried_on
    return Signal(
        code="team_mistreatment",
        severity=severity.raised(steps),
        evidence="; ".join(parts),
        remedies=ladder.remaining,
        category=Category.CONDUCT,
        exhausted=exhausted,
        forces_exit=exhausted,
        facts={"incidents": len(incidents), "serious": serious},
    )


def advice_rejected(record: ClientRecord, history: RemedyHistory, words: Words) -> Signal | None:
    """Professional advice turned down: "systematically" means on core topics.

    Fires from `advice_core_pattern_min` core rejections. Severity from
    recency-weighted core rejections: LOW, MEDIUM from 3, HIGH from 5; one
    level more when it went on after a talk (then the ladder is exhausted).
    Rejections on peripheral topics are shown, not counted.
    """
    rejected = [e for e in record.window_events if e.type == EventType.ADVICE_REJECTED]
    core = [e for e in rejected if e.core]
    if len(core) < record.thresholds.advice_core_pattern_min:
        return None
    weighted = sum(record.weight(e.on) for e in core)
    severity = from_points(weighted, 3, 5)
    ladder = climb("advice_rejected", {"talk": history.last_talk("advice")})
    parts = [
        words.say(
            "ev.advice",
            core=words.count(len(core), "recommendation"),
            peripheral=len(rejected) - len(core),
            date=words.date(core[-1].on),
        )
    ]
    after = ladder.first_tried_on is not None and core[-1].on > ladder.first_tried_on
    if after:
        severity = severity.raised(1, cap=Severity.HIGH)
        parts.append(words.say("ev.after_talk", date=words.date(ladder.first_tried_on)))
    return Signal(
        code="advice_rejected",
        severity=severity,
        evidence="; ".join(parts),
        remedies=ladder.remaining,
        category=Category.CONDUCT,
        exhausted=after,
        facts={"core": len(core), "peripheral": len(rejected) - len(core)},
    )


def ethics(record: ClientRecord, words: Words) -> Signal | None:
    """Any ethics concern on record, however old: CRITICAL, and no remedy but leaving."""
    concerns = record.events_of(EventType.ETHICS_CONCERN)
    if not concerns:
        return None
    latest = concerns[-1]
    key = "ev.ethics_illegal" if any(e.kind == EthicsKind.ILLEGAL for e in concerns) else "ev.ethics_uncomfortable"
    shown = next((e for e in reversed(concerns) if e.kind == EthicsKind.ILLEGAL), latest)
    action = "decline" if record.client.stage == Stage.PROSPECT else "walk_away"
    return Signal(
        code="ethics",
        severity=Severity.CRITICAL,
        evidence=words.say(key, date=words.date(shown.on)),
        remedies=(action,),
        category=Category.ETHICS,
        forces_exit=True,
        facts={"concerns": len(concerns)},
    )

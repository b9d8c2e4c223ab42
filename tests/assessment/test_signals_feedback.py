"""slow_feedback and poor_feedback."""

from despedida.core.portfolio.model import EventType, FeedbackQuality
from tests.assessment.builders import assess, client, codes, event, milestone, project

VAGUE = FeedbackQuality.VAGUE
ACCUSATORY = FeedbackQuality.ACCUSATORY


def approvals(*waits: int) -> list:
    """Delivered milestones, one a month back from today, each answered after `wait` days."""
    return [
        milestone(f"M{n}", due=300 - n * 30, delivered=300 - n * 30, approved=300 - n * 30 - wait)
        for n, wait in enumerate(waits)
    ]


def test_responses_within_the_limit_are_not_slow():
    result = assess(client(projects=[project(approvals(10, 10, 10, 3))]))
    assert "slow_feedback" not in codes(result)


def test_one_slow_response_is_not_a_pattern_but_two_are():
    assert "slow_feedback" not in codes(assess(client(projects=[project(approvals(11, 2, 3))])))
    assert codes(assess(client(projects=[project(approvals(11, 11, 3))])))["slow_feedback"] == "low"


def test_slow_feedback_evidence_gives_counts_and_median():
    signal = assess(client(projects=[project(approvals(25, 15, 3, 2))])).signal("slow_feedback")
    assert signal.evidence == "2 de 4 respuestas tardaron más de 10 días (mediana 20 días)"


def test_a_delivery_still_unanswered_on_an_active_project_counts_as_slow():
    milestones = approvals(12) + [milestone("Desarrollo", due=20, delivered=20)]
    signal = assess(client(projects=[project(milestones)])).signal("slow_feedback")
    assert signal is not None
    assert "«Desarrollo» entregado el 2 nov 2026 y aún sin respuesta" in signal.evidence


def test_feedback_events_with_a_delay_count_as_responses():
    events = [event(EventType.FEEDBACK, 40, delay_days=15), event(EventType.FEEDBACK, 80, delay_days=18)]
    assert "slow_feedback" in codes(assess(client(events=events)))


def test_slow_feedback_after_a_talk_is_worse_and_the_ladder_moves_on():
    events = [event(EventType.FEEDBACK, d, delay_days=15) for d in (200, 100, 50)]
    before = assess(client(events=events)).signal("slow_feedback")
    talked = [event(EventType.CONVERSATION, 150, topic="forma de dar feedback"), *events]
    after = assess(client(events=talked)).signal("slow_feedback")
    assert after.severity.level == before.severity.level + 1
    assert before.remedies == ("talk", "propose_terms")
    assert after.remedies == ("propose_terms",)


def test_one_vague_comment_is_not_poor_feedback_but_two_are():
    assert "poor_feedback" not in codes(assess(client(events=[event(EventType.FEEDBACK, 30, quality=VAGUE)])))
    two = [event(EventType.FEEDBACK, 30, quality=VAGUE), event(EventType.FEEDBACK, 60, quality=VAGUE)]
    assert codes(assess(client(events=two)))["poor_feedback"] == "low"


def test_a_single_accusatory_comment_is_poor_feedback():
    assert "poor_feedback" in codes(assess(client(events=[event(EventType.FEEDBACK, 30, quality=ACCUSATORY)])))


def test_constructive_feedback_is_never_poor():
    events = [event(EventType.FEEDBACK, d, quality=FeedbackQuality.CONSTRUCTIVE) for d in (10, 20, 30, 40)]
    assert "poor_feedback" not in codes(assess(client(events=events)))


def test_poor_feedback_grows_with_accusatory_points():
    events = [event(EventType.FEEDBACK, d, quality=ACCUSATORY) for d in (10, 20)]
    assert codes(assess(client(events=events)))["poor_feedback"] == "medium"
    events += [event(EventType.FEEDBACK, d, quality=ACCUSATORY) for d in (30,)]
    assert codes(assess(client(events=events)))["poor_feedback"] == "high"


def test_poor_feedback_after_a_talk_exhausts_its_ladder():
    events = [
        event(EventType.FEEDBACK, 120, quality=VAGUE),
        event(EventType.FEEDBACK, 100, quality=VAGUE),
        event(EventType.CONVERSATION, 90, topic="feedback"),
        event(EventType.FEEDBACK, 30, quality=VAGUE),
    ]
    signal = assess(client(events=events)).signal("poor_feedback")
    assert signal.exhausted
    assert signal.remedies == ()
    assert "siguió después de hablarlo" in signal.evidence

"""team_mistreatment, advice_rejected and ethics."""

from despedida.core.portfolio.model import EthicsKind, EventType, IncidentSeverity
from tests.assessment.builders import assess, client, codes, event, prospect

MINOR = IncidentSeverity.MINOR
SERIOUS = IncidentSeverity.SERIOUS


def test_no_incident_is_no_team_mistreatment():
    assert "team_mistreatment" not in codes(assess(client()))


def test_a_minor_incident_is_low_and_a_serious_one_medium():
    assert (
        codes(assess(client(events=[event(EventType.TEAM_MISTREATMENT, 10, severity=MINOR)])))["team_mistreatment"]
        == "low"
    )
    assert (
        codes(assess(client(events=[event(EventType.TEAM_MISTREATMENT, 10, severity=SERIOUS)])))["team_mistreatment"]
        == "medium"
    )


def test_the_same_incident_after_a_talk_is_worse_than_the_first_time():
    first = assess(client(events=[event(EventType.TEAM_MISTREATMENT, 10, severity=SERIOUS)])).signal(
        "team_mistreatment"
    )
    again = assess(
        client(
            events=[
                event(EventType.CONVERSATION, 30, topic="trato al equipo"),
                event(EventType.TEAM_MISTREATMENT, 10, severity=SERIOUS),
            ]
        )
    ).signal("team_mistreatment")
    assert again.severity.level == first.severity.level + 1
    assert first.remedies == ("talk", "reassign_team")
    assert again.remedies == ("reassign_team",)


def test_mistreatment_after_a_talk_and_a_new_team_exhausts_the_ladder():
    events = [
        event(EventType.TEAM_MISTREATMENT, 120, severity=SERIOUS),
        event(EventType.CONVERSATION, 100, topic="how the team is treated"),
        event(EventType.TEAM_REASSIGNED, 80),
        event(EventType.TEAM_MISTREATMENT, 20, severity=MINOR),
    ]
    signal = assess(client(events=events)).signal("team_mistreatment")
    assert signal.exhausted and signal.forces_exit
    assert signal.severity == "critical"


def test_a_conversation_about_something_else_does_not_count_as_a_talk_about_the_team():
    events = [event(EventType.CONVERSATION, 30, topic="pagos"), event(EventType.TEAM_MISTREATMENT, 10, severity=MINOR)]
    assert assess(client(events=events)).signal("team_mistreatment").remedies == ("talk", "reassign_team")


def test_a_conversation_without_topic_counts_as_a_talk_about_everything():
    events = [event(EventType.CONVERSATION, 30), event(EventType.TEAM_MISTREATMENT, 10, severity=MINOR)]
    assert assess(client(events=events)).signal("team_mistreatment").remedies == ("reassign_team",)


def test_one_core_rejection_is_not_a_pattern_but_two_are():
    one = [event(EventType.ADVICE_REJECTED, 30, core=True), event(EventType.ADVICE_REJECTED, 40, core=False)]
    assert "advice_rejected" not in codes(assess(client(events=one)))
    two = one + [event(EventType.ADVICE_REJECTED, 50, core=True)]
    assert codes(assess(client(events=two)))["advice_rejected"] == "low"


def test_peripheral_rejections_alone_never_make_the_signal():
    events = [event(EventType.ADVICE_REJECTED, d, core=False) for d in (10, 20, 30, 40, 50)]
    assert "advice_rejected" not in codes(assess(client(events=events)))


def test_an_ethics_concern_is_critical_and_only_leaving_helps():
    result = assess(client(events=[event(EventType.ETHICS_CONCERN, 400, kind=EthicsKind.ILLEGAL)]))
    signal = result.signal("ethics")
    assert signal.severity == "critical"
    assert signal.remedies == ("walk_away",)
    assert signal.evidence == "pidió un trabajo ilegal el 18 oct 2025"


def test_a_prospect_with_an_ethics_concern_is_declined():
    result = assess(prospect(events=[event(EventType.ETHICS_CONCERN, 3, kind=EthicsKind.UNCOMFORTABLE)]))
    assert result.signal("ethics").remedies == ("decline",)
    assert result.recommendation == "decline"


def test_no_ethics_concern_raises_no_ethics_signal():
    events = [event(EventType.ADVICE_REJECTED, 10, core=True), event(EventType.CONVERSATION, 5)]
    assert "ethics" not in codes(assess(client(events=events)))

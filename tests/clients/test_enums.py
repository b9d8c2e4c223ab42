"""The record's choices in the store are the core's enums: same codes, same order, for all eleven."""

from __future__ import annotations

import pytest

from despedida.assessment.labels import SIGNALS
from despedida.clients import models as db
from despedida.core.assessment.signals import CODES
from despedida.core.portfolio import model as pf

ENUMS = (
    "Stage",
    "StrategicValue",
    "ProjectStatus",
    "FeeType",
    "TimeKind",
    "Direction",
    "EventType",
    "FeedbackQuality",
    "IncidentSeverity",
    "EthicsKind",
    "Clause",
)


@pytest.mark.parametrize("name", ENUMS)
def test_each_stored_choice_list_is_the_core_enum(name):
    core, stored = getattr(pf, name), getattr(db, name)
    assert list(stored.values) == [member.value for member in core]


def test_every_warning_sign_has_one_label_and_no_label_is_for_an_unknown_sign():
    assert sorted(SIGNALS) == sorted(CODES)
    assert len(CODES) == 13

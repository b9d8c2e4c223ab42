"""Thresholds: defaults, and per-workspace overrides that refuse nonsense."""

from decimal import Decimal

import pytest

from despedida.core.assessment.thresholds import InvalidThresholds, Thresholds


def test_no_overrides_gives_the_defaults():
    assert Thresholds.from_mapping({}) == Thresholds()
    assert Thresholds.from_mapping(None) == Thresholds()


def test_overrides_replace_only_the_settings_named():
    custom = Thresholds.from_mapping({"silence_days": 10, "target_hourly_rate": "50.00", "dependency_share": 0.3})
    assert custom.silence_days == 10
    assert custom.target_hourly_rate == Decimal("50.00")
    assert custom.dependency_share == 0.3
    assert custom.late_grace_days == Thresholds().late_grace_days


def test_overrides_round_trip_through_their_json_form():
    custom = Thresholds.from_mapping({"silence_days": 10, "target_hourly_rate": "50.00"})
    assert custom.overrides() == {"silence_days": 10, "target_hourly_rate": "50.00"}
    assert Thresholds.from_mapping(custom.overrides()) == custom


def test_unknown_keys_and_bad_values_are_all_listed_at_once():
    with pytest.raises(InvalidThresholds) as caught:
        Thresholds.from_mapping(
            {
                "silense_days": 3,
                "late_grace_days": -1,
                "dependency_share": 1.5,
                "late_pattern_min": True,
                "target_hourly_rate": "abc",
            }
        )
    keys = [key for key, _reason in caught.value.problems]
    assert keys == ["dependency_share", "late_grace_days", "late_pattern_min", "silense_days", "target_hourly_rate"]
    assert ("silense_days", "unknown setting") in caught.value.problems


def test_a_pattern_needs_at_least_one_occurrence():
    with pytest.raises(InvalidThresholds):
        Thresholds.from_mapping({"late_pattern_min": 0})


def test_levels_must_grow_in_order():
    with pytest.raises(InvalidThresholds) as caught:
        Thresholds.from_mapping({"overdue_high_days": 10})
    assert caught.value.problems[0][0] == "overdue_medium_days"


def test_a_zero_or_negative_target_rate_is_refused():
    for bad in ("0", "-5", 0):
        with pytest.raises(InvalidThresholds):
            Thresholds.from_mapping({"target_hourly_rate": bad})

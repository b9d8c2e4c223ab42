"""The practice cases (tests/assessment/practice.py): each small portfolio is judged as the practice says."""

import pytest

from tests.assessment.practice import CASES, judge


def test_there_are_enough_cases_and_every_rule_is_exercised():
    assert len(CASES) >= 20
    rules = {case.rule.split(" (")[0] for case in CASES}
    assert {
        "refused remedy",
        "remedy worked",
        "walking away",
        "deposit refused only when said",
        "next rung",
        "haggling below target",
        "profitability history",
        "threads",
    } <= rules


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_case_is_judged_as_the_practice_says(case):
    assert judge(case) == []

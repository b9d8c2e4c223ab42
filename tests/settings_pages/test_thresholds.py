"""The thresholds page: one field per threshold, blank is the default, every
value checked by `Thresholds.from_mapping`, and a reset."""

from __future__ import annotations

import dataclasses
import re

import pytest
from django.urls import reverse
from django.utils import translation

from despedida.core.assessment.thresholds import Thresholds
from despedida.workspace_settings.threshold_texts import (
    DOCSTRINGS,
    EXTRA_HELP,
    LABELS,
    SECTIONS,
    threshold_docs,
)
from despedida.workspace_settings.thresholds_form import ThresholdsForm

NAMES = [f.name for f in dataclasses.fields(Thresholds)]


def test_every_threshold_has_a_label_and_appears_in_exactly_one_section():
    in_sections = [name for _title, names in SECTIONS for name in names]

    assert sorted(in_sections) == sorted(NAMES)
    assert sorted(LABELS) == sorted(NAMES)


def test_every_threshold_has_a_help_text_from_its_docstring_or_a_written_one():
    docs = threshold_docs()

    for name in NAMES:
        assert docs.get(name) or EXTRA_HELP.get(name), name
    assert not set(docs) & set(EXTRA_HELP)


def test_the_translatable_copies_are_the_docstrings_word_for_word():
    assert sorted(DOCSTRINGS) == sorted(threshold_docs().values())


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_thresholds_page_explains_each_threshold_without_the_engines_own_names(alice_client, language):
    """
    GIVEN the thresholds page, in Spanish and in English
    THEN no help text shows a name from the code (as_of, recent_days, a sign's code such as unpaid_overdue):
         the signs are called by the names the rest of the app gives them
    """
    with translation.override(language):  # the page activates its language; leave the thread's as it was
        page = alice_client.get(reverse("settings:thresholds"), HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    helps = re.findall(r'<div class="helptext"[^>]*>(.*?)</div>', page.content.decode(), re.S)
    assert len(helps) == len(NAMES)
    internal = [text for text in helps if re.search(r"\b[a-z]+_[a-z_]+\b|`", text)]
    assert internal == []
    overdue = "«Pagos vencidos»" if language == "es" else "“Money overdue”"
    assert any(overdue in text for text in helps)


def test_the_form_has_one_field_per_threshold_with_its_default_as_placeholder_and_its_docstring_as_help():
    with translation.override("en"):  # whatever language an earlier test left active
        form = ThresholdsForm()

    assert list(form.fields) == NAMES
    field = form.fields["late_grace_days"]
    assert field.widget.attrs["placeholder"] == "5"
    assert field.help_text == "A payment this many days after the due date still counts as on time."
    assert not field.required


def test_the_owner_saves_overrides_and_blank_fields_keep_their_defaults(alice_client, norte):
    response = alice_client.post(
        reverse("settings:thresholds"),
        {
            "late_grace_days": "10",
            "dependency_share": "0.4",
            "target_hourly_rate": "50",
            "silence_days": "",
        },
    )

    assert response.status_code == 302
    norte.refresh_from_db()
    assert norte.thresholds == {"late_grace_days": 10, "dependency_share": 0.4, "target_hourly_rate": "50"}
    assert Thresholds.from_mapping(norte.thresholds).silence_days == Thresholds().silence_days


def test_typing_a_default_stores_nothing(alice_client, norte):
    alice_client.post(reverse("settings:thresholds"), {"late_grace_days": "5"})

    norte.refresh_from_db()
    assert norte.thresholds == {}


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"late_grace_days": "-3"}, "late_grace_days", "must not be negative"),
        ({"late_pattern_min": "0"}, "late_pattern_min", "must be at least 1"),
        ({"dependency_share": "1.5"}, "dependency_share", "must be between 0 and 1"),
        ({"target_hourly_rate": "0"}, "target_hourly_rate", "must be a positive amount"),
        ({"late_grace_days": "five"}, "late_grace_days", "Enter a whole number."),
        ({"overdue_medium_days": "90", "overdue_high_days": "60"}, "overdue_medium_days", "overdue levels must grow"),
        ({"rate_ratio_high": "0.9"}, "rate_ratio_low", "rate ratios must shrink"),
    ],
)
def test_a_bad_threshold_is_refused_on_its_field_and_nothing_is_saved(alice_client, norte, data, field, words):
    response = alice_client.post(reverse("settings:thresholds"), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert words in errors[field][0]
    norte.refresh_from_db()
    assert norte.thresholds == {}


def test_every_bad_threshold_is_reported_at_once(alice_client, norte):
    response = alice_client.post(
        reverse("settings:thresholds"),
        {
            "late_grace_days": "-1",
            "dependency_share": "2",
            "recent_days": "soon",
        },
    )

    assert sorted(response.context["form"].errors) == ["dependency_share", "late_grace_days", "recent_days"]


def test_the_form_shows_the_stored_overrides(alice_client, norte):
    norte.thresholds = {"late_grace_days": 12, "target_hourly_rate": "61.50"}
    norte.save()

    form = alice_client.get(reverse("settings:thresholds")).context["form"]

    assert form["late_grace_days"].value() == 12
    assert str(form["target_hourly_rate"].value()) == "61.50"


def test_reset_puts_every_threshold_back_to_its_default(alice_client, norte):
    norte.thresholds = {"late_grace_days": 12}
    norte.save()

    response = alice_client.post(reverse("settings:thresholds_reset"))

    assert response.status_code == 302
    norte.refresh_from_db()
    assert norte.thresholds == {}


def test_a_member_reads_the_values_and_their_defaults(bob_client, norte):
    norte.thresholds = {"late_grace_days": 12}
    norte.save()

    response = bob_client.get(reverse("settings:thresholds"))
    rows = {row["label"]: row for _title, rows in response.context["sections"] for row in rows}

    assert response.context["form"] is None
    grace = rows[LABELS["late_grace_days"]]
    assert (grace["value"], grace["default"], grace["changed"]) == ("12", "5", True)

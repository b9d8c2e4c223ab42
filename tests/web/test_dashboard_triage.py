"""The dashboard triages: search without caring about accents or case, sort by column, charts that read right."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from despedida.assessment.stored import recompute_workspace
from despedida.clients import models as records
from despedida.web.charts import Point, value_risk_chart


@pytest.fixture
def clients(norte):
    for key, name in [("ferreteria", "Ferretería Núñez SL"), ("acme", "ACME Ltd"), ("zeta", "Zeta Ópticas")]:
        records.Client.objects.create(workspace=norte, key=key, name=name, stage=records.Stage.ACTIVE)
    recompute_workspace(norte)


def names_in(response) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', response.content.decode())


@pytest.mark.parametrize("typed", ["ferreteria", "FERRETERÍA", "nunez", "Núñez", "tería n"])
def test_search_sets_accents_and_case_aside(alice_client, clients, typed):
    response = alice_client.get(reverse("web:portfolio"), {"q": typed})
    assert names_in(response) == ["Ferretería Núñez SL"]


def test_live_search_answers_with_the_results_alone(alice_client, clients):
    response = alice_client.get(
        reverse("web:portfolio"), {"q": "opticas"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="client-results"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="client-results"') and "<header" not in html
    assert names_in(response) == ["Zeta Ópticas"]


def test_columns_sort_both_ways_and_say_so(alice_client, clients):
    ascending = alice_client.get(reverse("web:portfolio"), {"sort": "name"})
    assert names_in(ascending) == ["ACME Ltd", "Ferretería Núñez SL", "Zeta Ópticas"]
    assert 'aria-sort="ascending"' in ascending.content.decode()
    descending = alice_client.get(reverse("web:portfolio"), {"sort": "-name"})
    assert names_in(descending) == ["Zeta Ópticas", "Ferretería Núñez SL", "ACME Ltd"]
    # An unknown sort falls back to urgency instead of failing.
    assert alice_client.get(reverse("web:portfolio"), {"sort": "password"}).status_code == 200


def test_the_today_list_folds_and_a_skip_link_leads_past_it(alice_client, clients):
    html = alice_client.get(reverse("web:portfolio")).content.decode()
    assert '<details class="card today" open>' in html
    assert html.index('href="#q"') < html.index('<details class="card today"')


POINTS = [Point("Grande", 0.31, 12, "protect", "/c/grande/"), Point("Pequeño", 0.02, 0, "keep", "/c/p/")]


def test_the_chart_has_ticks_in_the_pages_language_and_dots_out_of_the_tab_order(settings):
    from django.utils import translation

    with translation.override("es"):
        spanish = str(value_risk_chart(POINTS, total=2, dependency_share=0.25))
    with translation.override("en"):
        english = str(value_risk_chart(POINTS, total=2, dependency_share=0.25))
    assert "10\u00a0%" in spanish and "10%" in english  # ticks
    assert "31,0\u00a0%" in spanish and "31.0%" in english  # tooltips
    assert spanish.count('tabindex="-1"') == len(POINTS)
    assert 'class="dependency"' in english and "you depend on these" in english


def test_region_labels_sit_in_the_margin_where_no_dot_can_cover_them():
    svg = str(value_risk_chart(POINTS, total=2, dependency_share=0.25))
    plot_right = 560 - 124
    band_label_x = [float(x) for x in re.findall(r'<text class="band-label [a-z]+" x="([\d.]+)"', svg)]
    dot_x = [float(x) for x in re.findall(r'<circle class="dot [a-z_]+" cx="([\d.]+)"', svg)]
    assert band_label_x and all(x > plot_right for x in band_label_x)
    assert all(x <= plot_right for x in dot_x)


def test_the_share_column_is_a_localized_percentage(alice_client, norte, clients):
    records.Invoice.objects.create(
        workspace=norte,
        client=records.Client.objects.get(key="acme"),
        number="1",
        issued_on="2026-10-01",
        due_on="2026-10-31",
        amount=Decimal("1000"),
        currency="EUR",
    )
    html = alice_client.get(reverse("web:portfolio"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "%" in html and not re.search(r"\d+\.\d+%", html)

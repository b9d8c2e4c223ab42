"""The business profile: owners edit it, bad values are refused field by field,
and saving assesses every client again."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from despedida.assessment.models import Assessment
from despedida.core.portfolio.reader import load_document
from despedida.portability.importer import import_portfolio

GOOD = {
    "name": "Estudio Norte SL",
    "currency": "usd",
    "language": "en",
    "timezone": "America/Mexico_City",
    "target_hourly_rate": "55.50",
    "payment_terms_days": "45",
}


def test_the_owner_saves_the_business_profile(alice_client, norte):
    response = alice_client.post(reverse("settings:profile"), GOOD)

    assert response.status_code == 302
    norte.refresh_from_db()
    assert norte.name == "Estudio Norte SL"
    assert norte.currency == "USD"  # typed in lower case, stored as the ISO code
    assert norte.language == "en"
    assert norte.timezone == "America/Mexico_City"
    assert norte.target_hourly_rate == Decimal("55.50")
    assert norte.payment_terms_days == 45


def test_a_blank_target_rate_means_the_portfolio_median(alice_client, norte):
    norte.target_hourly_rate = Decimal("40")
    norte.save()

    alice_client.post(reverse("settings:profile"), {**GOOD, "target_hourly_rate": ""})

    norte.refresh_from_db()
    assert norte.target_hourly_rate is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("currency", "EURO"),
        ("currency", "XYZ"),
        ("timezone", "Europe/Atlantis"),
        ("timezone", "../../etc/passwd"),
        ("target_hourly_rate", "-5"),
        ("target_hourly_rate", "cheap"),
        ("payment_terms_days", "-1"),
        ("payment_terms_days", "thirty"),
        ("language", "fr"),
        ("name", ""),
    ],
)
def test_a_bad_value_is_refused_on_its_own_field_and_nothing_is_saved(alice_client, norte, field, value):
    response = alice_client.post(reverse("settings:profile"), {**GOOD, field: value})

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    norte.refresh_from_db()
    assert (norte.name, norte.currency, norte.timezone) == ("Estudio Norte", "EUR", "Europe/Madrid")
    assert 'aria-invalid="true"' in response.content.decode()


def test_the_page_header_keeps_the_saved_name_after_a_refused_change(alice_client, norte):
    response = alice_client.post(reverse("settings:profile"), {**GOOD, "name": "Nuevo nombre", "currency": "??"})

    assert response.context["workspace"].name == "Estudio Norte"


def test_saving_the_profile_assesses_every_client_again(alice_client, norte, document):
    portfolio = load_document_from(document)
    import_portfolio(portfolio, portfolio.clients, workspace=norte)
    assert Assessment.objects.in_workspace(norte).count() == 0

    response = alice_client.post(reverse("settings:profile"), GOOD, follow=True)

    assert Assessment.objects.in_workspace(norte).count() == 6
    assert "6 clients assessed again" in response.content.decode()


def test_a_decimal_comma_is_accepted_for_the_target_rate_in_spanish(alice_client, norte):
    alice_client.post(reverse("settings:profile"), {**GOOD, "target_hourly_rate": "42,75"}, HTTP_ACCEPT_LANGUAGE="es")

    norte.refresh_from_db()
    assert norte.target_hourly_rate == Decimal("42.75")


def load_document_from(document: dict):
    import json
    from decimal import Decimal as D

    return load_document(json.loads(json.dumps(document), parse_float=D))

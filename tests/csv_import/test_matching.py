"""Pairing the file's clients with known ones: tax id, alias, same name, close name, new."""

from __future__ import annotations

import pytest

from despedida.csv_import.matching import How, Known, match_clients, normalize_name, normalize_tax_id


@pytest.mark.parametrize(
    ("written", "normalized"),
    [
        ("Diseño Gráfico, S.L.", "diseno grafico"),
        ("ACME RETAIL, S.L.U.", "acme retail"),
        ("Acme Retail SL", "acme retail"),
        ("Tacos El Güero S. de R.L. de C.V.", "tacos el guero"),
        ("Consultora Andina SAS", "consultora andina"),
        ("Andes Digital SpA", "andes digital"),
        ("Northwind Traders, LLC", "northwind traders"),
        ("Contoso Ltd.", "contoso"),
        ("Fabrikam, Inc.", "fabrikam"),
        ("Sa Pobla S.A.", "sa pobla"),  # a name that starts like a legal form keeps it
    ],
)
def test_accents_case_punctuation_and_legal_forms_are_set_aside(written, normalized):
    assert normalize_name(written) == normalized


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("ESB12345678", "B-12345678"),
        ("es b12345678", "B12345678"),
        ("20-12345678-9", "20123456789"),
        ("76.123.456-7", "761234567"),
    ],
)
def test_tax_ids_compare_without_punctuation_or_the_eu_country_prefix(one, other):
    assert normalize_tax_id(one) == normalize_tax_id(other)


def test_a_mexican_rfc_keeps_its_letters():
    assert normalize_tax_id("ESMA800101ABC") != normalize_tax_id("MA800101ABC")


KNOWN = [
    Known("acme", "Acme Retail SL"),
    Known("nunez", "Panadería Núñez", "ESA87654321"),
    Known("leroy", "Garage Leroy"),
]


def test_each_way_of_matching_in_order_of_trust():
    found = match_clients(
        [
            ("Panaderia Nunez Hermanos", "A87654321"),
            ("ACME RETAIL, S.L.", ""),
            ("Garaje Leroy", ""),
            ("Bodegas Ribera S.A.", ""),
            ("Acme Ret.", ""),
        ],
        KNOWN,
        aliases={"acme ret": "acme"},
    )
    assert [(m.how, m.key) for m in found.values()] == [
        (How.TAX_ID, "nunez"),
        (How.NAME, "acme"),
        (How.FUZZY, "leroy"),
        (How.NEW, None),
        (How.ALIAS, "acme"),
    ]
    assert found[("Garaje Leroy", "")].needs_confirmation


def test_a_name_far_from_every_known_one_is_new():
    assert match_clients([("Zeta Logística", "")], KNOWN)[("Zeta Logística", "")].how is How.NEW

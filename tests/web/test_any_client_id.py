"""A client's id may be any text the portfolio format allows; its pages still open."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from django.urls import resolve, reverse

from despedida.clients import models as records
from despedida.web.converters import ClientKeyConverter

ODD_IDS = ["ñandú corp", "../admin", "acme/2026", ".", "..", "a~b", "50% off", "client?x=1#y"]


@pytest.mark.parametrize("key", ODD_IDS)
def test_any_id_goes_to_its_address_and_back(key):
    converter = ClientKeyConverter()
    segment = converter.to_url(key)
    assert "/" not in segment and segment not in (".", "..")
    assert converter.to_python(segment) == key
    # A server hands the view the decoded path; the id must come back whole.
    assert resolve(unquote(reverse("web:client_edit", args=[key]))).kwargs["key"] == key


@pytest.mark.parametrize("key", ODD_IDS)
def test_a_client_with_an_odd_id_has_working_pages(alice_client, norte, key):
    records.Client.objects.create(workspace=norte, key=key, name="Raro", stage=records.Stage.ACTIVE)
    assert alice_client.get(reverse("web:client", args=[key])).status_code == 200
    assert alice_client.get(reverse("web:client_edit", args=[key])).status_code == 200
    listing = alice_client.get(reverse("web:portfolio")).content.decode()
    assert (
        reverse("web:client", args=[key]).replace("&", "&amp;") in listing
        or reverse("web:client", args=[key]) in listing
    )

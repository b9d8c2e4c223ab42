"""Error pages speak the user's language, inside the app's layout, with a way back."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error


@pytest.mark.parametrize(
    ("language", "heading"), [("es", "No encontramos esa página"), ("en", "We can't find that page")]
)
def test_a_missing_page_is_a_translated_page_of_the_app(alice_client, language, heading):
    response = alice_client.get("/c/no-such-client/", HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert response.status_code == 404
    assert heading in html and '<header class="top">' in html and 'href="/"' in html


@pytest.mark.parametrize(
    ("language", "heading"), [("es", "No puedes hacer eso aquí"), ("en", "You can't do that here")]
)
def test_a_forbidden_action_explains_who_may_do_it(client, bob, language, heading):
    client.force_login(bob)
    response = client.post("/settings/thresholds/reset/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403
    assert heading in response.content.decode()


@pytest.mark.parametrize(
    ("language", "heading"), [("es", "Algo ha fallado por nuestra parte"), ("en", "Something went wrong on our side")]
)
def test_the_server_error_page_needs_no_database_and_is_translated(language, heading):
    with translation.override(language):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert heading in response.content.decode()

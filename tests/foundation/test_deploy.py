"""A production configuration passes Django's deployment checks, and pages carry security headers."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest


def test_check_deploy_is_clean_for_a_production_configuration(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HTTPS": "true",
        "ALLOWED_HOSTS": "despedida.example.com",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "DESPEDIDA_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "despedida", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True, text=True, env=env,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_a_bad_boolean_stops_the_program_at_start_naming_the_variable(tmp_path):
    env = {"PATH": os.environ.get("PATH", ""), "DEBUG": "maybe", "DESPEDIDA_DATA_DIR": str(tmp_path), "SECRET_KEY": "x"}
    result = subprocess.run([sys.executable, "-m", "despedida", "check"], capture_output=True, text=True, env=env)
    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'maybe'" in result.stderr


@pytest.mark.django_db
def test_pages_forbid_framing_and_foreign_scripts(client):
    response = client.get("/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_forms_are_protected_against_cross_site_requests(alice):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    response = strict.post("/logout/")
    assert response.status_code == 403

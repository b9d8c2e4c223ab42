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
        capture_output=True,
        text=True,
        env=env,
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


def deploy_env_from_the_docs() -> dict[str, str]:
    """The environment file shown in docs/deploy.md, between its markers."""
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "deploy.md").read_text()
    block = re.search(r"<!-- deploy-env -->\s*```sh\n(.*?)```\s*<!-- /deploy-env -->", text, re.S).group(1)
    return dict(line.split("=", 1) for line in block.splitlines() if line.strip() and not line.startswith("#"))


def test_the_setup_in_docs_deploy_passes_the_deployment_checks(tmp_path):
    """GIVEN the environment file of docs/deploy.md (PostgreSQL, HTTPS, a public host, owners with 2FA)
    WHEN `despedida check --deploy` runs with it (keys generated in a fresh data directory)
    THEN it finds no issue, not even a warning."""
    env = deploy_env_from_the_docs()
    assert env["HTTPS"] == "true" and env["DATABASE_URL"].startswith("postgres")
    env.update(PATH=os.environ.get("PATH", "/usr/bin:/bin"), DESPEDIDA_DATA_DIR=str(tmp_path / "data"))

    result = subprocess.run(
        [sys.executable, "-m", "despedida", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
    assert oct((tmp_path / "data" / "secret_key").stat().st_mode & 0o777) == "0o600"

"""Real Chromium (Debian's package) driven by Playwright, against a live server."""

from __future__ import annotations

import io
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from despedida.accounts.models import Membership, Role, Workspace
from tests.conftest import make_user

# Playwright's sync API keeps an event loop in the test thread; the ORM calls
# the tests make between page actions are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def laura():
    """The owner of the 14-client demo portfolio, dated today so every warning sign is current."""
    today = timezone.now().astimezone(ZoneInfo("Europe/Madrid")).date()
    call_command("demo", clients=14, seed=3, as_of=today.isoformat(), stdout=io.StringIO())
    owner = make_user("laura")
    Membership.objects.create(workspace=Workspace.objects.get(), user=owner, role=Role.OWNER)
    return owner


def log_in(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Nombre de usuario").fill(username)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Entrar").click()

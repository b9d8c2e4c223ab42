"""Real Chromium (Debian's package) driven by Playwright, against a live server."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command

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
# The browser tests take the screenshots the docs show. They land in
# docs/screenshots only when asked (`make screenshots`), so that running the
# suite never rewrites tracked files; otherwise in a throwaway folder.
SCREENSHOTS = Path(
    os.environ.get("DESPEDIDA_SCREENSHOTS") or Path(tempfile.gettempdir()) / f"despedida-screenshots-{os.getpid()}"
)


@pytest.fixture(autouse=True)
def cookies_without_dates(settings):
    """Chromium judges a cookie's expiry by the real clock, not the suite's frozen
    one: a session cookie dated from a frozen instant would already be expired."""
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None


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
    """The owner of the 14-client demo portfolio, as of the suite's today (the demo's default)."""
    call_command("demo", clients=14, seed=3, stdout=io.StringIO())
    owner = make_user("laura")
    Membership.objects.create(workspace=Workspace.objects.get(), user=owner, role=Role.OWNER)
    return owner


def log_in(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Nombre de usuario").fill(username)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Entrar").click()

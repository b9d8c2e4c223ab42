"""A person saving things on a client's page, as a separate process, while something else uses the store.

Run as `python -m tests.portability.web_saves COMMAND` with the store named
by the environment (DESPEDIDA_DATA_DIR, or DATABASE_URL), as the app reads it:

- `prepare`: migrate; create the owner "alice", the workspace "estudio-alameda"
  and the client "kept" that the web saves go to.
- `save --marks FOLDER --out FILE`: sign in as alice through Django's test
  client, touch FOLDER/ready, and log an event on "kept" again and again (each
  one a real POST to the client page: the event, the client's assessment, the
  session) until FOLDER/stop appears. Writes one JSON line per save to --out:
  the status, or the error if the request raised one; whether it ran wholly
  inside the window FOLDER/started ... FOLDER/ended that the caller marks
  around the other work; and its wall-clock start and end (for benchmarks).
- `count`: print what the store holds, as JSON.

Nothing here asserts: the tests and `bench/import_contention.py` judge.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from pathlib import Path

WORKSPACE = "estudio-alameda"
CLIENT = "kept"
NOTE = "saved while the import runs"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "despedida.settings")
    import django

    django.setup()


def prepare() -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from despedida.accounts.models import Membership, Role, Workspace
    from despedida.clients.models import Client

    alice = get_user_model().objects.create_user("alice", password=None)
    workspace = Workspace.objects.create(name="Estudio Alameda", slug=WORKSPACE, currency="EUR")
    Membership.objects.create(workspace=workspace, user=alice, role=Role.OWNER)
    Client.objects.create(workspace=workspace, key=CLIENT, name="Kept SL")


def save(marks: Path, out: Path) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client as Browser
    from django.urls import reverse

    browser = Browser(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(get_user_model().objects.get(username="alice"))
    url = reverse("web:log", kwargs={"key": CLIENT, "form_name": "event"})
    (marks / "ready").touch()
    n = 0
    with out.open("w", encoding="utf-8") as log:
        while not (marks / "stop").exists():
            n += 1
            data = {"event-type": "contact_change", "event-on": "2026-11-21", "event-note": f"{NOTE} #{n}"}
            entry = {"n": n, "note": data["event-note"], "start": time.time()}
            began_inside = (marks / "started").exists()
            try:
                response = browser.post(url, data)
                entry["status"] = response.status_code
            except Exception as exc:  # the point is to see them: "database is locked" would land here
                entry["error"] = f"{type(exc).__name__}: {exc}"
                entry["trace"] = traceback.format_exc(limit=3)
            entry["end"] = time.time()
            entry["during"] = began_inside and not (marks / "ended").exists()
            log.write(json.dumps(entry) + "\n")
            log.flush()


def count() -> None:
    from despedida.accounts.models import Workspace
    from despedida.clients.models import Client, Event

    workspace = Workspace.objects.get(slug=WORKSPACE)
    kept = Client.objects.in_workspace(workspace).get(key=CLIENT)
    print(
        json.dumps(
            {
                "clients": Client.objects.in_workspace(workspace).count(),
                "notes": sorted(
                    Event.objects.in_workspace(workspace).filter(client=kept).values_list("note", flat=True)
                ),
                "workspaces": list(Workspace.objects.values_list("slug", flat=True)),
                "hidden_workspaces": Workspace._base_manager.filter(slug__startswith="~").count(),
            }
        )
    )


def main(argv: list[str]) -> None:
    setup_django()
    command = argv[0]
    if command == "prepare":
        prepare()
    elif command == "save":
        options = dict(zip(argv[1::2], argv[2::2]))
        save(Path(options["--marks"]), Path(options["--out"]))
    elif command == "count":
        count()
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])

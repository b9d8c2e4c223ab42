"""The `despedida` console script: Django's management commands, no manage.py.

Commands that only read a file (`assess FILE`, `letter`, `plan`, `tone`,
`demo --out`) run without touching the store or the data directory, so
they work anywhere and write nothing when they refuse their input.
"""

from __future__ import annotations

import os
import sys

FILE_ONLY = {"letter", "plan", "tone"}


def is_stateless(argv: list[str]) -> bool:
    if len(argv) < 2 or argv[1] in {"help", "--help", "-h", "--version"}:
        return True
    command, rest = argv[1], argv[2:]
    if command in FILE_ONLY:
        return True
    if command == "assess":
        return "--all" not in rest
    if command == "restore":
        return True  # it fills an empty data directory itself: nothing may be created there first
    if command == "demo":
        return any(arg == "--out" or arg.startswith("--out=") for arg in rest)
    return False


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "despedida"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "despedida.settings")
    if is_stateless(argv):
        os.environ.setdefault("DESPEDIDA_STATELESS", "true")
    load_settings_or_exit()
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


def load_settings_or_exit() -> None:
    """Read the settings (and so the environment) now: a bad value is one line and exit 2.

    Django would otherwise carry on without settings and fail later with a
    traceback, or list only its own commands.
    """
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018 - touching it loads despedida.settings
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"despedida: {exc}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()

"""What each backup or restore error says to the person running the command."""

from __future__ import annotations

from django.utils.translation import gettext as _


def describe(error, source: str = "") -> str:
    code, params = error.code, dict(error.params)
    texts = {
        "missing": lambda: _("%(path)s: no such file.") % params,
        "unreadable": lambda: _(
            "This file is not a complete backup archive (it is damaged, truncated or not "
            "a .tar.gz). Nothing was restored."
        ),
        "foreign": lambda: _("This archive is not a Despedida backup (no manifest of ours). Nothing was restored."),
        "too_new": lambda: (
            _(
                "This backup was made by a newer Despedida (archive format %(version)s): upgrade "
                "first. Nothing was restored."
            )
            % params
        ),
        "unexpected_member": lambda: (
            _("The archive holds a file its manifest does not list (%(name)s): it was altered. Nothing was restored.")
            % params
        ),
        "missing_member": lambda: (
            _("The archive lacks a file its manifest lists (%(name)s): it is incomplete. Nothing was restored.")
            % params
        ),
        "checksum": lambda: (
            _("%(name)s in the archive does not match its checksum: the archive is damaged. Nothing was restored.")
            % params
        ),
        "engine_mismatch": lambda: (
            _(
                "This backup holds a %(archived)s database, and this installation uses "
                "%(here)s: set DATABASE_URL to match. Nothing was restored."
            )
            % params
        ),
        "data_dir_not_empty": lambda: (
            _(
                "The data directory %(path)s is not empty: restore into an empty one "
                "(set DESPEDIDA_DATA_DIR). Nothing was restored."
            )
            % params
        ),
        "database_not_empty": lambda: (
            _("The database %(name)s already exists or has tables: restore into an empty one. Nothing was restored.")
            % params
        ),
        "in_transaction": lambda: _("A backup cannot be taken from inside a database transaction."),
        "no_folder": lambda: _("The folder %(path)s does not exist.") % params,
        "no_tool": lambda: _("%(tool)s is not installed (Debian: apt-get install postgresql-client).") % params,
        "tool_failed": lambda: _("%(tool)s failed: %(error)s") % params,
    }
    text = texts.get(code, lambda: code)()
    return f"{source}: {text}" if source and code not in ("missing",) else text

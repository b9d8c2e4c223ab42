"""Compile the .po catalogues to .mo with Babel (no system gettext needed).

The .mo files are build output, not tracked in git: `make setup` (and so
`make run` and `make test`) runs this, and it recompiles a catalogue only
when its .po is newer than its .mo.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent / "despedida" / "locale"


def main() -> None:
    for po_path in sorted(ROOT.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=po_path.parent.parent.name)
        # Written aside and renamed, so a server starting meanwhile never reads half a catalogue.
        fd, tmp = tempfile.mkstemp(dir=mo_path.parent, prefix=".django-", suffix=".mo")
        try:
            with os.fdopen(fd, "wb") as handle:
                write_mo(handle, catalog, use_fuzzy=False)
            os.chmod(tmp, 0o644)
            os.replace(tmp, mo_path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


if __name__ == "__main__":
    main()

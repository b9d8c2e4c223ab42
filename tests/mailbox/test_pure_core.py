"""The judgement of mail in is pure Python: its modules import no Django."""

from __future__ import annotations

import subprocess
import sys

PURE = ["parsing", "automatic", "asks", "addresses", "matching", "snippets", "mailfiles"]


def test_the_pure_modules_of_mail_in_import_no_django():
    code = (
        "import sys\n"
        + "".join(f"import despedida.mailbox.{name}\n" for name in PURE)
        + "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        + "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={"PATH": "/usr/bin:/bin"}
    )
    assert result.stdout.strip() == "[]"

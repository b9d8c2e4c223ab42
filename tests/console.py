"""The `despedida` console script's entry point (`despedida.cli.main`) run inside the test process.

Its three streams are bytes, as a pipe gives them, and the exit code is the
one the process would return; `tests/conftest.py` puts the environment back
afterwards (main() marks the process stateless for file-only commands).
Tests that must see the console script start on its own run it with
`subprocess` instead.
"""

from __future__ import annotations

import io
import subprocess
import sys

from despedida import cli


def run_despedida(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    stdout, stderr = io.BytesIO(), io.BytesIO()
    streams = {
        "stdin": io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"),
        "stdout": io.TextIOWrapper(stdout, encoding="utf-8", write_through=True),
        "stderr": io.TextIOWrapper(stderr, encoding="utf-8", write_through=True),
    }
    saved = {name: getattr(sys, name) for name in streams}
    code = 0
    try:
        for name, stream in streams.items():
            setattr(sys, name, stream)
        cli.main(["despedida", *args])
    except SystemExit as exit_:
        code = exit_code(exit_)
    finally:
        for name, stream in saved.items():
            setattr(sys, name, stream)
    return subprocess.CompletedProcess(args, code, stdout.getvalue(), stderr.getvalue())


def exit_code(exit_: SystemExit) -> int:
    """What the process would return: None is success, a message is failure (1)."""
    if exit_.code is None:
        return 0
    return exit_.code if isinstance(exit_.code, int) else 1

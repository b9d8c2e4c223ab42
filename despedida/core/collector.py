"""Pausing Python's cyclic garbage collector while many objects without cycles are built or used.

Reading a file, loading a chunk of the record, judging or writing clients
make hundreds of thousands of objects that hold no cycles: reference
counting frees them. The cyclic collector would only walk them again and
again (a fifth to a third of the time of those paths). It is paused, not
turned off: whoever paused it first turns it back on, so pauses nest. The
pause is the whole process's: cyclic garbage other threads make meanwhile
waits for the pause to end (an export or recomputation of a large workspace:
seconds to a minute).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused for the block; back as it was afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

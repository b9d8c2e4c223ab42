"""The worker's job registry: due work each app hands to `despedida worker`, run at the start of every pass.

An app registers its job once, in its AppConfig.ready():

    from despedida.jobs import register_job
    register_job("silence_protocol", advance_silence_protocols)

A job is `func(now) -> int`: it does whatever is due at `now` (it may queue
messages with `queue_message`, which the same pass then sends) and returns
how many things it did. Jobs must be safe to run by two workers at once
(claim rows with compare-and-swap updates, as the outbox does); one job's
exception is logged and does not stop the others or the sending.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

logger = logging.getLogger("despedida.jobs")

Job = Callable[[dt.datetime], int]

_jobs: dict[str, Job] = {}


def register_job(name: str, func: Job) -> None:
    """Register `func` under `name`; registering the same pair again is harmless."""
    existing = _jobs.get(name)
    if existing is not None and existing is not func:
        raise ValueError(f"A different job is already registered as {name!r}")
    _jobs[name] = func


def unregister_job(name: str) -> None:
    _jobs.pop(name, None)


def registered_jobs() -> dict[str, Job]:
    return dict(_jobs)


def run_due_jobs(now: dt.datetime) -> tuple[dict[str, int], list[str]]:
    """Run every job; return what each did and the names of those that failed."""
    done: dict[str, int] = {}
    failed: list[str] = []
    for name, func in list(_jobs.items()):
        try:
            done[name] = int(func(now) or 0)
        except Exception:
            logger.exception("Job %s failed", name)
            failed.append(name)
    return done, failed

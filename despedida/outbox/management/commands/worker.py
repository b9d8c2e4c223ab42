"""`despedida worker`: run due protocol steps and send the outbox, until stopped."""

from __future__ import annotations

import argparse
import logging
import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from despedida.outbox.worker import run_pass, worker_name

logger = logging.getLogger("despedida.outbox")


def positive_seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, not {value}")
    return seconds


class Command(BaseCommand):
    help = (
        "Run due protocol steps and send the outbox, until stopped (SIGTERM or Ctrl-C finish "
        "the message in hand, then exit). With --once, do one pass and exit (for cron)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="Do one pass and exit.")
        parser.add_argument(
            "--interval",
            type=positive_seconds,
            default=10.0,
            help="Seconds to wait between passes (default 10).",
        )

    def handle(self, *args, once: bool, interval: float, **options) -> None:
        worker = worker_name()
        stopping = threading.Event()

        def on_signal(signum, frame) -> None:
            self.stdout.write(f"{signal.strsignal(signum)}: finishing the message in hand, then stopping.")
            stopping.set()

        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            if once:
                self._once(worker, stopping)
            else:
                self._loop(worker, stopping, interval)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _once(self, worker: str, stopping: threading.Event) -> None:
        report = run_pass(worker, should_stop=stopping.is_set)
        self.stdout.write(str(report))
        if report.failed_jobs:
            raise CommandError("some jobs failed: " + ", ".join(report.failed_jobs))

    def _loop(self, worker: str, stopping: threading.Event, interval: float) -> None:
        self.stdout.write(f"Worker {worker} running; a pass every {interval:g} s.")
        while not stopping.is_set():
            try:
                report = run_pass(worker, should_stop=stopping.is_set)
            except Exception:
                # The database or a bug: say so and try again next pass; the
                # lease recovers any message left in hand.
                logger.exception("Worker pass failed")
            else:
                if report.did_something:
                    self.stdout.write(str(report))
            if stopping.is_set():
                break
            close_old_connections()
            stopping.wait(interval)
        self.stdout.write("Worker stopped.")

"""The tone checker's time against the length of the text: it must grow linearly.

    python bench/tone_linear.py            # 10 KB, 100 KB and 1 MB, Spanish and English
    python bench/tone_linear.py --small    # CI: 10 KB and 100 KB
    python bench/tone_linear.py --check    # exit 1 when a target is missed

The texts are the labelled corpus letters repeated to the size wanted, so
they are dense with findings: a harder case than ordinary prose. Times are
CPU seconds of this process (best of --repeat runs), which other jobs on a
shared machine disturb far less than wall time; wall time is shown beside.
The rules are loaded and compiled before timing (once per process).

Targets (issue 4): 10x the text <= 15x the time (linear, with noise);
1 MB in under 3 CPU seconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from despedida.tone import check  # noqa: E402
from despedida.tone.evaluation import load_corpus  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000)
SMALL_SIZES = (10_000, 100_000)
GROWTH_TARGET = 15.0
ONE_MEGABYTE_TARGET = 3.0


def text_of_size(lang: str, size: int) -> str:
    base = "\n\n".join(letter.body for letter in load_corpus() if letter.lang == lang)
    return (base * (size // len(base) + 1))[:size]


def measure(text: str, lang: str, repeat: int) -> tuple[float, float, int]:
    """Best CPU seconds, wall seconds of that run, and the number of findings."""
    best = (float("inf"), 0.0, 0)
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        report = check(text, lang, "termination")
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        best = min(best, (cpu, wall, len(report.findings)))
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="10 KB and 100 KB only")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    sizes = SMALL_SIZES if args.small else SIZES
    ok = True
    print(f"{'lang':4} {'size':>9} {'cpu s':>8} {'wall s':>8} {'cpu s/100KB':>11} {'x prev':>7} {'findings':>8}")
    for lang in ("es", "en"):
        check("hola" if lang == "es" else "hello", lang)  # load and compile the rules
        previous = None
        for size in sizes:
            cpu, wall, findings = measure(text_of_size(lang, size), lang, args.repeat)
            growth = cpu / previous if previous else None
            print(
                f"{lang:4} {size:>9,} {cpu:8.3f} {wall:8.3f} {cpu / size * 100_000:11.3f} "
                f"{'' if growth is None else f'{growth:6.1f}x':>7} {findings:8}"
            )
            if growth is not None and growth > GROWTH_TARGET:
                ok = False
            if size >= 1_000_000 and cpu > ONE_MEGABYTE_TARGET:
                ok = False
            previous = cpu
    print(f"targets: 10x text <= {GROWTH_TARGET:.0f}x time; 1 MB < {ONE_MEGABYTE_TARGET:.0f} s: {'met' if ok else 'MISSED'}")
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    raise SystemExit(main())

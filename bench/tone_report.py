"""Precision and recall of the tone checker on the labelled corpus, per split.

Run with `make tone-report` (or `.venv/bin/python bench/tone_report.py`).

The corpus (corpus/letters/, see docs/tone.md) is split by letter, and each
split's sentences come from their own pool, written apart:
- test    never used to tune a rule, an element or the model: the headline;
- dev     chose the model's threshold, and rules were written from its misses;
- train   what the rules were written from and the model learned;
- holdout the old batch of issue 4, never tuned on (12 letters).

The headline is the test split, checked against the targets of issue 14:
span recall >= 0.7, at least 0.9 of the letters with problems get a finding,
and no error-level finding or missing element on a clean letter; the share
of clean letters with a warning is stated. Exits 1 when a target is missed.

    --details SPLIT   list every missed problem and extra finding of SPLIT
    --root DIR        another corpus folder (with train/, dev/, test/ ...)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from despedida.core.tone.evaluation import (  # noqa: E402
    CORPUS_DIR,
    HOLDOUT,
    SPLITS,
    Evaluation,
    evaluate,
    format_evaluation,
    format_summary,
    load_split,
)

SPAN_RECALL_TARGET = 0.7
FLAGGED_TARGET = 0.9
ORDER = ("test", "dev", "train", HOLDOUT)
ABOUT = {
    "test": "never used to tune anything",
    "dev": "chose the model's threshold; rules were written from its misses",
    "train": "rules written from it, model trained on it",
    HOLDOUT: "issue 4's batch, never tuned on",
}


def targets(evaluation: Evaluation) -> tuple[bool, list[str]]:
    """Whether the headline split meets the targets, and one line per target."""
    figures = evaluation.letter_figures()
    total = evaluation.total()
    recall = total.recall or 0.0
    flagged = figures["flagged"] / figures["problem_letters"] if figures["problem_letters"] else 1.0
    warned = figures["clean_with_warning"] / figures["clean_letters"] if figures["clean_letters"] else 0.0
    checks = [
        (recall >= SPAN_RECALL_TARGET, f"span recall {recall:.2f} (target >= {SPAN_RECALL_TARGET})"),
        (
            flagged >= FLAGGED_TARGET,
            f"letters with problems that get a finding {flagged:.2f} (target >= {FLAGGED_TARGET})",
        ),
        (
            figures["clean_with_error"] == 0,
            f"clean letters with an error or a missing element: {figures['clean_with_error']} (target 0)",
        ),
    ]
    lines = [f"  {'met   ' if ok else 'MISSED'} {text}" for ok, text in checks]
    lines.append(
        f"  stated clean letters with a warning: {figures['clean_with_warning']} of {figures['clean_letters']} ({warned:.2f})"
    )
    return all(ok for ok, _ in checks), lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=CORPUS_DIR)
    parser.add_argument("--details", choices=(*SPLITS, HOLDOUT), action="append", default=[])
    args = parser.parse_args(argv)
    results = {}
    for split in ORDER:
        if (args.root / split).is_dir():
            letters = load_split(split, args.root)
            if letters:
                results[split] = evaluate(letters)
    if "test" not in results:
        print(f"{args.root}: no test split", file=sys.stderr)
        return 2
    ok, lines = targets(results["test"])
    print("== headline: test split (never used to tune anything) ==")
    print(format_summary(results["test"]))
    print("targets (issue 14):")
    print("\n".join(lines))
    for split in ORDER:
        if split in results:
            print()
            print(f"== {split} ({ABOUT[split]}) ==")
            print(format_summary(results[split]))
            print()
            print(format_evaluation(results[split], details=split in args.details))
    print()
    print(f"targets on the test split: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

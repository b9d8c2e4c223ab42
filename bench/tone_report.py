"""Precision and recall of the tone checker on the labelled corpus.

Run with `make tone-report` (or `.venv/bin/python bench/tone_report.py`).
`--details` lists every missed problem and every extra finding.

Two sets are scored: corpus/letters/ (the rules were tuned on it) and
corpus/letters/holdout/ (letters written after tuning and never used to
tune: the honest estimate of how the rules do on new letters).
Exits 1 when a target is missed on the main corpus: recall below 0.9 on
annotated problems, or any error-level finding (or missing element) on a
clean letter.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from despedida.tone.evaluation import CORPUS_DIR, evaluate, format_evaluation, load_corpus  # noqa: E402

RECALL_TARGET = 0.9


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    parser.add_argument("--details", action="store_true", help="list missed problems and extra findings")
    args = parser.parse_args(argv)
    evaluation = evaluate(load_corpus(args.corpus))
    print("== main corpus (rules tuned on these letters) ==")
    print(format_evaluation(evaluation, details=args.details))
    holdout_dir = args.corpus / "holdout"
    holdout = load_corpus(holdout_dir) if holdout_dir.is_dir() else []
    if holdout:
        held = evaluate(holdout)
        print()
        print("== held-out letters (never used to tune the rules) ==")
        print(format_evaluation(held, details=args.details))
    recall = evaluation.total().recall or 0.0
    ok = recall >= RECALL_TARGET and not evaluation.errors_on_clean
    print()
    print(f"targets: recall >= {RECALL_TARGET} ({recall:.2f}), no errors on clean letters "
          f"({len(evaluation.errors_on_clean)}): {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

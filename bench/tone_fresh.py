"""The tone checker on held-out fresh material (corpus/fresh/): aggregate figures only, never a sentence.

    python bench/tone_fresh.py corpus/fresh/round4
    python bench/tone_fresh.py corpus/fresh/round5
    python bench/tone_fresh.py --rules-only corpus/fresh/round6   # patterns alone: no classifier, no element reader

Each folder is the half of a batch written by a hand that never saw the
checker and set aside when the other half was used to generalise the
rules (docs/tone.md, issue 14's fourth round on). Like the test
split, they must never be used to tune a rule: this prints counts, so that
no one reads them by accident.
- end statements read: sentences that state the end of the work, by language;
- near misses read as an end statement: sentences that must not count;
- (round 9 on) each element read in the sentences that state it, and in its near misses;
- clean letters with an error or a missing element, and with a warning;
- (round 16 on) letters with annotated problems (measure/, the corpus's format):
  the summary line of `make tone-report` for them (span recall, precision,
  letters flagged, clean letters warned; their missing elements were not annotated).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from despedida.core.tone import check  # noqa: E402
from despedida.core.tone.checker import element_status  # noqa: E402
from despedida.core.tone.evaluation import evaluate, format_summary, load_corpus  # noqa: E402
from despedida.core.tone.rulebook import load_rulebook  # noqa: E402
from despedida.core.tone.scanner import Prepared  # noqa: E402

STATISTICAL = "--rules-only" not in sys.argv[1:]


def status(lang: str, text: str, element: str) -> str:
    book = load_rulebook(lang)
    return element_status(book.elements[element], Prepared(text), book, statistical=STATISTICAL)


def reads(lang: str, text: str, element: str = "end_statement") -> bool:
    return status(lang, text, element) == "present"


def main(folder: Path) -> None:
    if (folder / "measure").is_dir():
        print(format_summary(evaluate(load_corpus(folder / "measure"))))
    if (folder / "end_statements.yaml").exists():
        ends = yaml.safe_load((folder / "end_statements.yaml").read_text(encoding="utf-8"))
        for lang, kinds in ends.items():
            sentences = [text for texts in kinds.values() for text in texts]
            read = sum(reads(lang, text) for text in sentences)
            print(f"end statements read, {lang}: {read} of {len(sentences)}")
        near = yaml.safe_load((folder / "near_misses.yaml").read_text(encoding="utf-8"))
        for lang, sentences in near.items():
            wrong = sum(reads(lang, text) for text in sentences)
            print(f"near misses wrongly read as an end statement, {lang}: {wrong} of {len(sentences)}")
    if (folder / "element_sentences.yaml").exists():
        elements = yaml.safe_load((folder / "element_sentences.yaml").read_text(encoding="utf-8"))
        for lang, by_element in elements.items():
            figures = []
            for element, shapes in sorted(by_element.items()):
                # A conditional element (invoice terms) with nothing to trigger it would not be reported missing.
                present = [status(lang, text, element) != "missing" for text in shapes.get("present") or ()]
                absent = [reads(lang, text, element) for text in shapes.get("absent") or ()]
                figures.append(f"{element} {sum(present)}/{len(present)} (near misses {sum(absent)}/{len(absent)})")
            print(f"elements read, {lang}: " + "; ".join(figures))
    if not (folder / "clean_letters.yaml").exists():
        return
    letters = yaml.safe_load((folder / "clean_letters.yaml").read_text(encoding="utf-8"))["letters"]
    total, bad, warned, missing = Counter(), Counter(), Counter(), Counter()
    for letter in letters:
        lang = letter["lang"]
        report = check(letter["text"], lang=lang, kind=letter["kind"], statistical=STATISTICAL)
        errors = [f for f in report.findings if f.severity == "error"]
        total[lang] += 1
        bad[lang] += bool(errors or report.missing)
        warned[lang] += any(f.severity != "error" for f in report.findings)
        missing.update(m.element for m in report.missing)
    for lang in sorted(total):
        print(
            f"clean letters with an error or a missing element, {lang}: {bad[lang]} of {total[lang]}; "
            f"with a warning: {warned[lang]}"
        )
    print("missing elements wrongly reported, by element:", dict(sorted(missing.items())))


if __name__ == "__main__":
    main(Path(next(arg for arg in sys.argv[1:] if not arg.startswith("--"))))

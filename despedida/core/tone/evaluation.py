"""Scoring the checker against the labelled corpus (corpus/letters/).

The corpus is split by letter: `train/` (the hand-written letters the rules
were first tuned on, plus generated ones), `dev/` (for choosing thresholds)
and `test/` (never used to tune anything: the honest figure), with the older
`holdout/` batch kept apart and untuned. A corpus letter is a text file
with YAML front matter:

    ---
    lang: es
    kind: termination
    clean: false
    voice: AR vos                     # optional: region and form of address
    problems:
      - {category: absolute, phrase: "Usted nunca paga a tiempo"}
      - {category: length}            # no phrase: the letter as a whole
    missing: [handover]
    notes: "optional"
    ---
    Asunto: ...

An annotated problem is found when a finding of its category overlaps the
first occurrence of its phrase. A finding is correct when it overlaps an
annotated problem of its category. Missing elements are compared as sets.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from despedida.core.tone.checker import check
from despedida.core.tone.model import CATEGORIES, KINDS, LANGUAGES, Finding, ToneReport

CORPUS_DIR = Path(__file__).resolve().parents[3] / "corpus" / "letters"
# Letters with problems written and annotated by other hands, one folder per round:
# they teach the model (scripts/train_tone_model.py), they measure nothing.
HANDS_DIR = CORPUS_DIR.parent / "hands"
SPLITS = ("train", "dev", "test")
HOLDOUT = "holdout"
# Findings of the statistical layer carry rule ids ending like this (see classifier.py).
MODEL_RULE_SUFFIX = ".implied"


class CorpusError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Problem:
    category: str
    phrase: str | None
    start: int  # span of the phrase in the body; the whole body when there is no phrase
    end: int

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


@dataclass(frozen=True, slots=True)
class Letter:
    path: Path
    lang: str
    kind: str
    clean: bool
    problems: tuple[Problem, ...]
    missing: frozenset[str]
    body: str
    voice: str = ""


def parse_letter(path: Path) -> Letter:
    raw = path.read_text(encoding="utf-8")
    if not raw.startswith("---\n") or "\n---\n" not in raw[3:]:
        raise CorpusError(f"{path}: expected YAML front matter between --- lines")
    head, body = raw[4:].split("\n---\n", 1)
    meta = yaml.safe_load(head) or {}
    unknown = set(meta) - {"lang", "kind", "clean", "problems", "missing", "notes", "voice"}
    if unknown:
        raise CorpusError(f"{path}: unknown front matter keys {sorted(unknown)}")
    if meta.get("lang") not in LANGUAGES or meta.get("kind") not in KINDS:
        raise CorpusError(f"{path}: lang must be one of {LANGUAGES} and kind one of {KINDS}")
    problems = []
    for item in meta.get("problems") or []:
        category, phrase = item.get("category"), item.get("phrase")
        if category not in CATEGORIES:
            raise CorpusError(f"{path}: unknown category {category!r}")
        if phrase is None:
            problems.append(Problem(category, None, 0, len(body)))
            continue
        start = body.find(phrase)
        if start < 0:
            raise CorpusError(f"{path}: phrase not in the letter: {phrase!r}")
        problems.append(Problem(category, phrase, start, start + len(phrase)))
    missing = frozenset(meta.get("missing") or [])
    clean = bool(meta.get("clean"))
    if clean and (problems or missing):
        raise CorpusError(f"{path}: a clean letter has no problems and nothing missing")
    if not clean and not (problems or missing):
        raise CorpusError(f"{path}: a letter with problems must annotate them")
    return Letter(path, meta["lang"], meta["kind"], clean, tuple(problems), missing, body, str(meta.get("voice") or ""))


def load_corpus(folder: Path = CORPUS_DIR / "train") -> list[Letter]:
    return [parse_letter(path) for path in sorted(folder.glob("*.txt"))]


def load_hands(root: Path = HANDS_DIR) -> list[Letter]:
    """The letters by other hands, every round (corpus/hands/<round>/)."""
    return [letter for folder in sorted(root.glob("round*")) for letter in load_corpus(folder)]


def load_split(name: str, root: Path = CORPUS_DIR) -> list[Letter]:
    """The letters of one split (train, dev, test) or of the old holdout batch."""
    if name not in (*SPLITS, HOLDOUT):
        raise ValueError(f"unknown split {name!r}")
    return load_corpus(root / name)


@dataclass
class Tally:
    problems: int = 0
    found: int = 0
    findings: int = 0
    correct: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.problems if self.problems else None

    @property
    def precision(self) -> float | None:
        return self.correct / self.findings if self.findings else None

    def add(self, other: Tally) -> None:
        self.problems += other.problems
        self.found += other.found
        self.findings += other.findings
        self.correct += other.correct


@dataclass
class LetterResult:
    letter: Letter
    report: ToneReport
    missed: list[Problem]
    spurious: list[str]  # "rule: excerpt" of findings that match no annotation
    missing_missed: set[str]
    missing_spurious: set[str]
    found_by_rules: int = 0  # annotated problems a rule finding overlaps

    @property
    def has_problems(self) -> bool:
        return bool(self.letter.problems)


@dataclass
class Evaluation:
    by_category: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_element: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    letters: list[LetterResult] = field(default_factory=list)
    errors_on_clean: list[str] = field(default_factory=list)
    wrong_language: list[str] = field(default_factory=list)

    def total(self, lang: str | None = None) -> Tally:
        total = Tally()
        for (tally_lang, _), tally in self.by_category.items():
            if lang is None or tally_lang == lang:
                total.add(tally)
        return total

    def elements_total(self) -> Tally:
        total = Tally()
        for tally in self.by_element.values():
            total.add(tally)
        return total

    def letter_figures(self, lang: str | None = None) -> dict[str, int]:
        """How many letters with problems got a finding (or an error), and how clean letters fared."""
        results = [r for r in self.letters if lang is None or r.letter.lang == lang]
        with_problems = [r for r in results if r.has_problems]
        clean = [r for r in results if r.letter.clean]
        return {
            "letters": len(results),
            "problem_letters": len(with_problems),
            "flagged": sum(1 for r in with_problems if r.report.findings),
            "with_error": sum(1 for r in with_problems if any(f.severity == "error" for f in r.report.findings)),
            "clean_letters": len(clean),
            "clean_with_warning": sum(1 for r in clean if r.report.findings),
            "clean_with_error": sum(
                1 for r in clean if r.report.missing or any(f.severity == "error" for f in r.report.findings)
            ),
            "found_by_rules": sum(r.found_by_rules for r in results),
        }


def _overlapping(finding: Finding, problems: tuple[Problem, ...]) -> bool:
    return any(p.category == finding.category and p.overlaps(finding.start, finding.end) for p in problems)


def evaluate(letters: list[Letter]) -> Evaluation:
    result = Evaluation()
    for letter in letters:
        report = check(letter.body, "auto", letter.kind)
        if report.lang != letter.lang:
            result.wrong_language.append(letter.path.name)
            report = check(letter.body, letter.lang, letter.kind)
        missed = []
        by_rules = 0
        for problem in letter.problems:
            tally = result.by_category[(letter.lang, problem.category)]
            tally.problems += 1
            hits = [f for f in report.findings if f.category == problem.category and problem.overlaps(f.start, f.end)]
            if hits:
                tally.found += 1
                by_rules += any(not f.rule.endswith(MODEL_RULE_SUFFIX) for f in hits)
            else:
                missed.append(problem)
        spurious = []
        for finding in report.findings:
            tally = result.by_category[(letter.lang, finding.category)]
            tally.findings += 1
            if _overlapping(finding, letter.problems):
                tally.correct += 1
            else:
                spurious.append(f"{finding.rule} ({finding.severity}): {finding.excerpt!r}")
            if letter.clean and finding.severity == "error":
                result.errors_on_clean.append(f"{letter.path.name}: {finding.rule}: {finding.excerpt!r}")
        reported = {m.element for m in report.missing}
        for element in letter.missing | reported:
            tally = result.by_element[element]
            tally.problems += element in letter.missing
            tally.found += element in letter.missing and element in reported
            tally.findings += element in reported
            tally.correct += element in reported and element in letter.missing
        if letter.clean and reported:
            result.errors_on_clean.extend(f"{letter.path.name}: missing {e}" for e in sorted(reported))
        result.letters.append(
            LetterResult(
                letter, report, missed, spurious, letter.missing - reported, reported - letter.missing, by_rules
            )
        )
    return result


def _ratio(value: float | None) -> str:
    return "   -" if value is None else f"{value:4.2f}"


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.2f})" if whole else f"{part}/0"


def format_summary(evaluation: Evaluation) -> str:
    """Letter-level figures and span recall per language: the lines the targets read."""
    lines = []
    for lang in (*sorted({r.letter.lang for r in evaluation.letters}), None):
        figures = evaluation.letter_figures(lang)
        total = evaluation.total(lang)
        elements = Tally()
        for result in evaluation.letters:
            if lang is None or result.letter.lang == lang:
                elements.problems += len(result.letter.missing)
                elements.found += len(result.letter.missing) - len(result.missing_missed)
                elements.findings += len({m.element for m in result.report.missing})
                elements.correct += len({m.element for m in result.report.missing}) - len(result.missing_spurious)
        lines.append(
            f"{lang or 'all':4} letters {figures['letters']:4}  span recall {_share(total.found, total.problems):17} "
            f"(rules alone {figures['found_by_rules']})  precision {_ratio(total.precision)}  "
            f"problem letters flagged {_share(figures['flagged'], figures['problem_letters']):15} "
            f"with an error {_share(figures['with_error'], figures['problem_letters']):15} "
            f"clean letters with a warning {_share(figures['clean_with_warning'], figures['clean_letters']):15} "
            f"with an error or missing element {figures['clean_with_error']}  "
            f"missing elements found {_share(elements.found, elements.problems)}, wrongly reported {elements.findings - elements.correct}"
        )
    return "\n".join(lines)


def format_evaluation(evaluation: Evaluation, *, details: bool = False) -> str:
    """The tables `make tone-report` prints for one split."""
    lines = []
    letters = evaluation.letters
    clean = sum(1 for r in letters if r.letter.clean)
    langs = sorted({r.letter.lang for r in letters})
    lines.append(
        f"corpus: {len(letters)} letters ({clean} clean, {len(letters) - clean} with problems); "
        + ", ".join(f"{lang}: {sum(1 for r in letters if r.letter.lang == lang)}" for lang in langs)
    )
    lines.append("")
    lines.append(
        f"{'lang':4}  {'category':11} {'problems':>8} {'found':>5} {'recall':>6}  {'findings':>8} {'correct':>7} {'precision':>9}"
    )
    for lang in langs:
        for category in CATEGORIES:
            tally = evaluation.by_category.get((lang, category), Tally())
            lines.append(
                f"{lang:4}  {category:11} {tally.problems:8} {tally.found:5} {_ratio(tally.recall):>6}  "
                f"{tally.findings:8} {tally.correct:7} {_ratio(tally.precision):>9}"
            )
        total = evaluation.total(lang)
        lines.append(
            f"{lang:4}  {'ALL':11} {total.problems:8} {total.found:5} {_ratio(total.recall):>6}  "
            f"{total.findings:8} {total.correct:7} {_ratio(total.precision):>9}"
        )
        lines.append("")
    total = evaluation.total()
    lines.append(
        f"{'all':4}  {'ALL':11} {total.problems:8} {total.found:5} {_ratio(total.recall):>6}  "
        f"{total.findings:8} {total.correct:7} {_ratio(total.precision):>9}"
    )
    lines.append("")
    lines.append(
        f"{'missing element':17} {'expected':>8} {'found':>5} {'recall':>6}  {'reported':>8} {'correct':>7} {'precision':>9}"
    )
    for element in sorted(evaluation.by_element):
        tally = evaluation.by_element[element]
        lines.append(
            f"{element:17} {tally.problems:8} {tally.found:5} {_ratio(tally.recall):>6}  "
            f"{tally.findings:8} {tally.correct:7} {_ratio(tally.precision):>9}"
        )
    elements = evaluation.elements_total()
    lines.append(
        f"{'ALL':17} {elements.problems:8} {elements.found:5} {_ratio(elements.recall):>6}  "
        f"{elements.findings:8} {elements.correct:7} {_ratio(elements.precision):>9}"
    )
    lines.append("")
    lines.append(f"error-level findings or missing elements on clean letters: {len(evaluation.errors_on_clean)}")
    if details:  # a split's failures are listed only when asked for (never tune on test)
        lines.extend(f"  {item}" for item in evaluation.errors_on_clean)
    lines.append(f"language detected wrongly: {len(evaluation.wrong_language)}")
    if details:
        lines.extend(f"  {name}" for name in evaluation.wrong_language)
    if details:
        lines.append("")
        for result in letters:
            if not (result.missed or result.spurious or result.missing_missed or result.missing_spurious):
                continue
            lines.append(result.letter.path.name)
            lines.extend(f"  missed {p.category}: {p.phrase!r}" for p in result.missed)
            lines.extend(f"  extra  {s}" for s in result.spurious)
            lines.extend(f"  missed missing element {e}" for e in sorted(result.missing_missed))
            lines.extend(f"  extra  missing element {e}" for e in sorted(result.missing_spurious))
    return "\n".join(lines)

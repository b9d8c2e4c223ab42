"""Scoring the checker against the labelled corpus (corpus/letters/).

A corpus letter is a text file with YAML front matter:

    ---
    lang: es
    kind: termination
    clean: false
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

from despedida.tone.checker import check
from despedida.tone.model import CATEGORIES, KINDS, LANGUAGES, ToneReport

CORPUS_DIR = Path(__file__).resolve().parents[2] / "corpus" / "letters"


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


def parse_letter(path: Path) -> Letter:
    raw = path.read_text(encoding="utf-8")
    if not raw.startswith("---\n") or "\n---\n" not in raw[3:]:
        raise CorpusError(f"{path}: expected YAML front matter between --- lines")
    head, body = raw[4:].split("\n---\n", 1)
    meta = yaml.safe_load(head) or {}
    unknown = set(meta) - {"lang", "kind", "clean", "problems", "missing", "notes"}
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
    return Letter(path, meta["lang"], meta["kind"], clean, tuple(problems), missing, body)


def load_corpus(folder: Path = CORPUS_DIR) -> list[Letter]:
    return [parse_letter(path) for path in sorted(folder.glob("*.txt"))]


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


@dataclass
class LetterResult:
    letter: Letter
    report: ToneReport
    missed: list[Problem]
    spurious: list[str]  # "rule: excerpt" of findings that match no annotation
    missing_missed: set[str]
    missing_spurious: set[str]


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
                total.problems += tally.problems
                total.found += tally.found
                total.findings += tally.findings
                total.correct += tally.correct
        return total

    def elements_total(self) -> Tally:
        total = Tally()
        for tally in self.by_element.values():
            total.problems += tally.problems
            total.found += tally.found
            total.findings += tally.findings
            total.correct += tally.correct
        return total


def evaluate(letters: list[Letter]) -> Evaluation:
    result = Evaluation()
    for letter in letters:
        report = check(letter.body, "auto", letter.kind)
        if report.lang != letter.lang:
            result.wrong_language.append(letter.path.name)
            report = check(letter.body, letter.lang, letter.kind)
        missed = []
        for problem in letter.problems:
            tally = result.by_category[(letter.lang, problem.category)]
            tally.problems += 1
            if any(f.category == problem.category and problem.overlaps(f.start, f.end) for f in report.findings):
                tally.found += 1
            else:
                missed.append(problem)
        spurious = []
        for finding in report.findings:
            tally = result.by_category[(letter.lang, finding.category)]
            tally.findings += 1
            if any(p.category == finding.category and p.overlaps(finding.start, finding.end) for p in letter.problems):
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
            LetterResult(letter, report, missed, spurious, letter.missing - reported, reported - letter.missing)
        )
    return result


def _ratio(value: float | None) -> str:
    return "   -" if value is None else f"{value:4.2f}"


def format_evaluation(evaluation: Evaluation, *, details: bool = False) -> str:
    """The tables `make tone-report` prints."""
    lines = []
    letters = evaluation.letters
    clean = sum(1 for r in letters if r.letter.clean)
    langs = sorted({r.letter.lang for r in letters})
    lines.append(
        f"corpus: {len(letters)} letters ({clean} clean, {len(letters) - clean} with problems); "
        + ", ".join(f"{lang}: {sum(1 for r in letters if r.letter.lang == lang)}" for lang in langs)
    )
    lines.append("")
    lines.append(f"{'lang':4}  {'category':11} {'problems':>8} {'found':>5} {'recall':>6}  {'findings':>8} {'correct':>7} {'precision':>9}")
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
    lines.append(f"{'missing element':17} {'expected':>8} {'found':>5} {'recall':>6}  {'reported':>8} {'correct':>7} {'precision':>9}")
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
    lines.extend(f"  {item}" for item in evaluation.errors_on_clean)
    lines.append(f"language detected wrongly: {len(evaluation.wrong_language)}")
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

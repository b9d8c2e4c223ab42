"""Train the missing-element checks' sentence reader and write rules/<lang>/_element_model.json.

    make tone-train                                     # runs this after the tone model
    .venv/bin/python scripts/train_element_model.py     # both languages
    .venv/bin/python scripts/train_element_model.py --check   # exit 1 if retraining changes a shipped file

Development only (scikit-learn is in the `train` extra); the run time scores
the JSON in plain Python (despedida/core/tone/element_reader.py).

What it learns, per element in ELEMENTS: whether one sentence states it
(the end of the work, a handover, an acknowledgement, a decline, a
proposal, a question): the elements whose shapes the patterns miss most.
Dates, amounts, invoice numbers and legal bases are shapes, left to the
patterns.

Data, per language:
- the sentence banks of the corpus generator (corpus/generator/banks/<lang>/),
  each variant rendered a few times with the generator's own fillers and
  forms of address: the variants of the slots that provide the element in
  corpus/generator/plans.yaml (a termination's decision, an ultimatum's
  deadline, a closing's "closed", a reply's restatement, for end_statement)
  are positive; every other slot's (greetings, reasons, handovers, invoices,
  questions, neutral sentences, the hard negatives) negative. Problem sentences and the
  subjects of letters that end something are left out: they may or may not
  state the end, and saying which would be a guess;
- the element shapes written apart for issue 14 (tests/tone/element_shapes*.yaml):
  `present` positive, `absent` (near misses: a phase, a meeting, a leave,
  someone else's contract) negative.
A positive variant of several sentences counts its most end-like sentence
only (by a first model trained on one-sentence positives). Whether the
reader also reads each clause of a sentence (element_reader.clauses: "Sadly,
| I won't be able to continue") is chosen per element on dev, with C; then a
negative gives all its clauses as negatives, and a positive its most
element-like sentence or clause.

The train pool (`main`) and the first rounds' shapes train; the dev pool
and the shapes written by another hand (the fourth round on) choose the
regularisation and the threshold, on scores from models trained on train
and the other dev folds (FOLDS): the highest share of dev positives read
whose dev negative sentences are read as the element at most
MAX_FALSE_READS of the time and whose near misses at most MAX_NEAR_MISSES.
The shipped model is refitted on all of it with that choice. The test pool
and corpus/fresh/ are never read here.

Deterministic: sorted data, lbfgs, weights rounded to four decimals.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "corpus" / "generator"
SHAPES = sorted((ROOT / "tests" / "tone").glob("element_shapes*.yaml"))
# The shapes written by another hand (the fourth round on, near misses among
# them) choose the threshold with the dev pool; the earlier ones train.
FIRST_DEV_ROUND = 4
DEV_SHAPES = tuple(
    path
    for path in SHAPES
    if path.stem.rpartition("_")[2].isdigit() and int(path.stem.rpartition("_")[2]) >= FIRST_DEV_ROUND
)
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(GENERATOR))
sys.path.insert(0, str(ROOT / "scripts"))

import generate  # noqa: E402
from fillers import Fillers  # noqa: E402
from train_tone_model import ship  # noqa: E402

from despedida.core.tone.classifier import LEXICON_FILE, logistic  # noqa: E402
from despedida.core.tone.element_reader import (  # noqa: E402
    CLAUSE_BREAKS,
    ELEMENT_LEXICON_FILE,
    ELEMENT_MODEL_FILE,
    FORMAT,
    MIN_CLAUSE,
    element_lexicon,
    reading_units,
)
from despedida.core.tone.rulebook import RULES_DIR, load_rulebook  # noqa: E402
from despedida.core.tone.scanner import Prepared  # noqa: E402

ELEMENTS = ("end_statement", "handover", "acknowledgement", "decline_statement", "proposal", "question")
C_GRID = (0.1, 0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(0.30 + 0.02 * step, 2) for step in range(35))
MAX_FALSE_READS = 0.005  # share of the dev pool's negative sentences read as the element
MAX_NEAR_MISSES = 0.10  # share of the dev near misses (shapes marked absent) read as the element
MIN_COUNT = 2
FOLDS = 5  # dev is scored by models trained on train and the other folds
RENDERINGS = 3  # each bank variant, rendered with different fillers and forms of address
END_FAMILIES = {"end"}


@dataclass(frozen=True)
class Item:
    """A rendered variant or a shape: its sentences' features and whether it states the element."""

    sentences: tuple[tuple[frozenset[str], ...], ...]  # per sentence: its features and its clauses' (reading_units)
    positive: bool
    shape: bool  # written as a shape of the element (tests/tone/element_shapes*.yaml), not a bank variant
    group: str  # renderings of one bank variant share it, so they fall in the same fold


def _features(lang: str, text: str) -> tuple[tuple[frozenset[str], ...], ...]:
    prepared = Prepared(text)
    book = load_rulebook(lang)
    lexicon = element_lexicon(RULES_DIR / lang)
    return tuple(reading_units(tokens, lexicon) for _, _, tokens in prepared.sentence_tokens(book) if tokens)


def _left_out(slot: str) -> bool:
    """Problem sentences, and the subjects of letters that end something."""
    if "problem" in slot.split("."):
        return True
    kind, _, name = slot.rpartition(".")
    return name == "subject" and bool(END_FAMILIES & set(generate.PLANS.get(kind, {}).get("families", ())))


def bank_items(lang: str, pool: str, element: str) -> list[Item]:
    banks = generate.load_pool(lang, pool)
    positive_slots = generate.providing_slots(element)
    items = []
    for slot in sorted(banks):
        if _left_out(slot):
            continue
        for number, variant in enumerate(banks[slot]):
            for rendering in range(RENDERINGS):
                rng = random.Random(generate.stable(lang, pool, slot, str(number), str(rendering)))
                tags, region, address = generate.variant_tags(lang, slot, variant, rng)
                letter = generate.Letter(
                    lang,
                    slot.split(".")[0],
                    pool,
                    f"{slot}#{number}",
                    rng,
                    tags,
                    address,
                    Fillers(lang, region, rng),
                    banks,
                )
                sentences = _features(lang, generate._MARK.sub(lambda m: m.group(1), letter.render(variant.text)))
                if sentences:
                    items.append(Item(sentences, slot in positive_slots, False, f"{pool}:{slot}#{number}"))
    return items


def shape_items(lang: str, element: str, paths) -> list[Item]:
    items = []
    for path in paths:
        shapes = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(lang, {}).get(element, {})
        for label, positive in (("present", True), ("absent", False)):
            for number, text in enumerate(shapes.get(label) or ()):
                sentences = _features(lang, str(text))
                if sentences:
                    items.append(Item(sentences, positive, True, f"{path.name}:{label}#{number}"))
    return items


class Trained:
    def __init__(self, vocabulary: list[str], fitted) -> None:
        self.vocabulary = vocabulary
        self.fitted = fitted


def _matrix(vocabulary: list[str], rows: list[frozenset[str]]):
    from scipy.sparse import csr_matrix

    index = {feature: i for i, feature in enumerate(vocabulary)}
    r, c = [], []
    for row, features in enumerate(rows):
        for feature in features:
            col = index.get(feature)
            if col is not None:
                r.append(row)
                c.append(col)
    return csr_matrix(([1.0] * len(r), (r, c)), shape=(len(rows), len(vocabulary)))


def _fit(samples: list[tuple[frozenset[str], int]], c: float) -> dict:
    from sklearn.linear_model import LogisticRegression

    unique = sorted(set(samples), key=lambda s: (s[1], sorted(s[0])))
    counts: dict[str, int] = {}
    for features, _ in unique:
        for feature in features:
            counts[feature] = counts.get(feature, 0) + 1
    vocabulary = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    fitted = LogisticRegression(C=c, solver="lbfgs", max_iter=5000, class_weight="balanced").fit(
        _matrix(vocabulary, [f for f, _ in unique]), [y for _, y in unique]
    )
    weights = {}
    for feature, weight in zip(vocabulary, fitted.coef_[0]):
        weight = round(float(weight), 4)
        if weight:
            weights[feature] = weight
    return {"bias": round(float(fitted.intercept_[0]), 4), "weights": weights}


def _probability(model: dict, features: frozenset[str]) -> float:
    """Scored as the run time scores it (classifier.logistic)."""
    return logistic(model["bias"], model["weights"], features)


def units_of(item: Item, clauses: bool) -> list[tuple[frozenset[str], ...]]:
    """Per sentence, what the reader scores: the sentence and, with `clauses`, its clauses."""
    return [units if clauses else units[:1] for units in item.sentences]


def samples_of(items: list[Item], c: float, clauses: bool) -> list[tuple[frozenset[str], int]]:
    """One sample per sentence (and clause) of a negative; a positive gives one: its only
    sentence when it has nothing else to read, else its most element-like sentence or clause."""
    samples = []
    for item in items:
        if not item.positive:
            samples += [(features, 0) for units in units_of(item, clauses) for features in units]
        elif len(item.sentences) == 1 and len(units_of(item, clauses)[0]) == 1:
            samples.append((item.sentences[0][0], 1))
    first = _fit(samples, c)
    for item in items:
        every = [features for units in units_of(item, clauses) for features in units]
        if item.positive and len(every) > 1:
            samples.append((max(every, key=lambda f: (_probability(first, f), sorted(f))), 1))
    return samples


def dev_scores(
    train_items: list[Item], dev_items: list[Item], c: float, clauses: bool
) -> list[tuple[Item, list[float]]]:
    """Each dev item with its sentences' probabilities from a model that never saw it.

    Dev is cut in FOLDS parts (by variant or shape, never splitting the
    renderings of one variant); each part is scored by a model trained on train
    and the other parts. So the threshold is chosen on scores like the shipped
    model's (it learns from every round's near misses) without scoring what it
    learnt from.
    """
    scores: list[list[float] | None] = [None] * len(dev_items)
    folds = [generate.stable(item.group) % FOLDS for item in dev_items]
    for fold in range(FOLDS):
        rest = [item for item, f in zip(dev_items, folds) if f != fold]
        model = _fit(samples_of(train_items + rest, c, clauses), c)
        for index, item in enumerate(dev_items):
            if folds[index] == fold:
                scores[index] = [max(_probability(model, f) for f in units) for units in units_of(item, clauses)]
    return [(item, score or []) for item, score in zip(dev_items, scores)]


def dev_figures(scored: list[tuple[Item, list[float]]], threshold: float) -> tuple[float, float, float]:
    """At this threshold: the share of positive items read, of the bank's negative
    sentences read, and of the near misses (negative shapes) read."""
    positives = [max(p) >= threshold for item, p in scored if item.positive]
    near = [max(p) >= threshold for item, p in scored if not item.positive and item.shape]
    negatives = [x >= threshold for item, p in scored if not item.positive and not item.shape for x in p]
    return (
        sum(positives) / max(len(positives), 1),
        sum(negatives) / max(len(negatives), 1),
        sum(near) / max(len(near), 1),
    )


def fingerprint(lang: str) -> str:
    digest = hashlib.sha256()
    digest.update(f"clauses {sorted(CLAUSE_BREAKS)} {MIN_CLAUSE}\0".encode())
    for pool in ("main", "dev"):
        for path in sorted((GENERATOR / "banks" / lang / pool).glob("*.yaml")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for path in [
        *SHAPES,
        GENERATOR / "plans.yaml",
        RULES_DIR / lang / "_lemmas.yaml",
        RULES_DIR / lang / LEXICON_FILE,
        RULES_DIR / lang / ELEMENT_LEXICON_FILE,
    ]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def train_element(lang: str, element: str) -> tuple[dict, list[str]]:
    train_shapes = [path for path in SHAPES if path not in DEV_SHAPES]
    train_items = bank_items(lang, "main", element) + shape_items(lang, element, train_shapes)
    dev_items = bank_items(lang, "dev", element) + shape_items(lang, element, DEV_SHAPES)
    best = None
    notes = []
    for clauses in (False, True):
        for c in C_GRID:
            scored = dev_scores(train_items, dev_items, c, clauses)
            for threshold in THRESHOLDS:
                read, false, near = dev_figures(scored, threshold)
                if false <= MAX_FALSE_READS and near <= MAX_NEAR_MISSES and (best is None or read > best[0] + 1e-9):
                    best = (read, false, near, c, clauses, threshold)
            read, false, near = dev_figures(scored, 0.5)
            notes.append(
                f"  {element} C={c:<4} clauses={clauses!s:<5} at 0.5: dev positives read {read:.2f}, "
                f"negative sentences {false:.3f}, near misses {near:.2f}"
            )
    assert best is not None, "no threshold keeps dev negatives under the limit"
    read, false, near, c, clauses, threshold = best
    shipped = _fit(samples_of(train_items + dev_items, c, clauses), c)
    positives = sum(item.positive for item in train_items)
    notes.insert(
        0, f"{lang} {element}: {len(train_items)} train items ({positives} positive), {len(dev_items)} dev items"
    )
    notes.append(
        f"  chosen C={c}, clauses {clauses}, threshold {threshold}: dev positives read {read:.2f}, negative sentences {false:.3f}, near misses {near:.2f}"
    )
    return {"threshold": threshold, "C": c, "clauses": clauses, **shipped}, notes


def document(lang: str) -> tuple[dict, str]:
    elements, notes = {}, []
    for element in ELEMENTS:
        elements[element], lines = train_element(lang, element)
        notes += lines
    settings = {
        "max_false_reads": MAX_FALSE_READS,
        "max_near_misses": MAX_NEAR_MISSES,
        "min_count": MIN_COUNT,
        "folds": FOLDS,
        "renderings": RENDERINGS,
    }
    data = {"format": FORMAT, "lang": lang, "trained_on": fingerprint(lang), "settings": settings, "elements": elements}
    return data, "\n".join(notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the shipped files differ from a fresh training")
    parser.add_argument("--lang", choices=("es", "en"), action="append")
    args = parser.parse_args(argv)
    status = 0
    for lang in args.lang or ("es", "en"):
        data, notes = document(lang)
        print(notes)
        status |= ship(RULES_DIR / lang / ELEMENT_MODEL_FILE, data, args.check)
    return status


if __name__ == "__main__":
    raise SystemExit(main())

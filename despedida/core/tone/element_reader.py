"""The statistical layer of the missing-element checks: does a sentence state this element?

The element patterns (rules/<lang>/_elements.yaml) read the common shapes of
each element precisely, but people state the end of their work (or a
handover, a decline, an acknowledgement...) in more ways than any list of
patterns holds ("the dates I was holding have gone to other clients, so the
job stays concluded"). Before an element is reported missing, a sentence
classifier per language and element reads the letter's sentences: one that
it scores over its threshold, and that none of the element's `reader_veto`
or `exceptions` patterns matches, counts as the element. It never adds a finding.

Trained at development time with scikit-learn (scripts/train_element_model.py,
part of `make tone-train`) from the sentence banks of the corpus's train and
dev pools and the element shapes written apart for issue 14; the threshold
is chosen on out-of-fold scores so that ordinary sentences (and near misses:
a phase, a meeting, someone else's contract) are almost never read as the
element. Shipped as coefficients in rules/<lang>/_element_model.json and
scored in plain Python over the same sentence features as the tone
classifier (classifier.py), with the word classes of
rules/<lang>/_element_lexicon.yaml added. Where training found it reads
better on dev, an element's reader also scores each clause of a sentence
and takes the highest score (`clauses` in the model file).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from despedida.core.tone.classifier import (
    LEXICON_FILE,
    load_lexicon,
    logistic,
    read_model_file,
    sentence_features,
)
from despedida.core.tone.patterns import Pattern
from despedida.core.tone.rulebook import Element, RuleBook
from despedida.core.tone.scanner import Prepared

FORMAT = "despedida.tone-elements/1"
ELEMENT_MODEL_FILE = "_element_model.json"
ELEMENT_LEXICON_FILE = "_element_lexicon.yaml"


@dataclass(frozen=True, slots=True)
class ElementModel:
    element: str
    threshold: float
    bias: float
    weights: dict[str, float]
    clauses: bool = False  # whether it also reads each clause of a sentence (chosen on dev at training)

    def probability(self, features: Iterable[str]) -> float:
        return logistic(self.bias, self.weights, features)


@cache
def load_element_models(path: Path) -> dict[str, ElementModel]:
    """Element id -> its reader, or {} when the file is absent (the patterns still run)."""
    if not path.exists():
        return {}
    return read_model_file(path, FORMAT, _element_models)


def _element_models(data: dict) -> dict[str, ElementModel]:
    return {
        element: ElementModel(
            element=element,
            threshold=float(model["threshold"]),
            bias=float(model["bias"]),
            weights={feature: float(weight) for feature, weight in model["weights"].items()},
            clauses=bool(model.get("clauses", False)),
        )
        for element, model in data["elements"].items()
    }


@cache
def element_lexicon(folder: Path) -> dict[str, tuple[str, ...]]:
    """The tone lexicon's word classes, with the element lexicon's added
    (what ends: the tie with the client or something smaller; words of
    ending and of a decision kept)."""
    merged = dict(load_lexicon(folder / LEXICON_FILE))
    for word, names in load_lexicon(folder / ELEMENT_LEXICON_FILE).items():
        merged[word] = tuple(sorted(set(merged.get(word, ())) | set(names)))
    return merged


# Where a sentence divides into clauses, for the reader.
CLAUSE_BREAKS = frozenset({",", ";", ":"})
MIN_CLAUSE = 3  # tokens


def clauses(tokens: list[str]) -> list[list[str]]:
    """The clauses of a sentence of two or more (split at , ; :), each of MIN_CLAUSE tokens or more.

    An element is often one clause of a longer sentence ("Lamentablemente, ya
    tomé la decisión"; "I'll export the list as a CSV, and I'll send the final
    invoice"): the words around it would dilute a score taken over the sentence.
    """
    parts: list[list[str]] = [[]]
    for token in tokens:
        if token in CLAUSE_BREAKS:
            parts.append([])
        else:
            parts[-1].append(token)
    kept = [part for part in parts if len(part) >= MIN_CLAUSE]
    return kept if len(parts) > 1 else []


def reading_units(tokens: list[str], lexicon: dict[str, tuple[str, ...]]) -> tuple[frozenset[str], ...]:
    """The features of a sentence and of each of its clauses: the reader takes the highest score."""
    return tuple(frozenset(sentence_features(unit, lexicon)) for unit in (tokens, *clauses(tokens)))


def sentence_reads(
    model: ElementModel, units: tuple[frozenset[str], ...], tokens: list[str], veto: tuple[Pattern, ...] = ()
) -> bool:
    """Whether the model takes one sentence (the features of it and its clauses, and its
    lemma-stream tokens) for the element.

    A sentence one of the `veto` patterns matches (the element's `reader_veto` and
    `exceptions`) is never taken.
    """
    scored = units if model.clauses else units[:1]
    if not tokens or max(model.probability(features) for features in scored) < model.threshold:
        return False
    text = " ".join(tokens)
    return not any(pattern.search(text) for pattern in veto)


def reads_element(element: Element, prepared: Prepared, book: RuleBook) -> bool:
    """Whether some sentence of the letter states the element, by its model.

    False when the language has no model for this element. The sentences'
    features are computed once per check, whichever elements are read.
    """
    folder = book.model_path.parent if book.model_path else None
    model = load_element_models(folder / ELEMENT_MODEL_FILE).get(element.id) if folder else None
    if model is None:
        return False

    def sentences() -> list[tuple[tuple[frozenset[str], ...], list[str]]]:
        lexicon = element_lexicon(folder)
        return [(reading_units(tokens, lexicon), tokens) for _, _, tokens in prepared.sentence_tokens(book) if tokens]

    return any(
        sentence_reads(model, units, tokens, element.reader_veto + element.exceptions)
        for units, tokens in prepared.memo(("element-reader", folder), sentences)
    )

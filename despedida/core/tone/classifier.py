"""The statistical layer of the tone checker: a sentence classifier, scored in plain Python.

Rules catch stock wording precisely; what is only implied (sarcasm made of
polite words, blame told as a story of dates, a threat that points at
consequences without naming them) is left to a classifier per language,
trained at development time with scikit-learn (scripts/train_tone_model.py,
`make tone-train`) and shipped as coefficients in rules/<lang>/_model.json.
No pickle, no scikit-learn at run time.

Two logistic regressions over the same features of a sentence (its lemmas,
their grammatical person, pairs of neighbouring lemmas):
- `problem`: is the sentence a tone problem at all? one weight per feature,
  cheap enough to score every sentence of a long text;
- `category`: for a sentence over the threshold, which category of the
  contract it most likely belongs to (multinomial, one weight per class).

A sentence over the threshold becomes a warning, with rule id
`<lang>.<category>.implied`, where no rule fired on it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml

from despedida.core.tone.text import fold

FORMAT = "despedida.tone-model/1"
MODEL_FILE = "_model.json"
LEXICON_FILE = "_lexicon.yaml"
RULE_NAME = "implied"

T = TypeVar("T")


@cache
def load_lexicon(path: Path) -> dict[str, tuple[str, ...]]:
    """Lemma -> the word classes of rules/<lang>/_lexicon.yaml it belongs to."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    classes: dict[str, list[str]] = {}
    for name, words in (data.get("classes") or {}).items():
        for word in words or ():
            classes.setdefault(fold(str(word).lower()), []).append(str(name))
    return {word: tuple(sorted(set(names))) for word, names in classes.items()}


def _bucket(count: int) -> str:
    return "1" if count == 1 else "2" if count == 2 else "3+"


def sentence_features(tokens: Iterable[str], lexicon: dict[str, tuple[str, ...]] | None = None) -> set[str]:
    """The features of one sentence, from its lemma-stream tokens (see lemmas.py).

    - unigrams ("pagar:2", and "pagar" without the person) and the person ("p:2");
    - pairs of neighbouring tokens ("ir:2 a"), with the sentence's edges;
    - the word classes of the lexicon present ("c:praise"), how many words of
      a class ("c:praise:2"), and each pair of classes ("cc:delay+praise");
    - how many dates (a story of dates has several), alone and with "you",
      and how many second-person verbs.
    Line breaks end a sentence, so they are not features.
    """
    lexicon = lexicon or {}
    words = [token for token in tokens if token != "|"]
    features = set()
    classes: dict[str, int] = {}
    dates = second = 0
    date_end = -10
    previous = "<s>"
    for position, token in enumerate(words):
        features.add(token)
        lemma = token
        if ":" in token:
            lemma, person = token.rsplit(":", 1)
            features.add(lemma)
            features.add(f"p:{person}")
            second += person == "2"
        names = lexicon.get(lemma, ())
        if lemma == "9" or "month" in names:
            # A date is a run of numbers and month names ("9 de mayo de 9", "december 9 , 9").
            if position - date_end > 3:
                dates += 1
            date_end = position
        for name in names:
            classes[name] = classes.get(name, 0) + 1
        features.add(f"{previous} {token}")
        previous = token
    features.add(f"{previous} </s>")
    names = sorted(classes)
    for index, name in enumerate(names):
        features.add(f"c:{name}")
        features.add(f"c:{name}:{_bucket(classes[name])}")
        for other in names[index + 1 :]:
            features.add(f"cc:{name}+{other}")
    if dates:
        features.add(f"n:dates:{_bucket(dates)}")
        if "you" in classes or second:
            features.add(f"n:dates:{_bucket(dates)}+you")
    if second:
        features.add(f"n:p2:{_bucket(second)}")
    features.add("len:" + ("short" if len(words) < 6 else "long" if len(words) > 25 else "mid"))
    return features


def logistic(bias: float, weights: dict[str, float], features: Iterable[str]) -> float:
    """The probability a logistic regression gives a sentence: one weight per feature present."""
    score = bias + sum(weights.get(feature, 0.0) for feature in features)
    return 1.0 / (1.0 + math.exp(-score)) if score > -700 else 0.0


@dataclass(frozen=True, slots=True)
class Model:
    lang: str
    threshold: float
    problem_bias: float
    problem_weights: dict[str, float]
    classes: tuple[str, ...]
    category_bias: tuple[float, ...]
    category_weights: dict[str, tuple[float, ...]]

    def problem_probability(self, features: Iterable[str]) -> float:
        return logistic(self.problem_bias, self.problem_weights, features)

    def category(self, features: Iterable[str]) -> tuple[str, float]:
        """The most likely category of a problem sentence, and its probability."""
        scores = list(self.category_bias)
        for feature in features:
            row = self.category_weights.get(feature)
            if row is not None:
                for index, weight in enumerate(row):
                    scores[index] += weight
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        best = max(range(len(scores)), key=lambda index: (scores[index], -index))
        return self.classes[best], exps[best] / sum(exps)


class ModelFileError(ValueError):
    pass


def read_model_file(path: Path, expected_format: str, build: Callable[[dict[str, Any]], T]) -> T:
    """Build a model from its JSON file: the format checked, any malformed
    content (a missing key, a wrong type) reported as a ModelFileError."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != expected_format:
            raise ModelFileError(f"{path}: expected format {expected_format}")
        return build(data)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        if isinstance(error, ModelFileError):
            raise
        raise ModelFileError(f"{path}: cannot read the model: {error}") from error


def _model(path: Path, data: dict[str, Any]) -> Model:
    problem, category = data["problem"], data["category"]
    classes = tuple(category["classes"])
    weights = {feature: tuple(row) for feature, row in category["weights"].items()}
    if any(len(row) != len(classes) for row in weights.values()) or len(category["bias"]) != len(classes):
        raise ModelFileError(f"{path}: a category row does not have one weight per class")
    return Model(
        lang=data["lang"],
        threshold=float(data["threshold"]),
        problem_bias=float(problem["bias"]),
        problem_weights={feature: float(weight) for feature, weight in problem["weights"].items()},
        classes=classes,
        category_bias=tuple(float(b) for b in category["bias"]),
        category_weights=weights,
    )


@cache
def load_model(path: Path) -> Model | None:
    """The model of one language, or None when the file is absent (the rules still run)."""
    if not path.exists():
        return None
    return read_model_file(path, FORMAT, lambda data: _model(path, data))

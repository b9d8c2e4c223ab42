"""Loading the tone rules: YAML data under rules/, validated strictly.

Layout (see docs/tone.md):
    rules/languages.yaml        stopwords per language, for detection
    rules/kinds.yaml            which elements each kind of letter needs
    rules/<lang>/_vocab.yaml    named pattern pieces, used as {{name}}
    rules/<lang>/_elements.yaml what counts as each element, per language
    rules/<lang>/_lemmas.yaml   corrections to the lemmatiser (lemmas.py)
    rules/<lang>/_implied.yaml  messages of the statistical layer's warnings
    rules/<lang>/_model.json    its coefficients (written by `make tone-train`)
    rules/<lang>/<category>.yaml  one file per category of the contract

A rule file is refused (RuleFileError) when a rule lacks a field, has an
unknown one, has no example that must match or none that must not, or
has a pattern that could backtrack badly. Nothing here imports Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from despedida.core.tone.model import CATEGORIES, KINDS, LANGUAGES, SEVERITIES
from despedida.core.tone.patterns import Pattern, PatternError, compile_pattern

RULES_DIR = Path(__file__).resolve().parent / "rules"


class RuleFileError(ValueError):
    """A rule file that cannot be used; names the file and the rule."""

    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    lang: str
    category: str
    severity: str
    confidence: float
    message: str
    suggestion: str
    patterns: tuple[Pattern, ...]
    exceptions: tuple[Pattern, ...]
    accent_tolerant: bool
    case_sensitive: bool
    allowed_in: frozenset[str]
    must_match: tuple[Example, ...]
    must_not_match: tuple[Example, ...]
    # A pattern that must match right before each match (a look-behind of up
    # to BEFORE_REACH characters, which re cannot do with variable width).
    before: re.Pattern[str] | None = None
    # Length rules only: word limit per kind, and per sentence for any letter.
    max_words: tuple[tuple[str, int], ...] = ()
    max_sentence_words: int | None = None
    # Patterns over the lemma stream (lemmas.py): "ir:2 a arrepentir" for every
    # way of saying "you're going to regret it".
    lemmas: tuple[Pattern, ...] = ()
    # A match counts only when one of its words is in the language's dictionary
    # (simplemma): capitals on words no dictionary knows are an acronym (INDEC,
    # HMRC), not a shout ("URGENTE", "FINAL WARNING").
    dictionary_words: bool = False

    @property
    def is_length(self) -> bool:
        return not self.patterns and not self.lemmas


@dataclass(frozen=True, slots=True)
class Element:
    id: str
    lang: str
    message: str
    patterns: tuple[Pattern, ...]
    when: tuple[Pattern, ...]
    when_not: tuple[Pattern, ...]
    present: tuple[str, ...]
    absent: tuple[str, ...]
    not_required: tuple[str, ...]
    # Patterns over the lemma stream (lemmas.py), for the shapes a surface
    # pattern would have to list one by one ("cerraré el proyecto", "the
    # project is closed as of today").
    lemmas: tuple[Pattern, ...] = ()
    # Patterns over one sentence's lemma stream that the element reader
    # (element_reader.py) must not take for the element, whatever it scores:
    # a smaller thing that ends ("I'll close the ticket once you confirm").
    reader_veto: tuple[Pattern, ...] = ()
    # Patterns over one sentence's lemma stream: a sentence one of them matches
    # does not state the element, whatever else in it does: neither a pattern's
    # match in it nor the reader's reading of it counts ("I attach the final
    # logo files for your review": sent to be looked at, not handed over).
    exceptions: tuple[Pattern, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleBook:
    lang: str
    rules: tuple[Rule, ...]
    elements: dict[str, Element]
    kinds: dict[str, tuple[str, ...]]
    lemma_table: Path | None = None
    # One rule per category for the statistical layer's warnings (classifier.py):
    # no patterns, a message and a suggestion; rule id <lang>.<category>.implied.
    implied: tuple[Rule, ...] = ()
    model_path: Path | None = None

    @property
    def reads_lemmas(self) -> bool:
        return any(rule.lemmas for rule in self.rules)


def _compile(path: Path, where: str, source: str, vocab: dict[str, str], **options: bool) -> Pattern:
    try:
        return compile_pattern(source, vocab, **options)
    except PatternError as error:
        raise RuleFileError(path, f"{where}: {error}") from error


# --- reading and checking YAML ---------------------------------------------


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleFileError(path, f"cannot read: {exc}") from exc
    if not isinstance(data, dict):
        raise RuleFileError(path, "expected a mapping at the top level")
    return data


def _keys(path: Path, where: str, data: Any, required: set[str], optional: set[str]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise RuleFileError(path, f"{where}: expected a mapping")
    missing = required - data.keys()
    if missing:
        raise RuleFileError(path, f"{where}: missing {', '.join(sorted(missing))}")
    unknown = data.keys() - required - optional
    if unknown:
        raise RuleFileError(path, f"{where}: unknown field {', '.join(sorted(unknown))}")
    return data


def _strings(path: Path, where: str, value: Any, *, allow_empty: bool = True) -> list[str]:
    if value is None:
        value = []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RuleFileError(path, f"{where}: expected a list of non-empty strings")
    if not value and not allow_empty:
        raise RuleFileError(path, f"{where}: must not be empty")
    return value


def _text(path: Path, where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RuleFileError(path, f"{where}: expected a non-empty string")
    return value.strip()


# --- patterns ----------------------------------------------------------------


# --- rules -------------------------------------------------------------------

_RULE_REQUIRED = {"id", "severity", "confidence", "message", "suggestion", "examples"}
BEFORE_REACH = 80

_RULE_OPTIONAL = {
    "before",
    "patterns",
    "lemmas",
    "exceptions",
    "case_sensitive",
    "accent_tolerant",
    "dictionary_words",
    "allowed_in",
    "max_words",
    "max_sentence_words",
    "notes",
}


def _examples(path: Path, where: str, data: Any) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    data = _keys(path, f"{where}.examples", data, {"match", "no_match"}, set())
    parsed: list[tuple[Example, ...]] = []
    for key in ("match", "no_match"):
        items = data[key]
        if not isinstance(items, list) or not items:
            raise RuleFileError(path, f"{where}.examples.{key}: a rule needs at least one example here")
        examples = []
        for index, item in enumerate(items):
            spot = f"{where}.examples.{key}[{index}]"
            if isinstance(item, str) and item.strip():
                examples.append(Example(item))
                continue
            item = _keys(path, spot, item, {"text"}, {"kind", "repeat"})
            kind = item.get("kind")
            if kind is not None and kind not in KINDS:
                raise RuleFileError(path, f"{spot}.kind: unknown kind {kind!r}")
            repeat = item.get("repeat", 1)
            if not isinstance(repeat, int) or repeat < 1:
                raise RuleFileError(path, f"{spot}.repeat: expected a positive integer")
            examples.append(Example(_text(path, f"{spot}.text", item["text"]) * repeat, kind))
        parsed.append(tuple(examples))
    return parsed[0], parsed[1]


def _rule(path: Path, lang: str, category: str, index: int, data: Any, vocab: dict[str, str]) -> Rule:
    where = f"rules[{index}]"
    data = _keys(path, where, data, _RULE_REQUIRED, _RULE_OPTIONAL)
    rule_id = _text(path, f"{where}.id", data["id"])
    where = f"rule {rule_id}"
    prefix = f"{lang}.{category}."
    if not rule_id.startswith(prefix) or not re.fullmatch(r"[a-z_]+", rule_id[len(prefix) :]):
        raise RuleFileError(path, f"{where}: id must look like {prefix}some_name")
    severity = data["severity"]
    if severity not in SEVERITIES:
        raise RuleFileError(path, f"{where}: severity must be one of {', '.join(SEVERITIES)}")
    confidence = data["confidence"]
    if not isinstance(confidence, (int, float)) or isinstance(confidence, bool) or not 0 < confidence <= 1:
        raise RuleFileError(path, f"{where}: confidence must be a number in (0, 1]")
    case_sensitive = data.get("case_sensitive", False)
    accent_tolerant = data.get("accent_tolerant", True)
    dictionary_words = data.get("dictionary_words", False)
    if not all(isinstance(flag, bool) for flag in (case_sensitive, accent_tolerant, dictionary_words)):
        raise RuleFileError(path, f"{where}: case_sensitive, accent_tolerant and dictionary_words are true or false")
    allowed_in = _strings(path, f"{where}.allowed_in", data.get("allowed_in"))
    for kind in allowed_in:
        if kind not in KINDS:
            raise RuleFileError(path, f"{where}.allowed_in: unknown kind {kind!r}")

    def patterns(key: str, *, allow_empty: bool) -> tuple[Pattern, ...]:
        sources = _strings(path, f"{where}.{key}", data.get(key), allow_empty=allow_empty)
        return tuple(
            _compile(
                path,
                f"{where}.{key}[{i}]",
                source,
                vocab,
                case_sensitive=case_sensitive,
                accent_tolerant=accent_tolerant,
            )
            for i, source in enumerate(sources)
        )

    max_words: tuple[tuple[str, int], ...] = ()
    max_sentence_words = None
    lemmas: tuple[Pattern, ...] = ()
    if category == "length":
        if "patterns" in data or "lemmas" in data:
            raise RuleFileError(path, f"{where}: a length rule has limits, not patterns")
        limits = data.get("max_words") or {}
        if not isinstance(limits, dict):
            raise RuleFileError(path, f"{where}.max_words: expected a mapping of kind to words")
        for kind, limit in limits.items():
            if kind not in KINDS:
                raise RuleFileError(path, f"{where}.max_words: unknown kind {kind!r}")
            if not isinstance(limit, int) or limit < 1:
                raise RuleFileError(path, f"{where}.max_words.{kind}: expected a positive integer")
        max_words = tuple(sorted(limits.items()))
        max_sentence_words = data.get("max_sentence_words")
        if max_sentence_words is not None and (not isinstance(max_sentence_words, int) or max_sentence_words < 1):
            raise RuleFileError(path, f"{where}.max_sentence_words: expected a positive integer")
        if not max_words and max_sentence_words is None:
            raise RuleFileError(path, f"{where}: a length rule needs max_words or max_sentence_words")
        compiled: tuple[Pattern, ...] = ()
    else:
        if "max_words" in data or "max_sentence_words" in data:
            raise RuleFileError(path, f"{where}: word limits belong to the length category")
        if not data.get("patterns") and not data.get("lemmas"):
            raise RuleFileError(path, f"{where}: a rule needs patterns, lemmas or both")
        compiled = patterns("patterns", allow_empty=True)
        lemmas = patterns("lemmas", allow_empty=True)
    before = None
    if data.get("before") is not None:
        if category == "length":
            raise RuleFileError(path, f"{where}: a length rule has no before")
        source = _text(path, f"{where}.before", data["before"])
        before = _compile(
            path,
            f"{where}.before",
            source,
            vocab,
            case_sensitive=case_sensitive,
            accent_tolerant=accent_tolerant,
            keep_word_start=True,
        ).regex
        before = re.compile(f"(?:{before.pattern})\\Z")
    must_match, must_not_match = _examples(path, where, data["examples"])
    return Rule(
        id=rule_id,
        lang=lang,
        category=category,
        severity=severity,
        confidence=float(confidence),
        message=_text(path, f"{where}.message", data["message"]),
        suggestion=_text(path, f"{where}.suggestion", data["suggestion"]),
        patterns=compiled,
        exceptions=patterns("exceptions", allow_empty=True),
        accent_tolerant=accent_tolerant,
        case_sensitive=case_sensitive,
        allowed_in=frozenset(allowed_in),
        must_match=must_match,
        must_not_match=must_not_match,
        before=before,
        max_words=max_words,
        max_sentence_words=max_sentence_words,
        lemmas=lemmas,
        dictionary_words=dictionary_words,
    )


def load_vocab(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    data = _keys(path, "file", _read_yaml(path), {"vocab"}, {"lang", "notes"})
    vocab = data["vocab"]
    if not isinstance(vocab, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v for k, v in vocab.items()
    ):
        raise RuleFileError(path, "vocab: expected a mapping of names to patterns")
    return dict(vocab)


def load_rule_file(path: Path, lang: str, vocab: dict[str, str]) -> tuple[Rule, ...]:
    """The rules of one <lang>/<category>.yaml file, validated."""
    category = path.stem
    if category not in CATEGORIES:
        raise RuleFileError(path, f"{category!r} is not a category of the contract")
    data = _keys(path, "file", _read_yaml(path), {"lang", "category", "rules"}, {"notes"})
    if data["lang"] != lang or data["category"] != category:
        raise RuleFileError(path, f"lang and category must be {lang!r} and {category!r}, as the path says")
    if not isinstance(data["rules"], list) or not data["rules"]:
        raise RuleFileError(path, "rules: expected a non-empty list")
    return tuple(_rule(path, lang, category, i, item, vocab) for i, item in enumerate(data["rules"]))


# --- elements and kinds ------------------------------------------------------


def load_elements(path: Path, lang: str, vocab: dict[str, str]) -> dict[str, Element]:
    data = _keys(path, "file", _read_yaml(path), {"lang", "elements"}, {"notes"})
    if data["lang"] != lang:
        raise RuleFileError(path, f"lang must be {lang!r}")
    if not isinstance(data["elements"], list):
        raise RuleFileError(path, "elements: expected a list")
    elements: dict[str, Element] = {}
    for index, item in enumerate(data["elements"]):
        where = f"elements[{index}]"
        item = _keys(
            path,
            where,
            item,
            {"id", "message", "examples"},
            {"patterns", "lemmas", "when", "when_not", "reader_veto", "exceptions", "notes"},
        )
        element_id = _text(path, f"{where}.id", item["id"])
        where = f"element {element_id}"
        if element_id in elements:
            raise RuleFileError(path, f"{where}: defined twice")

        def patterns(key: str, where: str = where, item: dict = item) -> tuple[Pattern, ...]:
            sources = _strings(path, f"{where}.{key}", item.get(key), allow_empty=True)
            return tuple(_compile(path, f"{where}.{key}[{i}]", s, vocab, scanned=False) for i, s in enumerate(sources))

        if not item.get("patterns") and not item.get("lemmas"):
            raise RuleFileError(path, f"{where}: an element needs patterns, lemmas or both")

        when = patterns("when")
        optional = {"not_required"} if when else set()
        examples = _keys(path, f"{where}.examples", item["examples"], {"present", "absent"} | optional, set())
        elements[element_id] = Element(
            id=element_id,
            lang=lang,
            message=_text(path, f"{where}.message", item["message"]),
            patterns=patterns("patterns"),
            when=when,
            when_not=patterns("when_not"),
            present=tuple(_strings(path, f"{where}.examples.present", examples["present"], allow_empty=False)),
            absent=tuple(_strings(path, f"{where}.examples.absent", examples["absent"], allow_empty=False)),
            not_required=tuple(_strings(path, f"{where}.examples.not_required", examples.get("not_required"))),
            lemmas=patterns("lemmas"),
            reader_veto=patterns("reader_veto"),
            exceptions=patterns("exceptions"),
        )
    return elements


IMPLIED_CATEGORIES = ("sarcasm", "blame", "threat", "emotional", "attack", "absolute", "us_vs_them", "jargon")


def load_implied(path: Path, lang: str) -> tuple[Rule, ...]:
    """The rules the statistical layer reports as: one per category it may name."""
    data = _keys(path, "file", _read_yaml(path), {"lang", "implied"}, {"notes"})
    if data["lang"] != lang:
        raise RuleFileError(path, f"lang must be {lang!r}")
    implied = data["implied"]
    if not isinstance(implied, dict) or set(implied) != set(IMPLIED_CATEGORIES):
        raise RuleFileError(path, f"implied: expected exactly the categories {', '.join(IMPLIED_CATEGORIES)}")
    rules = []
    for category in IMPLIED_CATEGORIES:
        item = _keys(path, f"implied.{category}", implied[category], {"message", "suggestion"}, set())
        rules.append(
            Rule(
                id=f"{lang}.{category}.implied",
                lang=lang,
                category=category,
                severity="warning",
                confidence=0.6,
                message=_text(path, f"implied.{category}.message", item["message"]),
                suggestion=_text(path, f"implied.{category}.suggestion", item["suggestion"]),
                patterns=(),
                exceptions=(),
                accent_tolerant=True,
                case_sensitive=False,
                allowed_in=frozenset(),
                must_match=(),
                must_not_match=(),
            )
        )
    return tuple(rules)


def load_kinds(path: Path) -> dict[str, tuple[str, ...]]:
    data = _keys(path, "file", _read_yaml(path), {"kinds"}, {"notes"})
    kinds = data["kinds"]
    if not isinstance(kinds, dict) or set(kinds) != set(KINDS):
        raise RuleFileError(path, f"kinds: expected exactly the kinds of the contract: {', '.join(KINDS)}")
    result = {}
    for kind, spec in kinds.items():
        spec = _keys(path, f"kinds.{kind}", spec, {"elements"}, {"notes"})
        result[kind] = tuple(_strings(path, f"kinds.{kind}.elements", spec["elements"]))
    return result


def load_stopwords(path: Path) -> dict[str, frozenset[str]]:
    data = _keys(path, "file", _read_yaml(path), {"stopwords"}, {"notes"})
    stopwords = data["stopwords"]
    if not isinstance(stopwords, dict) or set(stopwords) != set(LANGUAGES):
        raise RuleFileError(path, f"stopwords: expected one list per language: {', '.join(LANGUAGES)}")
    return {
        lang: frozenset(w.lower() for w in _strings(path, f"stopwords.{lang}", words))
        for lang, words in stopwords.items()
    }


@cache
def load_rulebook(lang: str, root: Path = RULES_DIR) -> RuleBook:
    """Every rule, element and kind for one language, validated once per process."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    folder = root / lang
    vocab = load_vocab(folder / "_vocab.yaml")
    rules: list[Rule] = []
    for category in CATEGORIES:
        path = folder / f"{category}.yaml"
        if not path.exists():
            raise RuleFileError(path, f"missing: every category needs rules in {lang}")
        rules.extend(load_rule_file(path, lang, vocab))
    for path in sorted(folder.glob("*.yaml")):
        if not path.name.startswith("_") and path.stem not in CATEGORIES:
            raise RuleFileError(path, f"{path.stem!r} is not a category of the contract")
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleFileError(folder, f"rule id {rule.id} is used twice")
        seen.add(rule.id)
    elements = load_elements(folder / "_elements.yaml", lang, vocab)
    kinds = load_kinds(root / "kinds.yaml")
    for kind, needed in kinds.items():
        for element in needed:
            if element not in elements:
                raise RuleFileError(folder / "_elements.yaml", f"kind {kind} needs element {element!r}, not defined")
    implied = load_implied(folder / "_implied.yaml", lang)
    if {rule.id for rule in implied} & seen:
        raise RuleFileError(
            folder, "a pattern rule uses an id kept for the statistical layer (<lang>.<category>.implied)"
        )
    return RuleBook(
        lang=lang,
        rules=tuple(rules),
        elements=elements,
        kinds=kinds,
        lemma_table=folder / "_lemmas.yaml",
        implied=implied,
        model_path=folder / "_model.json",
    )


@cache
def stopwords(root: Path = RULES_DIR) -> dict[str, frozenset[str]]:
    return load_stopwords(root / "languages.yaml")

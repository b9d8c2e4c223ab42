"""The lemma stream: a letter as its words' dictionary forms, for rules and the classifier.

    "Te vas a arrepentir"        -> "te ir:2 a arrepentir"
    "You'll regret it, I sued."  -> "you will regret it , i sue ."

Rules written over lemmas match every inflection and, in Spanish, the
grammatical person of a verb: a finite verb is tagged `:1`, `:2` or `:3`
from its ending (tú, vos and vosotros are `:2`; usted and ustedes, like any
third person, are `:3`). English contractions are expanded (won't -> will
not). Digits become 9, line breaks `|`, so a pattern never runs across a
line of the letter. Tokens are folded (no accents, lower case) and joined by
one space; `Stream.source_span` maps a match back to the text.

Lemmas come from simplemma's dictionaries (they ship in its wheel; nothing is
downloaded), corrected by the small table in rules/<lang>/_lemmas.yaml where
simplemma reads a verb as a noun ("pagas" -> "paga") or misses the
voseo ("podés").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import simplemma
import yaml

from despedida.core.tone.text import fold

TOKEN = re.compile(r"\w+(?:['’]\w+)*|[.,;:!?¿¡…]|\n")
_DIGITS = re.compile(r"\d+")

# English contractions, expanded into the words they stand for.
_NEGATIVE = {"won't": ("will", "not"), "can't": ("can", "not"), "shan't": ("shall", "not"), "ain't": ("be", "not")}
_SUFFIXES = {"'ll": "will", "'ve": "have", "'re": "be", "'m": "be", "'d": "would"}
_IS_AFTER = frozenset("it that there what he she who where here how this everything nothing something".split())

# Spanish verb endings (on the folded form) and the person they mark, longest first.
_GERUND = ("ando", "iendo", "yendo")
_PARTICIPLE = ("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas")
_ENDINGS = [
    (ending, person)
    for person, endings in (
        (
            "2",
            "asteis isteis abais iais ariais eriais iriais arais ierais aseis ieseis areis ereis ireis "
            "aste iste abas ias arias erias irias aras eras iras ieras ases ieses ais eis as es",
        ),
        ("1", "aremos eremos iremos amos emos imos"),
        ("3", "aron ieron aran ieran asen iesen aban ian arian erian irian an en a e"),
    )
    for ending in endings.split()
]
_ENDINGS.sort(key=lambda pair: -len(pair[0]))
_INFINITIVE_WITH_PRONOUN = re.compile(
    r"(?:ar|er|ir)(?:me|te|se|nos|os|le|les)?(?:me|te|se|le|les|lo|la|los|las|nos|os)$"
)
# Words after which a Spanish form in -o is a verb in the first person even when
# simplemma reads it as a noun: "te aviso", "me retiro", "me despido", "lo dejo",
# "no cierro", "que dejo". (Not at the start of a sentence: "Seguro que...", "Claro que...")
_VERB_AFTER = frozenset("me te se nos os le les lo no yo ya que pero tambien también".split())
# Words in -o that are not verbs there ("no como otros", "lo mismo", "que todo").
_NOT_FIRST_PERSON = frozenset(
    "como cuando cuanto donde solo todo algo poco mucho tanto mismo nuevo medio caso modo resto tipo "
    "claro cierto seguro bueno malo primero segundo tercero ultimo otro uno ninguno alguno cada centro "
    "sabado domingo mayo junio julio agosto cero dos tres cuatro cinco seis siete ocho nueve diez".split()
)
# Stem changes of the first person (cierro -> cerrar, despido -> despedir, vuelvo -> volver).
_STEM_CHANGES = (("", ""), ("ie", "e"), ("ue", "o"), ("i", "e"))
# Endings of irregular participles (resuelto, abierto, devuelto, escrito, puesto...).
_IRREGULAR_PARTICIPLE = tuple(
    stem + ending for stem in ("uelt", "iert", "ech", "ich", "uest", "scrit") for ending in ("o", "a", "os", "as")
)
# Irregular futures, without the final accent (haré, diré, pondré...).
_IRREGULAR_FUTURES = frozenset("har dir pondr tendr saldr vendr podr sabr querr habr valdr cabr".split())
# Accented endings that decide the person before folding hides the accent.
_ACCENTED = (("ás", "2"), ("és", "2"), ("ís", "2"), ("é", "1"), ("í", "1"), ("ó", "3"))


@dataclass(frozen=True, slots=True)
class Table:
    """The corrections of rules/<lang>/_lemmas.yaml."""

    lemmas: dict[str, str]
    persons: dict[str, str]
    not_verbs_after: frozenset[str]


@cache
def load_table(path: Path) -> Table:
    if not path.exists():
        return Table({}, {}, frozenset())
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return Table(
        lemmas={str(k).lower(): str(v).lower() for k, v in (data.get("lemmas") or {}).items()},
        persons={str(k).lower(): str(v) for k, v in (data.get("persons") or {}).items()},
        not_verbs_after=frozenset(str(w).lower() for w in data.get("not_verbs_after") or ()),
    )


def _is_verb(lemma: str) -> bool:
    return len(lemma) > 2 and lemma.endswith(("ar", "er", "ir"))


def spanish_person(form: str, lemma: str) -> str:
    """ "1", "2", "3" for a finite verb form, "" otherwise (form lower case, with accents)."""
    folded = fold(form)
    if not _is_verb(lemma) or folded == lemma or folded in (lemma + "s", lemma + "es"):
        return ""
    if _INFINITIVE_WITH_PRONOUN.search(folded):
        return ""
    if folded.endswith(_GERUND) and len(folded) >= len(lemma) + 2:  # pagando, pidiendo (not entiendo)
        return ""
    if folded.endswith(_PARTICIPLE) and len(folded) >= len(lemma) + 1:  # pagado, pedida (not pido)
        return ""
    if folded.endswith(_IRREGULAR_PARTICIPLE) and not folded.startswith(lemma[:-2]):
        return ""  # resuelto, abierto, devuelto, escrito (not "echo", a present of echar)
    if folded.endswith(("siste", "xiste")):  # insiste, existe: present, not the preterite -iste
        return "3"
    for ending, person in _ACCENTED:
        if form.endswith(ending) and len(form) > len(ending) + 1:
            return person
    for ending, person in _ENDINGS:
        if folded.endswith(ending) and len(folded) > len(ending) + 1:
            return person
    if folded.endswith("o") and len(folded) > 2:
        return "1"
    return ""


class Lemmatizer:
    """Word -> stream tokens for one language, cached (a letter repeats its words)."""

    def __init__(self, lang: str, table: Table) -> None:
        self.lang = lang
        self.table = table
        self._cache: dict[str, tuple[tuple[str, ...], str]] = {}
        self._verbs: dict[str, str | None] = {}

    def knows(self, word: str) -> bool:
        """Whether `word` (lower case) is in the language's dictionary."""
        return simplemma.is_known(word, self.lang)

    def _lemma(self, word: str) -> str:
        if word in self.table.lemmas:
            return self.table.lemmas[word]
        if _DIGITS.fullmatch(word):
            return "9"
        lemma = simplemma.lemmatize(word, self.lang).lower()
        if self.lang == "es" and lemma == word:
            lemma = self._spanish_unknown(word)
        return lemma

    def _spanish_unknown(self, word: str) -> str:
        """Forms simplemma's dictionary lacks: the voseo (podés, tenés) and an
        infinitive with its pronouns (ponerse, arreglárselo)."""
        if word.endswith(("ás", "és", "ís")):
            infinitive = word[:-2] + {"á": "ar", "é": "er", "í": "ir"}[word[-2]]
            if simplemma.is_known(infinitive, self.lang):
                return infinitive
        folded = fold(word)
        match = _INFINITIVE_WITH_PRONOUN.search(folded)
        if match:
            infinitive = fold(word)[: match.start()] + fold(word)[match.start() : match.start() + 2]
            for _ in range(2):  # up to two pronouns: arreglárselo
                if simplemma.is_known(infinitive, self.lang):
                    return infinitive
                inner = _INFINITIVE_WITH_PRONOUN.search(infinitive)
                if not inner:
                    break
                infinitive = infinitive[: inner.start() + 2]
        return word

    def first_person_verb(self, word: str) -> str | None:
        """The infinitive of a first-person form simplemma reads as a noun
        ("aviso" -> avisar, "cierro" -> cerrar, "despido" -> despedir), or None."""
        if word in self._verbs:
            return self._verbs[word]
        self._verbs[word] = verb = self._first_person_verb(word)
        return verb

    def _first_person_verb(self, word: str) -> str | None:
        folded = fold(word.lower())
        if not folded.endswith("o") or len(folded) < 4 or folded in _NOT_FIRST_PERSON:
            return None
        stem = folded[:-1]
        for new, old in _STEM_CHANGES:
            index = stem.rfind(new) if new else len(stem)
            if index < 0:
                continue
            changed = stem[:index] + old + stem[index + len(new) :] if new else stem
            for ending in ("ar", "er", "ir"):
                if simplemma.is_known(changed + ending, self.lang):
                    return changed + ending
        return None

    def participle(self, lemma: str) -> str:
        """The verb of a participle after haber ("he enviado" -> enviar), which
        simplemma leaves as an adjective; only after haber, so that nouns such
        as "abogado" or "juzgado" stay themselves."""
        for ending in ("ado", "ido"):
            if lemma.endswith(ending) and len(lemma) > 4:
                infinitive = lemma[: -len(ending)] + ("ar" if ending == "ado" else "er")
                for candidate in (infinitive, infinitive[:-2] + "ir"):
                    if simplemma.is_known(candidate, self.lang):
                        return candidate
        return lemma

    def tokens(self, word: str) -> tuple[tuple[str, ...], str]:
        """The stream tokens of a word (several for an English contraction) and its person."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        lower = word.lower().replace("’", "'")
        if self.lang == "en" and "'" in lower:
            pieces = self._contraction(lower)
        else:
            pieces = (lower,)
        if self.lang == "es" and lower not in self.table.lemmas and lower not in self.table.persons:
            lower = self.accent_restored(lower)
            pieces = (lower,)
        lemmas = tuple(fold(_DIGITS.sub("9", self._lemma(piece))).replace(" ", "_") for piece in pieces)
        person = ""
        if self.lang == "es":
            person = self.table.persons.get(lower) or spanish_person(lower, lemmas[0])
        result = (lemmas, person)
        self._cache[word] = result
        return result

    def accent_restored(self, word: str) -> str:
        """A Spanish first person typed without its accent, accented again.

        Many write from a phone or a keyboard without accents: "suspendere",
        "hare", "decidi" are "suspenderé", "haré", "decidí" (future and
        preterite, first person). Only the shapes that cannot mean anything
        else in a letter: an infinitive plus "e" (the regular future; the
        future subjunctive it also spells is never used), one of the
        irregular futures, the future's third person ("dara", "daran"), and a
        regular preterite in -í. "termine", "deje",
        "considere" stay as they are (present subjunctive, as in "cuando
        termine la fase").
        """
        if len(word) < 3 or fold(word) != word:
            return word
        for plain, accented in (("e", "é"), ("a", "á"), ("an", "án")):
            stem = word[: -len(plain)]
            if word.endswith(plain) and (stem in _IRREGULAR_FUTURES or self._is_infinitive(stem, stem + accented)):
                return stem + accented
        stem = word[:-1]
        if word[-1] == "i" and not simplemma.is_known(word, self.lang):
            lemma = simplemma.lemmatize(stem + "í", self.lang).lower()
            if _is_verb(lemma) and lemma.endswith(("er", "ir")) and lemma[:-2] == stem:
                return stem + "í"
        return word

    def _is_infinitive(self, stem: str, future: str) -> bool:
        """Whether `stem` is a verb whose future `future` is ("dar", "dará"; not "par", "pará")."""
        return _is_verb(stem) and simplemma.lemmatize(future, self.lang).lower() == stem

    @staticmethod
    def _contraction(word: str) -> tuple[str, ...]:
        if word in _NEGATIVE:
            return _NEGATIVE[word]
        if word.endswith("n't"):
            return (word[:-3], "not")
        for suffix, full in _SUFFIXES.items():
            if word.endswith(suffix):
                return (word[: -len(suffix)], full)
        if word.endswith("'s"):
            head = word[:-2]
            if head == "let":
                return ("let", "us")
            return (head, "be") if head in _IS_AFTER else (head,)
        return (word.replace("'", ""),)


@dataclass(frozen=True, slots=True)
class Stream:
    """The lemma stream of a text and the way back to the text."""

    text: str
    starts: tuple[int, ...]  # where each token starts in `text`
    spans: tuple[tuple[int, int], ...]  # each token's span in the original text

    def source_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The text span of the tokens a stream match [start, end) covers."""
        if not self.starts or end <= start:
            return None
        first = bisect.bisect_right(self.starts, start) - 1
        last = bisect.bisect_right(self.starts, end - 1) - 1
        if first < 0 or last < first:
            return None
        return self.spans[first][0], self.spans[last][1]

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Indices [first, stop) of the tokens whose text spans lie within [start, end)."""
        positions = [span[0] for span in self.spans]
        return bisect.bisect_left(positions, start), bisect.bisect_left(positions, end)


def _MAY_BE_NOUN(word: str, table: Table) -> bool:
    """A form that could also be a noun after an article: pagas, entregas, la paga."""
    return word in table.lemmas or word.endswith(("as", "es"))


@cache
def lemmatizer(lang: str, table_path: Path) -> Lemmatizer:
    return Lemmatizer(lang, load_table(table_path))


def build_stream(text: str, lemmatizer: Lemmatizer) -> Stream:
    """The lemma stream of `text` (quotations already blanked by the caller)."""
    words: list[str] = []
    starts: list[int] = []
    spans: list[tuple[int, int]] = []
    position = 0
    previous = previous_lemma = ""
    not_verbs_after = lemmatizer.table.not_verbs_after
    tokens = lemmatizer.tokens
    for match in TOKEN.finditer(text):
        raw = match.group()
        span = match.span()
        if raw == "\n":
            pieces: tuple[str, ...] = ("|",)
            person = ""
        elif len(raw) == 1 and not raw.isalnum():
            pieces, person = (raw if raw != "…" else ".",), ""
        else:
            pieces, person = tokens(raw)
            if person and previous in not_verbs_after and _MAY_BE_NOUN(raw.lower(), lemmatizer.table):
                person = ""  # "las entregas", "tus pagas": a noun, not a verb ("las haré" stays a verb)
            elif lemmatizer.lang == "es" and not person and previous in _VERB_AFTER:
                verb = lemmatizer.first_person_verb(raw) if not _is_verb(pieces[0]) else None
                if verb:
                    pieces, person = (verb,), "1"  # "te aviso", "me retiro", "que dejo el proyecto"
        if previous_lemma == "haber" and lemmatizer.lang == "es" and not person:
            pieces = (lemmatizer.participle(pieces[0]), *pieces[1:])
        for index, piece in enumerate(pieces):
            token = f"{piece}:{person}" if person and index == 0 else piece
            starts.append(position)
            spans.append(span)
            words.append(token)
            position += len(token) + 1
        previous = raw.lower()
        previous_lemma = pieces[-1]
    return Stream(" ".join(words), tuple(starts), tuple(spans))


def sentence_spans(stream: Stream, sentences: Iterable[tuple[int, int]]) -> Iterable[tuple[int, int, list[str]]]:
    """Each sentence (start, end) with its stream tokens, in one walk over both."""
    tokens = stream.text.split(" ") if stream.text else []
    spans = stream.spans
    index = 0
    for start, end in sentences:
        while index < len(spans) and spans[index][0] < start:
            index += 1
        first = index
        while index < len(spans) and spans[index][0] < end:
            index += 1
        yield start, end, tokens[first:index]

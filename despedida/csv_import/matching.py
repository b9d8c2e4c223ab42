"""Which known client a file's row is about: by tax id, by a remembered alias, by name.

Names equal once accents, case, punctuation and the legal form (SL, SA,
S. de R.L. de C.V., LLC, Ltd...) are set aside match without asking. Other
close names (RapidFuzz) are offered for confirmation; the rest are new
clients. A confirmed pair is remembered as an alias by the caller.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process

# Legal forms, as word sequences once punctuation is gone ("S. de R.L." -> "s de rl").
LEGAL_FORMS = [
    form.split()
    for form in (
        "s de rl de cv",
        "sa de cv",
        "s de rl",
        "sapi de cv",
        "sab de cv",
        "s en c",
        "sas",
        "sa",
        "sl",
        "slu",
        "sll",
        "slne",
        "scp",
        "sc",
        "cb",
        "sociedad limitada",
        "sociedad anonima",
        "spa",
        "ltda",
        "eirl",
        "sac",
        "saa",
        "srl",
        "sarl",
        "sasu",
        "sprl",
        "bv",
        "nv",
        "gmbh",
        "ag",
        "kg",
        "ug",
        "llc",
        "llp",
        "lp",
        "ltd",
        "limited",
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "plc",
        "pty ltd",
        "pty",
    )
]
_PUNCT_JOINED = re.compile(r"(?<=\b\w)\.(?=\w\b)")  # the dots inside "S.L" or "C.V"
_NOT_WORD = re.compile(r"[^\w]+")
FUZZY_THRESHOLD = 85


def normalize_name(name: str) -> str:
    """The name with accents, case, punctuation and trailing legal forms set aside."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _PUNCT_JOINED.sub("", text.replace("&", " and "))
    text = text.replace(".", "")
    words = [w for w in _NOT_WORD.split(text) if w]
    changed = True
    while changed and len(words) > 1:
        changed = False
        for form in LEGAL_FORMS:
            if len(words) > len(form) and words[-len(form) :] == form:
                words = words[: -len(form)]
                changed = True
                break
    return " ".join(words)


EU_VAT_PREFIXES = frozenset(
    "AT BE BG CY CZ DE DK EE EL ES FI FR GB HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK XI".split()
)


def normalize_tax_id(tax_id: str) -> str:
    """Tax ids compare as capital letters and digits, an EU VAT number without its country prefix.

    ESB12345678 is the Spanish NIF B12345678 with the country before it. A
    Mexican RFC starts with four letters and keeps them all.
    """
    text = re.sub(r"[^0-9A-Za-z]", "", tax_id).upper()
    if text[:2] in EU_VAT_PREFIXES and len(text) >= 10 and not text[:4].isalpha():
        return text[2:]
    return text


class How(StrEnum):
    TAX_ID = "tax_id"
    ALIAS = "alias"
    NAME = "name"
    FUZZY = "fuzzy"  # to be confirmed
    NEW = "new"


@dataclass(frozen=True, slots=True)
class Known:
    key: str
    name: str
    tax_id: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    name: str  # as the file writes it
    tax_id: str
    how: How
    key: str | None = None  # the known client's key (a fuzzy one: the suggestion)
    known_name: str = ""
    score: float = 0.0

    @property
    def needs_confirmation(self) -> bool:
        return self.how is How.FUZZY


def match_clients(
    names: list[tuple[str, str]], known: list[Known], aliases: dict[str, str] | None = None
) -> dict[tuple[str, str], Match]:
    """For each (name, tax id) of the file, how it matches the known clients.

    `aliases` maps a normalized name to a client key (earlier confirmations).
    """
    aliases = aliases or {}
    by_tax = {normalize_tax_id(k.tax_id): k for k in known if k.tax_id}
    by_name: dict[str, Known] = {}
    for k in known:
        by_name.setdefault(normalize_name(k.name), k)
    by_key = {k.key: k for k in known}
    choices = {k.key: normalize_name(k.name) for k in known}
    result = {}
    for name, tax_id in names:
        normalized = normalize_name(name) if name else ""
        tax = normalize_tax_id(tax_id) if tax_id else ""
        if tax and tax in by_tax:
            k = by_tax[tax]
            result[(name, tax_id)] = Match(name, tax_id, How.TAX_ID, k.key, k.name, 100.0)
        elif normalized and aliases.get(normalized) in by_key:
            k = by_key[aliases[normalized]]
            result[(name, tax_id)] = Match(name, tax_id, How.ALIAS, k.key, k.name, 100.0)
        elif normalized and normalized in by_name:
            k = by_name[normalized]
            result[(name, tax_id)] = Match(name, tax_id, How.NAME, k.key, k.name, 100.0)
        else:
            best = (
                process.extractOne(normalized, choices, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_THRESHOLD)
                if normalized and choices
                else None
            )
            if best is not None:
                _choice, score, key = best
                result[(name, tax_id)] = Match(name, tax_id, How.FUZZY, key, by_key[key].name, round(score, 1))
            else:
                result[(name, tax_id)] = Match(name, tax_id, How.NEW)
    return result

"""Lessons learned: the contract clauses that would have prevented an ending.

The wording lives in clauses.yaml (Spanish and English, written by the
team); this module loads and checks it, proposes the clauses that answer the
warning signs behind an ending, and tells which protections a contract
already has.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import NamedTuple

import yaml

from despedida.core.assessment.signals import CODES
from despedida.core.portfolio.model import Contract, Event, EventType

LANGUAGES = ("es", "en")

SIGNAL_CODES = frozenset(CODES)


class ClauseDataError(ValueError):
    """clauses.yaml does not have the shape this module needs."""


@dataclass(frozen=True, slots=True)
class Protection:
    id: str
    label_es: str
    label_en: str

    def label(self, language: str = "es") -> str:
        return self.label_en if language == "en" else self.label_es


@dataclass(frozen=True, slots=True)
class Clause:
    id: str
    protection: str
    signals: tuple[str, ...]
    title_es: str
    title_en: str
    text_es: str
    text_en: str

    def title(self, language: str = "es") -> str:
        return self.title_en if language == "en" else self.title_es

    def text(self, language: str = "es") -> str:
        return self.text_en if language == "en" else self.text_es

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "protection": self.protection,
            "signals": list(self.signals),
            "title": {"es": self.title_es, "en": self.title_en},
            "text": {"es": self.text_es, "en": self.text_en},
        }


class ProtectionStatus(NamedTuple):
    protection: str
    in_place: bool


@dataclass(frozen=True, slots=True)
class Catalogue:
    protections: tuple[Protection, ...]
    clauses: tuple[Clause, ...]


def _texts(entry: dict, key: str, where: str) -> tuple[str, str]:
    texts = entry.get(key)
    if not isinstance(texts, dict) or any(not str(texts.get(lang) or "").strip() for lang in LANGUAGES):
        raise ClauseDataError(f"{where}.{key}: needs non-empty 'es' and 'en'")
    return str(texts["es"]).strip(), str(texts["en"]).strip()


def parse_catalogue(document: dict) -> Catalogue:
    """Build and check the catalogue: unique ids, known protections and signals, both languages."""
    protections = []
    for i, entry in enumerate(document.get("protections") or []):
        protections.append(Protection(str(entry["id"]), *_texts(entry, "label", f"protections[{i}]")))
    protection_ids = [p.id for p in protections]
    if len(set(protection_ids)) != len(protection_ids):
        raise ClauseDataError("protections: duplicate id")
    clauses = []
    for i, entry in enumerate(document.get("clauses") or []):
        where = f"clauses[{i}]"
        if entry.get("protection") not in protection_ids:
            raise ClauseDataError(f"{where}.protection: unknown {entry.get('protection')!r}")
        signals = tuple(entry.get("signals") or ())
        unknown = set(signals) - SIGNAL_CODES
        if not signals or unknown:
            raise ClauseDataError(f"{where}.signals: empty or unknown {sorted(unknown)}")
        clauses.append(
            Clause(
                str(entry["id"]),
                entry["protection"],
                signals,
                *_texts(entry, "title", where),
                *_texts(entry, "text", where),
            )
        )
    clause_ids = [c.id for c in clauses]
    if len(set(clause_ids)) != len(clause_ids):
        raise ClauseDataError("clauses: duplicate id")
    return Catalogue(tuple(protections), tuple(clauses))


@cache
def catalogue() -> Catalogue:
    text = resources.files(__package__).joinpath("clauses.yaml").read_text(encoding="utf-8")
    return parse_catalogue(yaml.safe_load(text))


def clause_by_id(clause_id: str) -> Clause | None:
    return next((c for c in catalogue().clauses if c.id == clause_id), None)


# Protections the portfolio format records, and the `terms_changed` clause
# that adds each later on. Any protection can also be marked in place with
# `"<protection>_clause": true` in the contract's extra keys.
TERMS_CHANGED = {
    "late_fee": "late_fee",
    "deposit": "deposit",
    "change_order": "change_order",
    "silence_approval": "silence_approval",
    "invoice_in_advance": "invoice_in_advance",
}


def _from_contract(protection: str, contract: Contract) -> bool:
    match protection:
        case "late_fee":
            return contract.late_fee_clause
        case "deposit":
            return contract.deposit_requested
        case "scope":
            return contract.scope_defined
        case "change_order":
            return contract.change_order_clause
        case "silence_approval":
            return contract.silence_approval_days is not None
        case "notice_period":
            return bool(contract.notice_days)
    return False


def has_protection(protection: str, contract: Contract | None, events: Iterable[Event] = ()) -> bool:
    """Whether the contract, or a later change of terms, gives this protection."""
    if contract is not None and (
        _from_contract(protection, contract) or contract.extra.get(f"{protection}_clause") is True
    ):
        return True
    clause = TERMS_CHANGED.get(protection)
    return clause is not None and any(
        e.type == EventType.TERMS_CHANGED and e.clause is not None and str(e.clause) == clause for e in events
    )


def contract_checklist(contract: Contract | None, events: Iterable[Event] = ()) -> list[ProtectionStatus]:
    """Every protection of the catalogue, in its order, with whether it is already in place."""
    events = list(events)
    return [ProtectionStatus(p.id, has_protection(p.id, contract, events)) for p in catalogue().protections]


def propose_clauses(
    signal_codes: Iterable[str], contract: Contract | None, events: Iterable[Event] = ()
) -> list[Clause]:
    """Clauses answering any of the given warning signs, in catalogue order
    (money first), skipping protections the contract already has. Unknown
    signal codes are ignored."""
    wanted = set(signal_codes)
    events = list(events)
    return [
        clause
        for clause in catalogue().clauses
        if wanted.intersection(clause.signals) and not has_protection(clause.protection, contract, events)
    ]

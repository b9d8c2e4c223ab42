"""The post-exit checklist: what to tidy up once the work has been handed over.

Every plan gets the items that always apply (archive the paper trail, decide
about the future once paid, say nothing bad in public, learn from it); the
items about credit and access only where there was work to credit or to
reach.
"""

from __future__ import annotations

from enum import StrEnum

from despedida.core.portfolio.model import Client, ProjectStatus


class ChecklistItem(StrEnum):
    REMOVE_LOGO = "remove_logo"
    REMOVE_FROM_PORTFOLIO = "remove_from_portfolio"
    REVOKE_ACCESS = "revoke_access"
    ARCHIVE_FILES = "archive_files"
    FUTURE_PROSPECT_DECISION = "future_prospect_decision"
    NO_PUBLIC_CRITICISM = "no_public_criticism"
    LESSONS_LEARNED = "lessons_learned"


LABELS: dict[ChecklistItem, dict[str, str]] = {
    ChecklistItem.REMOVE_LOGO: {
        "es": "Quitar tu logo o tu crédito de su web, si así evitas preguntas incómodas",
        "en": "Take your logo or credit off their site, if that spares awkward questions",
    },
    ChecklistItem.REMOVE_FROM_PORTFOLIO: {
        "es": "Decidir si su trabajo sigue en tu portafolio, o retirarlo",
        "en": "Decide whether their work stays in your portfolio, or take it out",
    },
    ChecklistItem.REVOKE_ACCESS: {
        "es": "Devolver o revocar accesos: cuentas, servidores, repositorios, contraseñas compartidas",
        "en": "Return or revoke access: accounts, servers, repositories, shared passwords",
    },
    ChecklistItem.ARCHIVE_FILES: {
        "es": "Archivar archivos, contrato y todos los mensajes escritos (el rastro documental)",
        "en": "Archive files, the contract and every written message (the paper trail)",
    },
    ChecklistItem.FUTURE_PROSPECT_DECISION: {
        "es": "Una vez cobrado, decidir si sigue siendo un posible cliente en el futuro",
        "en": "Once paid, decide whether they stay a possible client in future",
    },
    ChecklistItem.NO_PUBLIC_CRITICISM: {
        "es": "No hablar mal del cliente en público; compartir la experiencia solo en privado",
        "en": "Say nothing against the client in public; share the experience only in private",
    },
    ChecklistItem.LESSONS_LEARNED: {
        "es": "Revisar qué cláusulas lo habrían evitado y llevarlas al próximo contrato",
        "en": "Note which clauses would have prevented this and put them in your next contract",
    },
}

ALWAYS = (
    ChecklistItem.ARCHIVE_FILES,
    ChecklistItem.FUTURE_PROSPECT_DECISION,
    ChecklistItem.NO_PUBLIC_CRITICISM,
    ChecklistItem.LESSONS_LEARNED,
)


def had_work(client: Client) -> bool:
    """Any project beyond a proposal, or any hours logged: there is work to credit or access to return."""
    return bool(client.time) or any(p.status != ProjectStatus.PROPOSED for p in client.projects)


def had_deliveries(client: Client) -> bool:
    return any(p.status == ProjectStatus.DONE or any(m.delivered_on for m in p.milestones) for p in client.projects)


def exit_checklist(client: Client) -> tuple[ChecklistItem, ...]:
    """The checklist items that apply to this client, in the canonical order."""
    chosen = set(ALWAYS)
    if had_work(client):
        chosen |= {ChecklistItem.REMOVE_LOGO, ChecklistItem.REVOKE_ACCESS}
    if had_deliveries(client):
        chosen.add(ChecklistItem.REMOVE_FROM_PORTFOLIO)
    return tuple(item for item in ChecklistItem if item in chosen)


def label(item: ChecklistItem, language: str = "es") -> str:
    labels = LABELS[item]
    return labels.get(language, labels["en"])

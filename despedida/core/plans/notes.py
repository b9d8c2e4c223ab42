"""Notes a plan carries: what it left out or assumed, in the business language.

A note is a code plus the values its message needs, so the web app and the
command line render the same note in Spanish or English, and a JSON reader
can act on the code alone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALES = {"es": "es_ES", "en": "en_GB"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DECIMAL = re.compile(r"^-?\d+\.\d+$")

MESSAGES: dict[str, dict[str, str]] = {
    "no_projects": {
        "es": "No hay proyectos registrados: no queda trabajo en curso; el último día sigue al aviso.",
        "en": "No projects on record: there is no work in hand; the last day follows the notice.",
    },
    "no_invoices": {
        "es": "No hay facturas registradas: la factura final solo cuenta el trabajo sin facturar.",
        "en": "No invoices on record: the final invoice counts unbilled work only.",
    },
    "nothing_owed": {
        "es": "No se debe nada ni queda nada por facturar: no hay factura final.",
        "en": "Nothing is owed and nothing is left to bill: no final invoice.",
    },
    "no_contract": {
        "es": "No hay contrato registrado: no se aplica ningún plazo de preaviso.",
        "en": "No contract on record: no notice period applies.",
    },
    "milestone_overdue": {
        "es": "«{milestone}» ({project}) vencía el {due_on} y no está entregado: "
        "el plan da {buffer_days} días para terminarlo.",
        "en": "«{milestone}» ({project}) was due on {due_on} and is not delivered: "
        "the plan allows {buffer_days} days to finish it.",
    },
    "milestone_undated": {
        "es": "«{milestone}» ({project}) no tiene fecha: el plan da {buffer_days} días para terminarlo.",
        "en": "«{milestone}» ({project}) has no due date: the plan allows {buffer_days} days to finish it.",
    },
    "open_ended": {
        "es": "«{project}» está activo sin hitos: el plan da {buffer_days} días para cerrar el trabajo en curso.",
        "en": "«{project}» is active with no milestones: the plan allows {buffer_days} days to close the work in hand.",
    },
    "walk_away": {
        "es": "Hay una objeción ética: el trabajo nuevo se detiene ya y el encargo termina en {days} días, "
        "facturando lo hecho; el preaviso del contrato no obliga a seguir con un trabajo que no se puede "
        "hacer en conciencia.",
        "en": "There is an ethics concern: new work stops now and the engagement ends within {days} days, "
        "invoicing the work done; the contract's notice period does not oblige anyone to go on with work "
        "that cannot be done in conscience.",
    },
    "amounts_as_of": {
        "es": "La factura final cuenta el trabajo hecho hasta el {as_of}; "
        "suma lo que entregues hasta el {last_work_on}.",
        "en": "The final invoice counts work done up to {as_of}; add what you deliver until {last_work_on}.",
    },
    "hourly_no_rate": {
        "es": "«{project}» se factura por horas pero no tiene tarifa: sus {hours} h sin facturar quedan fuera.",
        "en": "«{project}» is billed by the hour but has no rate: its {hours} unbilled hours are left out.",
    },
    "fixed_no_fee": {
        "es": "«{project}» tiene precio cerrado sin importe: sus hitos entregados quedan fuera.",
        "en": "«{project}» has a fixed fee with no amount: its delivered milestones are left out.",
    },
    "fixed_no_milestones": {
        "es": "«{project}» no tiene hitos con los que medir el avance: solo cuentan sus facturas abiertas.",
        "en": "«{project}» has no milestones to measure progress by: only its open invoices count.",
    },
    "retainer_by_hand": {
        "es": "«{project}» es una iguala: el plan cuenta sus facturas abiertas; "
        "factura a mano el último periodo hasta el {last_work_on}.",
        "en": "«{project}» is a retainer: the plan counts its open invoices; "
        "bill the last period until {last_work_on} by hand.",
    },
    "mixed_project_currency": {
        "es": "«{project}» tiene facturas en varias monedas: su trabajo sin facturar se cuenta en {currency}.",
        "en": "«{project}» has invoices in several currencies: its unbilled work is counted in {currency}.",
    },
    "unassigned_hours": {
        "es": "{hours} h de trabajo no están asignadas a un proyecto y quedan fuera de la factura final.",
        "en": "{hours} hours of work are not tied to a project and are left out of the final invoice.",
    },
    "several_currencies": {
        "es": "Se debe en varias monedas ({currencies}): emite una factura por moneda.",
        "en": "Money is owed in several currencies ({currencies}): issue one invoice per currency.",
    },
    "silence_protocol_first": {
        "es": "El cliente no responde desde el {since}: antes de terminar, sigue el protocolo de silencio "
        "(próximo paso: {next_step_es}, el {next_on}).",
        "en": "The client has not answered since {since}: before ending, follow the silence protocol "
        "(next step: {next_step_en}, on {next_on}).",
    },
    "silence_deadline": {
        "es": "Le diste de plazo hasta el {deadline}: la carta de cierre sale después, si no responde.",
        "en": "You gave them until {deadline}: the closing letter goes out after that, if they stay silent.",
    },
    "silence_closed": {
        "es": "El plazo del {deadline} pasó sin respuesta: toca la carta de cierre, con la factura de lo pendiente.",
        "en": "The {deadline} deadline passed with no answer: send the closing letter, with the invoice for what is owed.",
    },
    "stage_prospect": {
        "es": "Este cliente aún es un posible cliente: quizá encaje mejor declinar con la admisión.",
        "en": "This client is still a prospect: declining at intake may fit better than an exit plan.",
    },
    "stage_former": {
        "es": "Este cliente ya figura como antiguo cliente.",
        "en": "This client is already marked as a former client.",
    },
}


@dataclass(frozen=True, slots=True)
class Note:
    code: str
    values: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, code: str, **values: object) -> Note:
        if code not in MESSAGES:
            raise KeyError(f"unknown note code {code!r}")
        return cls(code, tuple((key, str(value)) for key, value in values.items()))

    def message(self, language: str = "es") -> str:
        templates = MESSAGES[self.code]
        locale = LOCALES.get(language, "en_GB")
        values = {key: worded(value, locale) for key, value in self.values}
        return templates.get(language, templates["en"]).format(**values)

    def to_json(self, language: str = "es") -> dict[str, str]:
        return {"code": self.code, "message": self.message(language)}


def worded(value: str, locale: str) -> str:
    """A note's value as the reader's language writes it: dates ("22 de noviembre de 2026",
    "22 November 2026") and decimals ("12,5"); anything else as stored."""
    if ISO_DATE.match(value):
        return format_date(dt.date.fromisoformat(value), format="long", locale=locale)
    if DECIMAL.match(value):
        return format_decimal(Decimal(value).normalize(), locale=locale)
    return value

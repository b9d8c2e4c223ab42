"""Write a portfolio as its canonical file (format `despedida.portfolio/1`).

Canonical means: every known key, in the order of the format's example,
with null for an absent optional value; money as a decimal string with two
places or as many as it really has (`"8000.00"`, `"0.125"`) and hours with
as many as they have (`"6"`, `"0.5"`), whatever the Decimal's exponent;
dates `YYYY-MM-DD`; instants ISO 8601 with their offset. An event carries
only the fields of its own type, and its `project` and `note` only when
set. Keys a reader did not know (`extra`) are written back after the known
ones, except at the top level, where `clients` comes last.

`load_document(dump_document(p)) == p`, and `dump_document(load_document(d))
== d` for every canonical `d`.
"""

from __future__ import annotations

import io
import json
import re
import uuid
from decimal import Decimal
from enum import Enum
from typing import IO, Any, Iterable, Iterator

from .model import (
    EVENT_FIELDS,
    Business,
    Client,
    Contact,
    Contract,
    Event,
    Invoice,
    Message,
    Milestone,
    Payment,
    Portfolio,
    Project,
    TimeEntry,
)

INDENT = 2


def dump_document(portfolio: Portfolio) -> dict[str, Any]:
    """The canonical document, as plain JSON values (extra values are shared, not copied)."""
    document = _head(portfolio)
    document["clients"] = [dump_client(client) for client in portfolio.clients]
    return document


def dump_client(client: Client) -> dict[str, Any]:
    return _with_extra(
        {
            "id": client.id,
            "name": client.name,
            # Optional: written only when known, so files without it read back the same.
            **({"tax_id": client.tax_id} if client.tax_id else {}),
            "stage": _word(client.stage),
            "language": client.language,
            "contact": None if client.contact is None else _contact(client.contact),
            "strategic_value": _word(client.strategic_value),
            "contract": None if client.contract is None else _contract(client.contract),
            "projects": [_project(project) for project in client.projects],
            "invoices": [_invoice(invoice) for invoice in client.invoices],
            "time": [_time_entry(entry) for entry in client.time],
            "messages": [_message(message) for message in client.messages],
            "events": [_event(event) for event in client.events],
        },
        client.extra,
    )


def write_portfolio(portfolio: Portfolio, stream: IO, clients: Iterable[Client] | None = None) -> None:
    """Write the canonical document as indented UTF-8 JSON, one client at a time.

    `clients`, when given, are written instead of `portfolio.clients`: an
    export can pass a generator and never hold every client at once.
    """
    if isinstance(stream, (io.RawIOBase, io.BufferedIOBase)):
        for chunk in iter_json_chunks(portfolio, clients):
            stream.write(chunk.encode("utf-8"))
        return
    encoding = (getattr(stream, "encoding", None) or "utf-8").replace("_", "-").lower()
    if encoding not in ("utf-8", "utf8") and hasattr(stream, "buffer"):
        # A text stream in another encoding (a terminal in the C locale)
        # would fail on the first "ñ": write UTF-8 bytes underneath it.
        stream.flush()
        write_portfolio(portfolio, stream.buffer, clients)
        return
    for chunk in iter_json_chunks(portfolio, clients):
        stream.write(chunk)


def iter_json_chunks(portfolio: Portfolio, clients: Iterable[Client] | None = None) -> Iterator[str]:
    """The text of `write_portfolio`, in pieces of about one client each.

    The same text as `json.dumps(dump_document(p), indent=2,
    ensure_ascii=False) + "\\n"`, without holding all of it in memory.
    `clients` as for `write_portfolio`.
    """
    document = _head(portfolio)
    document["clients"] = _CLIENTS_MARK
    before, after = _dumps(document).split(json.dumps(_CLIENTS_MARK, ensure_ascii=False), 1)
    yield before
    # Clients are items of a list one level down: indent their lines twice.
    newline = "\n" + " " * (2 * INDENT)
    opening = "[" + newline
    separator = opening
    for client in portfolio.clients if clients is None else clients:
        yield separator + _dumps(dump_client(client)).replace("\n", newline)
        separator = "," + newline
    if separator is opening:
        yield f"[]{after}\n"
    else:
        yield "\n" + " " * INDENT + "]" + after + "\n"


# -- objects -----------------------------------------------------------------


def _head(portfolio: Portfolio) -> dict[str, Any]:
    """Everything but the clients. Unknown top-level keys go before them: a
    streaming reader meets all of the head before the (long) client list."""
    head = _with_extra(
        {
            "format": portfolio.format,
            "as_of": _date(portfolio.as_of),
            "business": _business(portfolio.business),
        },
        portfolio.extra,
    )
    head.pop("clients", None)
    return head


def _business(business: Business) -> dict[str, Any]:
    return _with_extra(
        {
            "name": business.name,
            "currency": business.currency,
            "language": business.language,
            "timezone": business.timezone,
            "target_hourly_rate": _money(business.target_hourly_rate),
            "payment_terms_days": business.payment_terms_days,
        },
        business.extra,
    )


def _contact(contact: Contact) -> dict[str, Any]:
    return _with_extra({"name": contact.name, "email": contact.email}, contact.extra)


def _contract(contract: Contract) -> dict[str, Any]:
    return _with_extra(
        {
            "signed_on": _date(contract.signed_on),
            "scope_defined": contract.scope_defined,
            "deposit_requested": contract.deposit_requested,
            "deposit_paid_on": _date(contract.deposit_paid_on),
            "deposit_refused": contract.deposit_refused,
            "late_fee_clause": contract.late_fee_clause,
            "change_order_clause": contract.change_order_clause,
            "silence_approval_days": contract.silence_approval_days,
            "notice_days": contract.notice_days,
        },
        contract.extra,
    )


def _project(project: Project) -> dict[str, Any]:
    return _with_extra(
        {
            "id": project.id,
            "name": project.name,
            "status": _word(project.status),
            "started_on": _date(project.started_on),
            "fee_type": _word(project.fee_type),
            "fee": _money(project.fee),
            "milestones": [_milestone(milestone) for milestone in project.milestones],
        },
        project.extra,
    )


def _milestone(milestone: Milestone) -> dict[str, Any]:
    return _with_extra(
        {
            "name": milestone.name,
            "due_on": _date(milestone.due_on),
            "delivered_on": _date(milestone.delivered_on),
            "approved_on": _date(milestone.approved_on),
        },
        milestone.extra,
    )


def _invoice(invoice: Invoice) -> dict[str, Any]:
    return _with_extra(
        {
            "id": invoice.id,
            "project": invoice.project,
            "issued_on": _date(invoice.issued_on),
            "due_on": _date(invoice.due_on),
            "amount": _money(invoice.amount),
            "currency": invoice.currency,
            "payments": [_payment(payment) for payment in invoice.payments],
            "reminders": [day.isoformat() for day in invoice.reminders],
        },
        invoice.extra,
    )


def _payment(payment: Payment) -> dict[str, Any]:
    return _with_extra(
        {"on": payment.on.isoformat(), "amount": _money(payment.amount)}, payment.extra
    )


def _time_entry(entry: TimeEntry) -> dict[str, Any]:
    return _with_extra(
        {
            "on": entry.on.isoformat(),
            "hours": _hours(entry.hours),
            "kind": _word(entry.kind),
            "project": entry.project,
            "note": entry.note,
        },
        entry.extra,
    )


def _message(message: Message) -> dict[str, Any]:
    document = {
        "at": message.at.isoformat(),
        "direction": _word(message.direction),
        "subject": message.subject,
        "body": message.body,
        "needs_reply": message.needs_reply,
    }
    # Only when known, so files without mail threads read and write back unchanged.
    if message.message_id is not None:
        document["message_id"] = message.message_id
    if message.in_reply_to is not None:
        document["in_reply_to"] = message.in_reply_to
    return _with_extra(document, message.extra)


def _event(event: Event) -> dict[str, Any]:
    document: dict[str, Any] = {"on": event.on.isoformat(), "type": _word(event.type)}
    if event.project is not None:
        document["project"] = event.project
    for name in EVENT_FIELDS[event.type]:
        document[name] = _plain(getattr(event, name))
    if event.note is not None:
        document["note"] = event.note
    return _with_extra(document, event.extra)


# -- values ----------------------------------------------------------------


def _with_extra(document: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    for key, value in extra.items():
        if key not in document:  # a known key is never overwritten
            document[key] = value
    return document


def _date(value) -> str | None:
    return None if value is None else value.isoformat()


def _money(value: Decimal | None) -> str | None:
    """Money with two places, or as many as it really has: "2400.00", "0.125".

    The text depends on the value alone, not on how it was computed or kept
    (a store column with four places gives back 2400.0000): that is what
    makes an export after an import give back the same file.
    """
    return None if value is None else _decimal_text(value, 2)


def _hours(value: Decimal) -> str:
    """Hours as people write them: "6", "0.5", "1.25"."""
    return _decimal_text(value, 0)


def _decimal_text(value: Decimal, min_places: int) -> str:
    # format "f" is exact; normalize() and quantize() would round, or fail,
    # beyond the context's 28 digits.
    text = f"{value:f}"
    whole, point, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    if len(fraction) < min_places:
        fraction += "0" * (min_places - len(fraction))
    return f"{whole}.{fraction}" if fraction else whole


def _word(value) -> str | None:
    # str() of a StrEnum member is its value; a plain string passes through.
    return None if value is None else str(value)


def _plain(value):
    if isinstance(value, Enum):
        return str(value.value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


# The json module cannot write a Decimal as a number. Unknown keys read
# from a file may hold one (`"weight": 1.50`), so it is written as a marked
# string and the marks are removed afterwards.
_NUMBER_MARK = f"\ue000{uuid.uuid4().hex}\ue000"
_MARKED_NUMBER = re.compile(f'"{_NUMBER_MARK}([^"]*)"')
_CLIENTS_MARK = f"\ue000{uuid.uuid4().hex}\ue000"


def _number_as_marked_string(value: object) -> str:
    if isinstance(value, Decimal) and value.is_finite():
        return f"{_NUMBER_MARK}{value}"
    raise TypeError(f"{type(value).__name__} {value!r} cannot be written as JSON")


def _dumps(document: object) -> str:
    text = json.dumps(
        document, ensure_ascii=False, indent=INDENT, allow_nan=False, default=_number_as_marked_string
    )
    if _NUMBER_MARK in text:
        text = _MARKED_NUMBER.sub(r"\1", text)
    return text

"""Every date in a demo document agrees with the others and with `as_of`.

`problems(document)` returns a list of readable complaints (empty when all
is well), so a failing test shows every inconsistency at once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from .evidence import day, paid_on

MADRID = ZoneInfo("Europe/Madrid")


def problems(document: dict) -> list[str]:
    as_of = day(document["as_of"])
    found: list[str] = []
    seen_clients: set[str] = set()
    for c in document["clients"]:
        where = c["id"]
        if where in seen_clients:
            found.append(f"{where}: duplicate client id")
        seen_clients.add(where)
        found += [f"{where}: {p}" for p in _client_problems(c, as_of)]
    return found


def _client_problems(c: dict, as_of: dt.date):
    projects = {p["id"]: p for p in c["projects"]}
    if len(projects) != len(c["projects"]):
        yield "duplicate project id"
    contract = c.get("contract")
    if contract and contract["signed_on"] and contract["deposit_paid_on"]:
        if day(contract["deposit_paid_on"]) < day(contract["signed_on"]):
            yield "deposit paid before the contract was signed"
    for p in c["projects"]:
        yield from _project_problems(p, as_of, c["stage"])
    ids = [i["id"] for i in c["invoices"]]
    if len(set(ids)) != len(ids):
        yield "duplicate invoice id"
    for i in c["invoices"]:
        yield from _invoice_problems(i, as_of, projects)
    previous = None
    for t in c["time"]:
        if day(t["on"]) > as_of:
            yield f"time entry in the future ({t['on']})"
        if Decimal(t["hours"]) <= 0:
            yield f"time entry without hours ({t['on']})"
        if t.get("project") is not None and t["project"] not in projects:
            yield f"time entry for unknown project {t['project']}"
        if previous and t["on"] < previous:
            yield "time entries out of order"
        previous = t["on"]
    previous = None
    said: set[tuple[str, str]] = set()
    for m in c["messages"]:
        subject = m["subject"]
        if subject.startswith("Re: "):
            asked_by = "out" if m["direction"] == "in" else "in"
            if (asked_by, subject.removeprefix("Re: ")) not in said:
                yield f"message {m['at']} answers {subject!r}, which was never sent"
        said.add((m["direction"], subject))
        at = dt.datetime.fromisoformat(m["at"])
        local = at.replace(tzinfo=None)
        if at.utcoffset() != MADRID.utcoffset(local):
            yield f"message {m['at']}: offset is not Madrid's on that day"
        if local.date() > as_of:
            yield f"message in the future ({m['at']})"
        if previous and at < previous:
            yield f"messages out of order at {m['at']}"
        previous = at
    previous = None
    for e in c["events"]:
        if day(e["on"]) > as_of:
            yield f"event {e['type']} in the future ({e['on']})"
        if e.get("project") is not None and e["project"] not in projects:
            yield f"event for unknown project {e['project']}"
        if e["type"] == "ultimatum_sent" and day(e["deadline"]) <= day(e["on"]):
            yield "ultimatum deadline not after the ultimatum"
        if previous and e["on"] < previous:
            yield "events out of order"
        previous = e["on"]


def _project_problems(p: dict, as_of: dt.date, stage: str):
    started = day(p["started_on"]) if p["started_on"] else None
    if p["status"] == "proposed":
        if started or any(m["delivered_on"] for m in p["milestones"]):
            yield f"{p['id']}: a proposed project has started"
        return
    if started is None or started > as_of:
        yield f"{p['id']}: started_on missing or in the future"
        return
    if stage == "former" and p["status"] == "active":
        yield f"{p['id']}: a former client's project is still active"
    previous, undelivered = started, False
    for m in p["milestones"]:
        delivered = day(m["delivered_on"]) if m["delivered_on"] else None
        approved = day(m["approved_on"]) if m["approved_on"] else None
        if delivered is None:
            undelivered = True
            if approved:
                yield f"{p['id']}/{m['name']}: approved but never delivered"
            continue
        if undelivered:
            yield f"{p['id']}/{m['name']}: delivered after an undelivered milestone"
        if delivered < previous or delivered > as_of:
            yield f"{p['id']}/{m['name']}: delivered {delivered} out of order or in the future"
        if approved and not delivered <= approved <= as_of:
            yield f"{p['id']}/{m['name']}: approved {approved} before delivery or in the future"
        previous = delivered
    if p["status"] == "done" and undelivered:
        yield f"{p['id']}: done with milestones never delivered"


def _invoice_problems(i: dict, as_of: dt.date, projects: dict):
    issued, due = day(i["issued_on"]), day(i["due_on"])
    if i["project"] not in projects:
        yield f"{i['id']}: unknown project {i['project']}"
    if issued > as_of or due < issued:
        yield f"{i['id']}: issued {issued} in the future or due before issue"
    paid = Decimal(0)
    for payment in i["payments"]:
        if not issued <= day(payment["on"]) <= as_of:
            yield f"{i['id']}: payment on {payment['on']} before issue or in the future"
        paid += Decimal(payment["amount"])
    if paid > Decimal(i["amount"]):
        yield f"{i['id']}: paid more than the amount"
    settled = paid_on(i)
    for reminder in i["reminders"]:
        r = day(reminder)
        if r <= due or r > as_of or (settled and r >= settled):
            yield f"{i['id']}: reminder {r} not between due date and payment"

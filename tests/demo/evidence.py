"""Read the raw demo data the way a person would, looking for each warning sign.

These predicates look at the document itself, not at the assessment engine,
so the demo's tests do not depend on the engine's thresholds. Each takes a
client dict and the document's `as_of` date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def paid_on(invoice: dict) -> dt.date | None:
    total = Decimal(0)
    for payment in sorted(invoice["payments"], key=lambda p: p["on"]):
        total += Decimal(payment["amount"])
        if total >= Decimal(invoice["amount"]):
            return day(payment["on"])
    return None


def events(client: dict, type_: str, **fields) -> list[dict]:
    return [e for e in client["events"] if e["type"] == type_ and all(e.get(k) == v for k, v in fields.items())]


def hours(client: dict, *kinds: str) -> Decimal:
    return sum((Decimal(t["hours"]) for t in client["time"] if not kinds or t["kind"] in kinds), Decimal(0))


def invoiced(client: dict) -> Decimal:
    return sum((Decimal(i["amount"]) for i in client["invoices"]), Decimal(0))


def first_unanswered_request(client: dict) -> dt.datetime | None:
    """The oldest outgoing message that needs a reply and has no incoming message after it."""
    pending = None
    for message in client["messages"]:
        at = dt.datetime.fromisoformat(message["at"])
        if message["direction"] == "in":
            pending = None
        elif message.get("needs_reply") and pending is None:
            pending = at
    return pending


def days_silent(client: dict, as_of: dt.date) -> int:
    pending = first_unanswered_request(client)
    return 0 if pending is None else (as_of - pending.date()).days


def late_payment(c, as_of):
    return any((paid_on(i) or as_of) > day(i["due_on"]) and i["reminders"] and paid_on(i) for i in c["invoices"])


def unpaid_overdue(c, as_of):
    return any(paid_on(i) is None and (as_of - day(i["due_on"])).days >= 30 for i in c["invoices"])


def no_contract(c, as_of):
    contract = c.get("contract")
    unsigned = contract is None or contract["signed_on"] is None or not contract["scope_defined"]
    return unsigned and any(p["status"] == "active" for p in c["projects"])


def deposit_refused(c, as_of):
    contract = c.get("contract") or {}
    refused = contract.get("deposit_refused") or events(c, "deposit_refused")
    return bool(refused) and contract.get("deposit_requested") and contract.get("deposit_paid_on") is None


def slow_feedback(c, as_of):
    return any((e.get("delay_days") or 0) >= 12 for e in events(c, "feedback"))


def poor_feedback(c, as_of):
    return len([e for e in events(c, "feedback") if e["quality"] != "constructive"]) >= 2


def scope_creep(c, as_of):
    return len(events(c, "scope_change", priced=False)) >= 2


def haggling(c, as_of):
    return len(events(c, "rate_renegotiation", after_contract=True)) >= 2


def team_mistreatment(c, as_of):
    return bool(events(c, "team_mistreatment"))


def advice_rejected(c, as_of):
    return len(events(c, "advice_rejected", core=True)) >= 2


def ethics(c, as_of):
    return bool(events(c, "ethics_concern"))


def ghosting(c, as_of):
    return days_silent(c, as_of) >= 21


def low_profitability(c, as_of):
    spent = hours(c)
    return spent >= 20 and invoiced(c) / spent < 30


SIGNS = {
    f.__name__: f
    for f in (
        late_payment,
        unpaid_overdue,
        no_contract,
        deposit_refused,
        slow_feedback,
        poor_feedback,
        scope_creep,
        haggling,
        team_mistreatment,
        advice_rejected,
        ethics,
        ghosting,
        low_profitability,
    )
}


def signs_of(client: dict, as_of: dt.date) -> set[str]:
    return {code for code, shows in SIGNS.items() if shows(client, as_of)}


# Moderators and variants the demo must also show.


def revenue_12m(client: dict, as_of: dt.date) -> Decimal:
    start = as_of - dt.timedelta(days=365)
    return sum((Decimal(i["amount"]) for i in client["invoices"] if day(i["issued_on"]) > start), Decimal(0))


def big_account(c, as_of, total):
    return total > 0 and revenue_12m(c, as_of) / total >= Decimal("0.10")


def passive_income(c, as_of, total):
    work = hours(c)
    retainer = any(p["fee_type"] == "retainer" for p in c["projects"])
    return retainer and work > 0 and invoiced(c) / work >= 150 and late_payment(c, as_of)


def strategic(c, as_of, total):
    return c["strategic_value"] == "high"


def prospect(c, as_of, total):
    return c["stage"] == "prospect" and c["projects"] and all(p["status"] == "proposed" for p in c["projects"])


def former(c, as_of, total):
    return c["stage"] == "former" and all(p["status"] in ("done", "cancelled") for p in c["projects"])


def protection_worked(c, as_of, total):
    """A protection was added after late payments, and every invoice since was paid on time."""
    changes = events(c, "terms_changed")
    if not changes:
        return False
    changed = day(changes[0]["on"])
    before = [i for i in c["invoices"] if day(i["issued_on"]) < changed]
    after = [i for i in c["invoices"] if day(i["issued_on"]) > changed]
    late_before = any((paid_on(i) or as_of) > day(i["due_on"]) for i in before)
    on_time_after = all(paid_on(i) and paid_on(i) <= day(i["due_on"]) for i in after if day(i["due_on"]) < as_of)
    return late_before and on_time_after and len(after) >= 2


def team_remedies_tried(c, as_of, total):
    return (
        team_mistreatment(c, as_of)
        and events(c, "team_reassigned")
        and events(c, "conversation")
        and max(e["on"] for e in events(c, "team_mistreatment")) > events(c, "team_reassigned")[0]["on"]
    )


def team_no_remedies(c, as_of, total):
    return team_mistreatment(c, as_of) and not events(c, "team_reassigned")


def ultimatum_expired(c, as_of, total):
    return ghosting(c, as_of) and any(day(e["deadline"]) < as_of for e in events(c, "ultimatum_sent"))


def ghosting_without_ultimatum(c, as_of, total):
    return ghosting(c, as_of) and not events(c, "ultimatum_sent")


def scope_creep_with_new_contact(c, as_of, total):
    return scope_creep(c, as_of) and bool(events(c, "contact_change"))


def english(c, as_of, total):
    return c["language"] == "en"


MODERATORS = {
    f.__name__: f
    for f in (
        big_account,
        passive_income,
        strategic,
        prospect,
        former,
        protection_worked,
        team_remedies_tried,
        team_no_remedies,
        ultimatum_expired,
        ghosting_without_ultimatum,
        scope_creep_with_new_contact,
        english,
    )
}


def total_revenue_12m(document: dict) -> Decimal:
    as_of = day(document["as_of"])
    return sum((revenue_12m(c, as_of) for c in document["clients"]), Decimal(0))

"""Small portfolios written from the practice (domain.md, "How the ladder reads the record").

Each case is a whole `despedida.portfolio/1` document (read through the
same reader as `despedida assess FILE`) with what the practice says about
one of its clients. They were written from the wording of the rules and
of the practice, each with its expected judgement, before being run; they
measure the engine, they were not tuned to it. `test_practice.py` runs
them all, and `python -m tests.assessment.practice` prints the score.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

AS_OF = dt.date(2026, 6, 30)
KEPT = ("keep", "protect", "repair")


def d(days_ago: int) -> str:
    return (AS_OF - dt.timedelta(days=days_ago)).isoformat()


def at(days_ago: int, hour: int = 10) -> str:
    return f"{d(days_ago)}T{hour:02d}:00:00+02:00"


def paid_invoices(
    prefix: str = "F",
    count: int = 8,
    amount: str = "800.00",
    late: tuple[int, ...] = (),
    start: int = 330,
    step: int = 30,
    reminders: bool = True,
):
    """`count` monthly invoices; those whose index is in `late` paid 25 days late after a reminder."""
    invoices = []
    for n in range(count):
        due = start - n * step
        slow = n in late
        paid = due - 25 if slow else due
        invoices.append(
            {
                "id": f"{prefix}-{n + 1}",
                "issued_on": d(due + 30),
                "due_on": d(due),
                "amount": amount,
                "currency": "EUR",
                "payments": [{"on": d(paid), "amount": amount}],
                "reminders": [d(due - 3)] if slow and reminders else [],
            }
        )
    return invoices


def work(hours: str = "120", days_ago: int = 60, project: str | None = None):
    entry: dict[str, Any] = {"on": d(days_ago), "hours": hours, "kind": "work"}
    if project:
        entry["project"] = project
    return [entry]


def contract(**fields):
    values = {"signed_on": d(500), "scope_defined": True, "notice_days": 30}
    values.update(fields)
    return values


def hourly_project(due_in: int = 21, status: str = "active"):
    return [
        {
            "id": "p1",
            "name": "Web",
            "status": status,
            "started_on": d(400),
            "fee_type": "hourly",
            "milestones": [{"name": "Fase en curso", "due_on": d(-due_in)}],
        }
    ]


def active(id: str, **fields):
    record = {
        "id": id,
        "name": id.replace("-", " ").title(),
        "stage": "active",
        "contract": contract(),
        "projects": hourly_project(),
        "invoices": paid_invoices(),
        "time": work(),
        "messages": [],
        "events": [],
    }
    record.update(fields)
    return record


def filler(count: int = 3):
    """Other healthy clients, so that the client judged is a small share of revenue."""
    return [
        active(f"otro-{n}", invoices=paid_invoices(f"O{n}", amount="2000.00"), time=work("300")) for n in range(count)
    ]


def portfolio(*clients, language: str = "es", filler_clients: int = 3):
    return {
        "format": "despedida.portfolio/1",
        "as_of": AS_OF.isoformat(),
        "business": {
            "name": "Estudio Prueba",
            "currency": "EUR",
            "language": language,
            "timezone": "Europe/Madrid",
            "target_hourly_rate": "40.00",
        },
        "clients": list(clients) + filler(filler_clients),
    }


@dataclass(frozen=True)
class Case:
    name: str
    rule: str
    document: dict
    client: str
    recommendation: tuple[str, ...]
    signals: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    exit_within_days: int | None = None
    exit_on: str | None = None
    note: str | None = None
    evidence: tuple[tuple[str, str], ...] = ()
    summary: str | None = None
    extra: dict = field(default_factory=dict)


def scope_events(refused: bool):
    events = [
        {"on": d(80), "type": "scope_change", "priced": False},
        {"on": d(50), "type": "scope_change", "priced": False},
    ]
    if refused:
        events.append({"on": d(20), "type": "change_order_refused"})
    return events


def late_then_protected(clause: str, late_after: int):
    """Six invoices paid late, then `clause` added 200 days ago, then six more (the first `late_after` late)."""
    before = paid_invoices("A", 6, late=tuple(range(6)), start=420)
    after = paid_invoices("B", 6, late=tuple(range(late_after)), start=170, step=28)
    return active(
        "tardona-" + clause.replace("_", "-"),
        invoices=before + after,
        events=[{"on": d(200), "type": "terms_changed", "clause": clause}],
    )


def thread_messages(threaded: bool):
    if threaded:
        return [
            {
                "at": at(30),
                "direction": "out",
                "subject": "Textos de la home",
                "needs_reply": True,
                "message_id": "q1@estudio",
            },
            {
                "at": at(26),
                "direction": "out",
                "subject": "Factura de mayo",
                "needs_reply": True,
                "message_id": "f1@estudio",
            },
            {
                "at": at(22),
                "direction": "in",
                "subject": "Re: Factura de mayo",
                "message_id": "r1@cliente",
                "in_reply_to": "f1@estudio",
            },
        ]
    return [
        {"at": at(30), "direction": "out", "subject": "Textos de la home", "needs_reply": True},
        {"at": at(22), "direction": "in", "subject": "Re: Textos de la home"},
    ]


def fixed_project(fee: str, delivered: int, of: int = 4):
    stones = []
    for n in range(of):
        stone = {"name": f"Hito {n + 1}", "due_on": d(150 - 40 * n)}
        if n < delivered:
            stone["delivered_on"] = d(150 - 40 * n)
            stone["approved_on"] = d(148 - 40 * n)
        stones.append(stone)
    return [
        {
            "id": "fx",
            "name": "Rediseño",
            "status": "active",
            "started_on": d(200),
            "fee_type": "fixed",
            "fee": fee,
            "milestones": stones,
        }
    ]


def deposit_invoice(amount: str):
    return [
        {
            "id": "D-1",
            "project": "fx",
            "issued_on": d(195),
            "due_on": d(185),
            "amount": amount,
            "currency": "EUR",
            "payments": [{"on": d(185), "amount": amount}],
        }
    ]


CASES = [
    Case(
        "refused change order mid-project",
        "refused remedy",
        portfolio(active("cambiante", events=scope_events(True))),
        "cambiante",
        ("exit",),
        # After the current phase (due in 21 days), but an ordinary exit still serves the 30-day notice.
        signals=("scope_creep",),
        exit_on=d(-31),
    ),
    Case(
        "refused change order, a large account",
        "refused remedy",
        portfolio(
            active("grande", events=scope_events(True), invoices=paid_invoices(amount="4000.00"), time=work("500")),
            filler_clients=1,
        ),
        "grande",
        ("exit",),
        summary="ingresos",
    ),
    Case(
        "unpriced changes, nothing refused",
        "next rung",
        portfolio(active("ampliadora", events=scope_events(False))),
        "ampliadora",
        KEPT,
        actions=("talk",),
    ),
    Case(
        "late fee added, paid on time since",
        "remedy worked",
        portfolio(late_then_protected("late_fee", 0), language="en"),
        "tardona-late-fee",
        ("keep",),
        evidence=(("late_payment", "worked"),),
    ),
    Case(
        "invoicing in advance added, paid on time since",
        "remedy worked",
        portfolio(late_then_protected("invoice_in_advance", 0)),
        "tardona-invoice-in-advance",
        ("keep",),
        evidence=(("late_payment", "funcionó"),),
    ),
    Case(
        "deposit required since, still late",
        "remedy worked (not)",
        portfolio(late_then_protected("deposit", 4)),
        "tardona-deposit",
        ("protect", "repair", "exit"),
        signals=("late_payment",),
    ),
    Case(
        "late payer with no protection yet",
        "next rung",
        portfolio(active("lenta", invoices=paid_invoices(late=(1, 3, 5, 7)))),
        "lenta",
        ("protect",),
        actions=("propose_terms",),
    ),
    Case(
        "ethics concern under a 30-day notice",
        "walking away",
        portfolio(
            active(
                "turbia",
                contract=contract(notice_days=30),
                projects=hourly_project(due_in=60),
                events=[{"on": d(2), "type": "ethics_concern", "kind": "uncomfortable"}],
            )
        ),
        "turbia",
        ("walk_away",),
        exit_within_days=7,
        actions=("walk_away",),
    ),
    Case(
        "illegal request from a prospect",
        "walking away",
        portfolio(
            {
                "id": "pros-ilegal",
                "name": "Pros Ilegal",
                "stage": "prospect",
                "events": [{"on": d(3), "type": "ethics_concern", "kind": "illegal"}],
            }
        ),
        "pros-ilegal",
        ("decline",),
    ),
    Case(
        "unsigned prospect asked for a deposit",
        "deposit refused only when said",
        portfolio(
            {
                "id": "pros-abierto",
                "name": "Pros Abierto",
                "stage": "prospect",
                "contract": {"scope_defined": True, "deposit_requested": True},
                "projects": [
                    {"id": "n", "name": "Nueva web", "status": "proposed", "started_on": d(5), "fee": "6000.00"}
                ],
            }
        ),
        "pros-abierto",
        ("keep",),
        absent=("deposit_refused",),
        note="pregunta abierta",
    ),
    Case(
        "prospect that says no to a deposit",
        "deposit refused only when said",
        portfolio(
            {
                "id": "pros-no",
                "name": "Pros No",
                "stage": "prospect",
                "contract": {"scope_defined": True, "deposit_requested": True},
                "events": [{"on": d(4), "type": "deposit_refused"}],
            }
        ),
        "pros-no",
        ("decline",),
    ),
    Case(
        "prospect whose work started without the deposit",
        "deposit refused only when said",
        portfolio(
            {
                "id": "pros-empezado",
                "name": "Pros Empezado",
                "stage": "prospect",
                "contract": {"signed_on": d(20), "scope_defined": True, "deposit_requested": True},
                "projects": [{"id": "n", "name": "Nueva web", "status": "active", "started_on": d(15)}],
            }
        ),
        "pros-empezado",
        ("decline",),
        signals=("deposit_refused",),
    ),
    Case(
        "first minor team incident",
        "next rung",
        portfolio(
            active("brusca", events=[{"on": d(6), "type": "team_mistreatment", "severity": "minor"}]), language="en"
        ),
        "brusca",
        ("keep",),
        actions=("talk",),
    ),
    Case(
        "mistreatment after a talk and a new team",
        "ladder exhausted",
        portfolio(
            active(
                "abusona",
                events=[
                    {"on": d(120), "type": "team_mistreatment", "severity": "serious"},
                    {"on": d(100), "type": "conversation", "topic": "trato al equipo"},
                    {"on": d(80), "type": "team_mistreatment", "severity": "minor"},
                    {"on": d(60), "type": "team_reassigned"},
                    {"on": d(15), "type": "team_mistreatment", "severity": "serious"},
                ],
            )
        ),
        "abusona",
        ("exit",),
    ),
    Case(
        "three rate renegotiations below target",
        "haggling below target",
        portfolio(
            active(
                "regatera",
                time=work("220"),
                events=[
                    {"on": d(150), "type": "rate_renegotiation"},
                    {"on": d(90), "type": "rate_renegotiation"},
                    {"on": d(30), "type": "rate_renegotiation"},
                ],
            )
        ),
        "regatera",
        ("exit",),
        signals=("haggling", "low_profitability"),
    ),
    Case(
        "three rate renegotiations on well-paid work",
        "haggling below target (not)",
        portfolio(
            active(
                "regatera-rica",
                time=work("100"),
                events=[
                    {"on": d(150), "type": "rate_renegotiation"},
                    {"on": d(90), "type": "rate_renegotiation"},
                    {"on": d(30), "type": "rate_renegotiation"},
                ],
            )
        ),
        "regatera-rica",
        KEPT,
        actions=("talk",),
    ),
    Case(
        "a client of three weeks paying little so far",
        "profitability history",
        portfolio(
            active(
                "novata",
                contract=contract(signed_on=d(21)),
                projects=[{"id": "p1", "name": "Web", "status": "active", "started_on": d(21), "fee_type": "hourly"}],
                invoices=[{"id": "N-1", "issued_on": d(7), "due_on": d(-23), "amount": "300.00", "currency": "EUR"}],
                time=work("40", 10),
            )
        ),
        "novata",
        ("keep",),
        absent=("low_profitability",),
        note="pronto para juzgar",
    ),
    Case(
        "fixed fee half delivered, little invoiced",
        "profitability history",
        portfolio(
            active(
                "cerrada",
                projects=fixed_project("10000.00", 2),
                invoices=deposit_invoice("1000.00"),
                time=work("110", 30, "fx"),
            )
        ),
        "cerrada",
        ("keep",),
        absent=("low_profitability",),
    ),
    Case(
        "fixed fee with nothing delivered yet",
        "profitability history",
        portfolio(
            active(
                "arranque",
                projects=fixed_project("9000.00", 0),
                invoices=deposit_invoice("900.00"),
                time=work("90", 30, "fx"),
            )
        ),
        "arranque",
        ("keep",),
        absent=("low_profitability",),
        note="pronto para juzgar",
    ),
    Case(
        "question unanswered while the client replies in another thread",
        "threads",
        portfolio(active("hilos", messages=thread_messages(True))),
        "hilos",
        KEPT,
        signals=("ghosting",),
    ),
    Case(
        "a reply without headers answers the question",
        "threads",
        portfolio(active("sin-hilos", messages=thread_messages(False))),
        "sin-hilos",
        ("keep",),
        absent=("ghosting",),
    ),
    Case(
        "ultimatum expired with no reply",
        "silence protocol",
        portfolio(
            active(
                "fantasma",
                messages=[
                    {"at": at(40), "direction": "out", "subject": "¿Seguimos?", "needs_reply": True},
                    {"at": at(30), "direction": "out", "subject": "¿Todo bien?"},
                ],
                events=[{"on": d(20), "type": "ultimatum_sent", "deadline": d(10)}],
            )
        ),
        "fantasma",
        ("exit",),
    ),
    Case(
        "refused deposit with invoicing already in advance",
        "refused remedy",
        portfolio(
            active(
                "sin-anticipo",
                events=[
                    {"on": d(200), "type": "terms_changed", "clause": "invoice_in_advance"},
                    {"on": d(20), "type": "deposit_refused"},
                ],
            )
        ),
        "sin-anticipo",
        ("exit",),
    ),
    Case(
        "a healthy client",
        "keep",
        portfolio(active("sana")),
        "sana",
        ("keep",),
        absent=("late_payment", "low_profitability", "scope_creep"),
    ),
]


def judge(case: Case) -> list[str]:
    """What the engine got wrong about `case` against the practice (empty: judged as the practice says)."""
    from despedida.core.assessment.engine import assess_portfolio
    from despedida.core.portfolio.reader import load_document

    portfolio_ = load_document(case.document)
    result = next(c for c in assess_portfolio(portfolio_).clients if c.id == case.client)
    problems = []
    if str(result.recommendation) not in case.recommendation:
        problems.append(f"recommendation {result.recommendation}, expected one of {case.recommendation}")
    codes = {s.code for s in result.signals}
    problems += [f"no {code} signal" for code in case.signals if code not in codes]
    problems += [f"unexpected {code} signal" for code in case.absent if code in codes]
    actions = {a.action for a in result.next_actions}
    problems += [f"no {action} action" for action in case.actions if action not in actions]
    if case.exit_within_days is not None:
        if result.exit is None or (result.exit.earliest_on - AS_OF).days > case.exit_within_days:
            problems.append(f"exit not within {case.exit_within_days} days: {result.exit}")
    if case.exit_on is not None and (result.exit is None or result.exit.earliest_on.isoformat() != case.exit_on):
        problems.append(f"exit on {result.exit and result.exit.earliest_on}, expected {case.exit_on}")
    if case.note is not None and not any(case.note in note for note in result.notes):
        problems.append(f"no note saying {case.note!r}: {result.notes}")
    for code, text in case.evidence:
        signal = result.signal(code)
        if signal is None or text not in signal.evidence:
            problems.append(f"{code} evidence lacks {text!r}")
    if case.summary is not None and case.summary not in result.summary:
        problems.append(f"summary lacks {case.summary!r}: {result.summary}")
    return problems


def main() -> int:
    right = 0
    for case in CASES:
        problems = judge(case)
        right += not problems
        print(
            f"{'ok  ' if not problems else 'MISS'} [{case.rule}] {case.name}"
            + ("" if not problems else ": " + "; ".join(problems))
        )
    print(f"{right} of {len(CASES)} judged as the practice says")
    return 0 if right == len(CASES) else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Named clients of one small studio, as a portfolio document, for letter tests.

- acme: mid-job on «Tienda online», one invoice overdue since 1 June 2026,
  a message waiting for an answer, an ultimatum whose deadline has passed,
  the scope changed three times without a price;
- bloom: an English-speaking client, two overdue invoices (one paid in
  part), the first due on 10 June 2025, so a demand crosses half-years;
- cobalt: a prospect who refused a deposit, owes nothing;
- dune: a former client, everything paid.
"""

from __future__ import annotations

import copy
import datetime as dt

from despedida.core.portfolio.reader import load_document

AS_OF = dt.date(2026, 6, 20)

DOCUMENT = {
    "format": "despedida.portfolio/1",
    "as_of": AS_OF.isoformat(),
    "business": {
        "name": "Estudio Norte",
        "currency": "EUR",
        "language": "es",
        "timezone": "Europe/Madrid",
        "payment_terms_days": 15,
    },
    "clients": [
        {
            "id": "acme",
            "name": "Acme Retail SL",
            "language": "es",
            "contact": {"name": "Laura Gómez", "email": "laura@acme.example"},
            "contract": {"signed_on": "2025-02-01", "scope_defined": True, "notice_days": 30},
            "projects": [
                {
                    "id": "web",
                    "name": "Tienda online",
                    "status": "active",
                    "started_on": "2025-02-05",
                    "fee_type": "fixed",
                    "fee": "8000.00",
                    "milestones": [
                        {"name": "Diseño", "due_on": "2025-03-01", "delivered_on": "2025-03-01"},
                        {"name": "Desarrollo", "due_on": "2026-07-31", "delivered_on": None},
                    ],
                }
            ],
            "invoices": [
                {
                    "id": "F-2025-014",
                    "project": "web",
                    "issued_on": "2025-03-02",
                    "due_on": "2025-04-01",
                    "amount": "2400.00",
                    "payments": [{"on": "2025-04-20", "amount": "2400.00"}],
                },
                {
                    "id": "F-2026-031",
                    "project": "web",
                    "issued_on": "2026-05-02",
                    "due_on": "2026-06-01",
                    "amount": "1850.00",
                },
            ],
            "messages": [
                {
                    "at": "2026-05-20T10:00:00+02:00",
                    "direction": "out",
                    "subject": "Entrega desarrollo",
                    "needs_reply": True,
                },
                {"at": "2026-05-28T10:00:00+02:00", "direction": "out", "subject": "¿Todo bien?"},
            ],
            "events": [
                {"on": "2025-09-15", "type": "scope_change", "project": "web", "priced": False},
                {"on": "2025-12-01", "type": "scope_change", "project": "web", "priced": False},
                {"on": "2026-02-10", "type": "scope_change", "project": "web", "priced": False},
                {"on": "2026-06-05", "type": "ultimatum_sent", "deadline": "2026-06-12"},
            ],
        },
        {
            "id": "bloom",
            "name": "Bloom Media Ltd",
            "language": "en",
            "contact": {"name": "Sam Carter"},
            "projects": [
                {
                    "id": "brand",
                    "name": "Brand refresh",
                    "status": "active",
                    "fee_type": "hourly",
                    "fee": "50.00",
                    "started_on": "2025-01-10",
                }
            ],
            "invoices": [
                {
                    "id": "B-101",
                    "project": "brand",
                    "issued_on": "2025-05-10",
                    "due_on": "2025-06-10",
                    "amount": "1000.00",
                },
                {
                    "id": "B-102",
                    "project": "brand",
                    "issued_on": "2026-04-01",
                    "due_on": "2026-05-01",
                    "amount": "600.00",
                    "payments": [{"on": "2026-05-11", "amount": "200.00"}],
                },
            ],
        },
        {
            "id": "cobalt",
            "name": "Cobalt Foods SA",
            "stage": "prospect",
            "language": "es",
            "contact": {"name": "Marta Ruiz"},
            "projects": [{"id": "app", "name": "App de pedidos", "status": "proposed"}],
            "events": [{"on": "2026-06-01", "type": "deposit_refused"}],
        },
        {
            "id": "dune",
            "name": "Dune Travel",
            "stage": "former",
            "projects": [
                {
                    "id": "site",
                    "name": "Web de viajes",
                    "status": "done",
                    "fee_type": "fixed",
                    "fee": "3000.00",
                    "milestones": [{"name": "Web", "due_on": "2024-05-01", "delivered_on": "2024-05-01"}],
                }
            ],
            "invoices": [
                {
                    "id": "D-1",
                    "project": "site",
                    "issued_on": "2024-05-01",
                    "due_on": "2024-05-16",
                    "amount": "3000.00",
                    "payments": [{"on": "2024-05-10", "amount": "3000.00"}],
                }
            ],
        },
    ],
}


def document() -> dict:
    return copy.deepcopy(DOCUMENT)


def portfolio(doc: dict | None = None):
    return load_document(doc or document())

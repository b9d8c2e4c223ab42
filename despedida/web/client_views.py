"""The client page: the verdict and its reasons, the remedies, the record, quick logging."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from despedida.accounts.scoping import get_scoped_or_404
from despedida.assessment.models import Assessment, Severity
from despedida.assessment.stored import recompute_client
from despedida.clients import models as db
from despedida.exits.clauses import catalogue, contract_checklist
from despedida.mailbox.models import ClientAddress
from despedida.portability.exporter import load_client
from despedida.web.forms import QUICK_FORMS
from despedida.web.labels import action_label, signal_label
from despedida.web.remedies import remedy_link

TIMELINE_LIMIT = 120

# For the quick event form: which event types each typed field belongs to,
# so the page shows only the fields of the type chosen (static/despedida/forms.js).
EVENT_FIELD_TYPES = {
    name: " ".join(sorted(str(t) for t, names in db.EVENT_FIELDS.items() if name in names))
    for name in db.NULLABLE_TYPED_FIELDS + ("priced", "after_contract", "core")
}


def client_page(request, key: str, forms: dict | None = None, status: int = 200):
    client = get_scoped_or_404(request, db.Client, key=key)
    assessment = _fresh_assessment(client)
    data = assessment.data if assessment else {}
    signals = [
        {
            **signal,
            "label": signal_label(signal["code"]),
            "severity_label": dict(Severity.choices).get(signal["severity"], signal["severity"]),
            "remedies": [
                {"code": code, "label": action_label(code), "link": remedy_link(client, code)}
                for code in signal.get("remedies", [])
            ],
        }
        for signal in data.get("signals", [])
    ]
    next_actions = [
        {**action, "label": action_label(action["action"]), "due_on": dt.date.fromisoformat(action["due_on"])}
        for action in data.get("next_actions", [])
    ]
    forms = forms or {}
    quick_forms = [
        (name, label, forms.get(name) or form_class(client=client, prefix=name, initial=_initial(name, request)))
        for name, (form_class, label) in QUICK_FORMS.items()
    ]
    record = load_client(client)
    language = (get_language() or "es")[:2]
    labels = {p.id: p.label(language) for p in catalogue().protections}
    checklist = [(labels[s.protection], s.in_place) for s in contract_checklist(record.contract, record.events)]
    return render(
        request,
        "web/client.html",
        {
            "client": client,
            "assessment": assessment,
            "data": data,
            "summary": _without_verdict(assessment),
            "hours_chasing": Decimal(data["value"]["hours_chasing"]) if data.get("value", {}).get("hours_chasing") else None,
            "signals": signals,
            "next_actions": next_actions,
            "exit": data.get("exit"),
            "timeline": timeline(client),
            "projects": db.Project.objects.filter(client=client).prefetch_related("milestones"),
            "checklist": checklist,
            "quick_forms": quick_forms,
            "open_form": next(iter(forms), ""),
            "event_field_types": EVENT_FIELD_TYPES,
            "mail_addresses": ClientAddress.objects.filter(client=client),
        },
        status=status,
    )


def _without_verdict(assessment: Assessment | None) -> str:
    """The summary without its leading "Verdict:", which the badge beside it already shows."""
    if assessment is None:
        return ""
    head, sep, rest = assessment.summary.partition(": ")
    if sep and rest and len(head.split()) <= 4:
        return rest[:1].upper() + rest[1:]
    return assessment.summary


def _fresh_assessment(client: db.Client) -> Assessment | None:
    assessment = Assessment.objects.filter(client=client).first()
    if assessment is None or assessment.stale:
        assessment = recompute_client(client)
    return assessment


def _initial(name: str, request) -> dict:
    now = timezone.localtime()
    if name == "message":
        return {"at": now.strftime("%Y-%m-%dT%H:%M"), "direction": db.Direction.IN}
    initial = {"on": now.date().isoformat(), "issued_on": now.date().isoformat()}
    if name == "event" and request.GET.get("event") in db.EventType.values:
        initial["type"] = request.GET["event"]
    return initial


@require_POST
def log_record(request, key: str, form_name: str):
    client = get_scoped_or_404(request, db.Client, key=key)
    if form_name not in QUICK_FORMS:
        raise Http404
    form_class, _label = QUICK_FORMS[form_name]
    form = form_class(request.POST, client=client, prefix=form_name)
    if not form.is_valid():
        return client_page(request, key, forms={form_name: form}, status=400)
    with transaction.atomic():
        form.save()
        recompute_client(client)
    messages.success(request, _("Saved. The assessment is up to date."))
    return redirect("web:client", key=client.key)


def timeline(client: db.Client) -> list[dict]:
    """Messages, invoices, payments and events, newest first: the paper trail."""
    items: list[dict] = []
    messages = list(db.Message.objects.filter(client=client).order_by("-at")[:TIMELINE_LIMIT])
    # A reply shows the subject of the message it answers (mail threads: In-Reply-To).
    subjects = {m.message_id: m.subject or "" for m in messages if m.message_id}
    for m in messages:
        items.append({"on": timezone.localtime(m.at).date(), "at": m.at, "kind": "message", "row": m,
                      "replies_to": subjects.get(m.in_reply_to) if m.in_reply_to else None})
    for i in db.Invoice.objects.filter(client=client).exclude(issued_on=None).order_by("-issued_on")[:TIMELINE_LIMIT]:
        items.append({"on": i.issued_on, "kind": "invoice", "row": i})
    for p in db.Payment.objects.filter(client=client).select_related("invoice").order_by("-on")[:TIMELINE_LIMIT]:
        items.append({"on": p.on, "kind": "payment", "row": p})
    for e in db.Event.objects.filter(client=client).order_by("-on")[:TIMELINE_LIMIT]:
        items.append({"on": e.on, "kind": "event", "row": e})
    items.sort(key=lambda item: item["on"], reverse=True)
    return items[:TIMELINE_LIMIT]

"""The client page: the verdict and its reasons, the remedies, the record, quick logging."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from despedida.accounts import clock
from despedida.accounts.language import ui_language
from despedida.accounts.scoping import get_scoped_or_404
from despedida.assessment.labels import action_label, signal_label
from despedida.assessment.models import Assessment, Severity
from despedida.assessment.stored import recompute_client
from despedida.clients import models as db
from despedida.clients.record import load_client
from despedida.core.assessment.phrases import render_phrases
from despedida.core.lessons.clauses import catalogue, contract_checklist
from despedida.mailbox.models import ClientAddress
from despedida.web.forms import QUICK_FORMS
from despedida.web.fragments import (
    NOW_PLACEHOLDER,
    PLACEHOLDER,
    cached_html,
    cached_value,
    client_stamp,
    rendering_for_cache,
)
from despedida.web.page_cache import cached_page
from despedida.web.remedies import remedy_action
from despedida.web.timeline_views import describe
from despedida.web.undo import pending_undo

TIMELINE_PAGE = 120

# For the quick event form: which event types each typed field belongs to,
# so the page shows only the fields of the type chosen (static/despedida/forms.js).
EVENT_FIELD_TYPES = {
    name: " ".join(sorted(str(t) for t, names in db.EVENT_FIELDS.items() if name in names))
    for name in db.NULLABLE_TYPED_FIELDS + ("priced", "after_contract", "core")
}


def client_page(request, key: str, forms: dict | None = None, status: int = 200):
    try:
        return _client_page(request, key, forms, status)
    except db.Client.DoesNotExist:
        # An import replaced this client while the page was being put together: once more, on the new row.
        return _client_page(request, key, forms, status)


def _client_page(request, key: str, forms: dict | None, status: int):
    client = get_scoped_or_404(request, db.Client, key=key)
    client.workspace = request.workspace  # already read with the membership
    loaded: list = []

    def record():
        """The client's record, read at most once: only a stale assessment or an unrendered checklist needs it."""
        if not loaded:
            loaded.append(load_client(client))
        return loaded[0]

    assessment = _fresh_assessment(client, record)
    language = ui_language()
    forms = forms or {}
    # The timeline, the forms and the checklist are the costly parts: kept rendered until something changes.
    stamp = client_stamp(client, language, assessment.computed_at if assessment else None)
    pages = _timeline_pages(request)

    def render_timeline(token: str) -> str:
        entries, more = timeline(client, TIMELINE_PAGE * pages)
        return render_to_string(
            "web/_timeline.html",
            {
                "client": client,
                "timeline": entries,
                "timeline_more": more,
                "timeline_next": pages + 1,
                "csrf_token": token,
            },
            request,
        )

    def render_forms(token: str, at: str | None = None) -> str:
        quick_forms = [
            (
                name,
                label,
                forms.get(name) or form_class(client=client, prefix=name, initial=_initial(name, request, at=at)),
            )
            for name, (form_class, label) in QUICK_FORMS.items()
        ]
        return render_to_string(
            "web/_quick_forms.html",
            {
                "client": client,
                "quick_forms": quick_forms,
                "open_form": next(iter(forms), ""),
                "event_field_types": EVENT_FIELD_TYPES,
                "csrf_token": token,
            },
            request,
        )

    def checklist() -> list:
        labels = {p.id: p.label(language) for p in catalogue().protections}
        return [(labels[s.protection], s.in_place) for s in contract_checklist(record().contract, record().events)]

    now = clock.local_now(request.workspace)
    fill = {NOW_PLACEHOLDER: now.strftime("%Y-%m-%dT%H:%M")}
    undo = _undo_offer(request, client)

    def render_page() -> HttpResponse:
        data = worded(assessment.data, language) if assessment else {}
        signals = [
            {
                **signal,
                "label": signal_label(signal["code"]),
                "severity_label": dict(Severity.choices).get(signal["severity"], signal["severity"]),
                "remedies": [
                    {"code": code, "label": action_label(code), **remedy_action(client, code)}
                    for code in signal.get("remedies", [])
                ],
            }
            for signal in data.get("signals", [])
        ]
        next_actions = [
            {**action, "label": action_label(action["action"]), "due_on": dt.date.fromisoformat(action["due_on"])}
            for action in data.get("next_actions", [])
        ]
        timeline_html = cached_html(request, f"client-timeline:{stamp}:{pages}", render_timeline)
        if forms:  # a form with errors is shown as it was sent, never cached
            quick_forms_html = mark_safe(render_forms(get_token(request)))
        else:
            # Kept for the day; the message form's time (now, to the minute) is put in on the way out.
            quick_forms_html = cached_html(
                request,
                f"client-forms:{stamp}:{now.date().isoformat()}:{_initial_event(request)}",
                lambda token: render_forms(token, at=NOW_PLACEHOLDER),
                fill=fill,
            )
        return render(
            request,
            "web/client.html",
            {
                "client": client,
                "assessment": assessment,
                "data": data,
                "summary": _without_verdict(render_phrases(assessment.summary, language) if assessment else ""),
                "hours_chasing": Decimal(data["value"]["hours_chasing"])
                if data.get("value", {}).get("hours_chasing")
                else None,
                "signals": signals,
                "next_actions": next_actions,
                "exit": data.get("exit"),
                "exit_on": dt.date.fromisoformat(data["exit"]["earliest_on"])
                if (data.get("exit") or {}).get("earliest_on")
                else None,
                "timeline_html": timeline_html,
                "undo": undo,
                "projects_html": cached_html(
                    request,
                    f"client-projects:{stamp}",
                    lambda token: render_to_string(
                        "web/_projects.html",
                        {
                            "client": client,
                            "projects": db.Project.objects.filter(client=client).prefetch_related("milestones"),
                        },
                    ),
                ),
                "checklist": cached_value(f"client-checklist:{stamp}", checklist),
                "quick_forms_html": quick_forms_html,
                "mail_addresses": ClientAddress.objects.filter(client=client),
                **({"csrf_token": PLACEHOLDER} if rendering_for_cache(request) else {}),
            },
            status=status,
        )

    if forms or undo or status != 200:  # a form with errors, an offer to undo: this session's page only
        return render_page()
    # The whole page, for everyone in the workspace who sees the same menu (see page_cache).
    page_stamp = f"{stamp}:{now.date().isoformat()}"
    return cached_page(request, "client", page_stamp, render_page, fill=fill)


def _undo_offer(request, client) -> dict | None:
    entry = pending_undo(request, client.pk)
    return {"token": entry["token"], "label": describe(entry["facts"])} if entry else None


def _timeline_pages(request) -> int:
    """How many pages of the timeline to show: one more each time "show older" is followed."""
    try:
        pages = int(request.GET.get("timeline", "1"))
    except ValueError:
        pages = 1
    return min(max(pages, 1), 50)


def _without_verdict(summary: str) -> str:
    """The summary without its leading "Verdict:", which the badge beside it already shows."""
    head, sep, rest = summary.partition(": ")
    if sep and rest and len(head.split()) <= 4:
        return rest[:1].upper() + rest[1:]
    return summary


def worded(value, language: str):
    """The stored assessment with every recorded phrase worded in `language`."""
    if isinstance(value, str):
        return render_phrases(value, language)
    if isinstance(value, list):
        return [worded(item, language) for item in value]
    if isinstance(value, dict):
        return {key: worded(item, language) for key, item in value.items()}
    return value


def _fresh_assessment(client: db.Client, record) -> Assessment | None:
    """The stored assessment, recomputed first if stale (from `record()`, the record read once)."""
    assessment = Assessment.objects.filter(client=client).first()
    if assessment is None or assessment.stale:
        assessment = recompute_client(client, record=record())
    return assessment


def _initial_event(request) -> str:
    event = request.GET.get("event", "")
    return event if event in db.EventType.values else ""


def _initial(name: str, request, at: str | None = None) -> dict:
    now = clock.local_now(request.workspace)
    if name == "message":
        return {"at": at or now.strftime("%Y-%m-%dT%H:%M"), "direction": db.Direction.IN}
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
    try:
        with transaction.atomic():
            # Inside the write: an import that replaced this client meanwhile has removed this row.
            if db.Client.objects.select_for_update().filter(pk=client.pk).first() is None:
                raise db.Client.DoesNotExist
            form.save()
            recompute_client(client)
    except db.Client.DoesNotExist:
        messages.error(
            request,
            _(
                "This client's record was replaced by an import while you were writing; nothing was saved. "
                "Check the record and log it again."
            ),
        )
        return redirect("web:client", key=client.key)
    messages.success(request, _("Saved. The assessment is up to date."))
    return redirect("web:client", key=client.key)


@require_GET
def dossier(request, key: str):
    """The client's dossier: a ZIP (PDF, sent letters as .eml, the record as a portfolio file), or the PDF alone."""
    from despedida.documents.dossier import dossier_pdf, dossier_zip

    client = get_scoped_or_404(request, db.Client, key=key)
    if request.GET.get("format") == "pdf":
        response = HttpResponse(dossier_pdf(client, ui_language()), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="dossier-{client.key}.pdf"'
    else:
        response = HttpResponse(dossier_zip(client, ui_language()), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="dossier-{client.key}.zip"'
    return response


def timeline(client: db.Client, limit: int = TIMELINE_PAGE) -> tuple[list[dict], bool]:
    """Messages, invoices, payments, hours and events, newest first: the paper trail.

    Returns the newest `limit` entries, and whether there are older ones.
    """
    items: list[dict] = []
    take = limit + 1
    messages = list(db.Message.objects.filter(client=client).order_by("-at")[:take])
    # A reply shows the subject of the message it answers (mail threads: In-Reply-To).
    subjects = {m.message_id: m.subject or "" for m in messages if m.message_id}
    for m in messages:
        items.append(
            {
                "on": clock.local_now(client.workspace, m.at).date(),
                "at": m.at,
                "kind": "message",
                "row": m,
                "replies_to": subjects.get(m.in_reply_to) if m.in_reply_to else None,
            }
        )
    for i in db.Invoice.objects.filter(client=client).exclude(issued_on=None).order_by("-issued_on")[:take]:
        items.append({"on": i.issued_on, "kind": "invoice", "row": i})
    for p in db.Payment.objects.filter(client=client).select_related("invoice").order_by("-on")[:take]:
        items.append({"on": p.on, "kind": "payment", "row": p})
    for t in db.TimeEntry.objects.filter(client=client).order_by("-on")[:take]:
        items.append({"on": t.on, "kind": "time", "row": t})
    for e in db.Event.objects.filter(client=client).order_by("-on")[:take]:
        items.append({"on": e.on, "kind": "event", "row": e})
    items.sort(key=lambda item: item["on"], reverse=True)
    return items[:limit], len(items) > limit

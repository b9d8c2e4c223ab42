"""Correcting the paper trail: edit or delete an entry of the timeline, with a few seconds to undo a deletion.

Every change assesses the client again.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from despedida.accounts.scoping import get_scoped_or_404
from despedida.assessment.stored import recompute_client
from despedida.clients import models as db
from despedida.web.forms import EventForm, InvoiceForm, MessageForm, PaymentForm, TimeForm
from despedida.web.undo import delete_with_undo, undo

# What a timeline entry of each kind is, and the form that edits it.
KINDS = {
    "message": (db.Message, MessageForm),
    "invoice": (db.Invoice, InvoiceForm),
    "payment": (db.Payment, PaymentForm),
    "time": (db.TimeEntry, TimeForm),
    "event": (db.Event, EventForm),
}


def _entry(request, key: str, kind: str, pk: int):
    client = get_scoped_or_404(request, db.Client, key=key)
    if kind not in KINDS:
        raise Http404
    model, form_class = KINDS[kind]
    return client, get_scoped_or_404(request, model, pk=pk, client=client), form_class


def facts_of(kind: str, row) -> dict:
    """What names an entry (kept as values, so it is worded in whatever language is shown later)."""
    return {
        "kind": kind,
        "number": getattr(row, "number", ""),
        "subject": getattr(row, "subject", "") or "",
        "on": row.on.isoformat() if getattr(row, "on", None) else "",
    }


def describe(facts: dict) -> str:
    """A short name for an entry, in the page's language."""
    kind = facts["kind"]
    if kind == "invoice":
        return _("invoice %(number)s") % {"number": facts["number"]}
    if kind == "payment":
        return _("a payment of %(date)s") % {
            "date": formats.date_format(dt.date.fromisoformat(facts["on"]), "DATE_FORMAT")
        }
    if kind == "message":
        return _("the message «%(subject)s»") % {"subject": facts["subject"]} if facts["subject"] else _("a message")
    if kind == "time":
        return _("a time entry")
    return _("an event")


@require_http_methods(["GET", "POST"])
def entry_edit(request, key: str, kind: str, pk: int):
    client, row, form_class = _entry(request, key, kind, pk)
    form = form_class(request.POST or None, instance=row, client=client, prefix=kind)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            recompute_client(client)
        messages.success(request, _("Saved. The assessment is up to date."))
        return redirect("web:client", key=client.key)
    return render(
        request,
        "web/record_form.html",
        {
            "title": _("Edit %(what)s") % {"what": describe(facts_of(kind, row))},
            "form": form,
            "client": client,
        },
        status=400 if form.errors else 200,
    )


@require_POST
def entry_delete(request, key: str, kind: str, pk: int):
    client, row, _form = _entry(request, key, kind, pk)
    delete_with_undo(request, row, facts_of(kind, row))
    recompute_client(client)
    return redirect("web:client", key=client.key)


@require_POST
def entry_undo(request, key: str, token: str):
    client = get_scoped_or_404(request, db.Client, key=key)
    if undo(request, client.pk, token):
        recompute_client(client)
        messages.success(request, _("Put back. The assessment is up to date."))
    else:
        messages.error(request, _("Too late to undo: the deletion stands."))
    return redirect("web:client", key=client.key)

"""The pages. Every query goes through the request's workspace."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils import timezone

from despedida.clients import models as db

PAGE_SIZE = 50


def _latest(model, field: str):
    return Subquery(
        model.objects.filter(client=OuterRef("pk")).order_by(f"-{field}").values(field)[:1]
    )


def portfolio(request):
    workspace = request.workspace
    if workspace is None:
        return render(request, "web/no_workspace.html", status=200)
    today = timezone.localdate()
    year_ago = today - dt.timedelta(days=365)
    revenue = Subquery(
        db.Payment.objects.filter(client=OuterRef("pk"), on__gt=year_ago, on__lte=today)
        .values("client")
        .annotate(total=Sum("amount"))
        .values("total")[:1],
        output_field=DecimalField(max_digits=18, decimal_places=4),
    )
    clients = db.Client.objects.in_workspace(workspace).order_by("name", "pk")
    query = request.GET.get("q", "").strip()
    if query:
        clients = clients.filter(name__icontains=query)
    stage = request.GET.get("stage", "")
    if stage in db.Stage.values:
        clients = clients.filter(stage=stage)
    page = Paginator(clients, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = (
        db.Client.objects.filter(pk__in=[c.pk for c in page.object_list])
        .annotate(
            revenue_12m=Coalesce(revenue, Value(Decimal(0)), output_field=DecimalField(max_digits=18, decimal_places=4)),
            last_message=_latest(db.Message, "at"),
            last_event=_latest(db.Event, "on"),
            last_invoice=_latest(db.Invoice, "issued_on"),
            last_time=_latest(db.TimeEntry, "on"),
        )
        .order_by("name", "pk")
    )
    return render(
        request,
        "web/portfolio.html",
        {
            "page": page,
            "rows": [_with_last_activity(row) for row in rows],
            "query": query,
            "stage": stage,
            "stages": db.Stage.choices,
        },
    )


def _with_last_activity(row):
    days = [row.last_event, row.last_invoice, row.last_time]
    if row.last_message is not None:
        days.append(timezone.localdate(row.last_message))
    known = [d for d in days if d is not None]
    row.last_activity = max(known) if known else None
    return row

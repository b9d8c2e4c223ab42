"""The dashboard: clients ranked by urgency, two charts, and what is due today.

It reads stored assessments only (see `assessment.stored`); with ten
thousand clients it still runs a handful of queries over indexed columns.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language

from despedida.accounts import clock, freshness
from despedida.accounts.clock import today_for
from despedida.accounts.language import ui_language
from despedida.assessment.labels import signal_label
from despedida.assessment.models import Assessment, AssessmentSignal, Recommendation
from despedida.clients import models as db
from despedida.clients.record import thresholds_of
from despedida.clients.search import Folded, fold
from despedida.core.assessment.signals import CODES
from despedida.portability.csv_messages import announce_imports
from despedida.web.charts import Bar, Point, concentration_chart, value_risk_chart
from despedida.web.first_business import BusinessForm
from despedida.web.fragments import PLACEHOLDER, rendering_for_cache
from despedida.web.page_cache import cached_page, dashboard_stamp
from despedida.web.templatetags.money import money
from despedida.web.today import due_today

PAGE_SIZE = 50
# The columns a user can sort by, and the order each means (urgency breaks ties).
SORTS = {
    "urgency": ("-urgency", "client__name", "pk"),
    "name": ("client__name", "pk"),
    "-name": ("-client__name", "-pk"),
    "recommendation": ("-urgency", "client__name", "pk"),
    "revenue": ("-revenue_12m", "-urgency", "pk"),
    "-revenue": ("revenue_12m", "-urgency", "pk"),
    "stage": ("client__stage", "-urgency", "pk"),
}
CHART_POINTS = 300
TOP_CLIENTS = 8
CHART_CACHE_SECONDS = 3600
# Other processes (the worker) change things too; they show within this many seconds.
TODAY_CACHE_SECONDS = 60


def portfolio(request):
    workspace = request.workspace
    if workspace is None:
        return render(request, "web/no_workspace.html", {"form": BusinessForm()})
    announce_imports(request, workspace)  # what CSV imports changed since the last visit
    # The whole page is kept for a minute under a stamp that any change to a client or an assessment moves,
    # in whichever process (see page_cache); this process's other changes move the workspace's version.
    # The today list also holds letters' and plans' steps, which another process may change: it and the
    # page are both renewed at each minute's turn, so such a change shows within a minute.
    total_clients, stamp = dashboard_stamp(workspace)
    page_stamp = f"{freshness.version(workspace.pk)}:{stamp}:{today_for(workspace)}:{_minute()}"
    return cached_page(request, "dashboard", page_stamp, lambda: _portfolio(request, workspace, total_clients, stamp))


def _portfolio(request, workspace, total_clients: int, stamp: str):
    # `data` holds the whole assessment; the list never needs it.
    assessments = Assessment.objects.in_workspace(workspace).select_related("client").defer("data")
    filters = {
        "q": request.GET.get("q", "").strip(),
        "recommendation": request.GET.get("recommendation", ""),
        "signal": request.GET.get("signal", ""),
        "stage": request.GET.get("stage", ""),
    }
    sort = request.GET.get("sort", "urgency")
    if sort not in SORTS:
        sort = "urgency"
    rows = assessments
    if filters["q"]:
        rows = rows.annotate(folded_name=Folded("client__name")).filter(folded_name__contains=fold(filters["q"]))
    if filters["recommendation"] in Recommendation.values:
        rows = rows.filter(recommendation=filters["recommendation"])
    if filters["signal"] in CODES:
        rows = rows.filter(
            pk__in=AssessmentSignal.objects.in_workspace(workspace)
            .filter(code=filters["signal"])
            .values("assessment_id")
        )
    if filters["stage"] in db.Stage.values:
        rows = rows.filter(client__stage=filters["stage"])
    paginator = Paginator(rows.order_by(*SORTS[sort]), PAGE_SIZE)
    summary = _cached_summary(workspace, assessments, stamp)
    if not any(filters.values()):
        paginator.count = summary["total"]  # already counted: spare the COUNT(*) over every client
    page = paginator.get_page(request.GET.get("page"))
    query = urlencode({key: value for key, value in filters.items() if value})
    context = {
        "page": page,
        "filters": filters,
        "query": query,
        "sort": sort,
        "sort_query": urlencode({key: value for key, value in {**filters, "sort": sort}.items() if value}),
        "recommendations": Recommendation.choices,
        "signals": [(code, signal_label(code)) for code in CODES],
        "stages": db.Stage.choices,
        "total_clients": total_clients,
    }
    if rendering_for_cache(request):
        context["csrf_token"] = PLACEHOLDER
    labels = dict(Recommendation.choices)
    context["counts"] = [(code, labels[code], n) for code, n in summary["counts"]]
    # Rows change only when clients or assessments do: the table fragment is cached under their stamp.
    context["cache_stamp"] = stamp
    if request.htmx and request.htmx.target == "client-results":
        # Live search: only the results are swapped in.
        return render(request, "web/_client_results.html", context)
    if not any(filters.values()) and page.number == 1:
        context.update(_cached_charts(workspace, assessments, stamp))
        context["today"] = cached_today_list(workspace, context["cache_stamp"])
    return render(request, "web/portfolio.html", context)


def _cached_summary(workspace, assessments, stamp: str) -> dict:
    key = f"summary:{workspace.pk}:{freshness.version(workspace.pk)}:{stamp}"
    summary = cache.get(key)
    if summary is None:
        summary = _summary(assessments)
        cache.set(key, summary, timeout=TODAY_CACHE_SECONDS)
    return summary


def _summary(assessments) -> dict:
    """Clients per recommendation, in one grouped query."""
    by_code = dict(assessments.order_by().values_list("recommendation").annotate(n=Count("pk")))
    return {
        # Codes only: the labels are worded per request (a cached lazy label costs more to unpickle than to word).
        "counts": [(code, by_code[code]) for code in Recommendation.values if by_code.get(code)],
        "total": sum(by_code.values()),
    }


def _cached_charts(workspace, assessments, stamp: str) -> dict:
    """The charts change only when clients or assessments do: kept under their stamp (`dashboard_stamp`)."""
    key = f"charts:{workspace.pk}:{stamp}:{get_language()}:{workspace.currency}"
    charts = cache.get(key)
    if charts is None:
        charts = _charts(workspace, assessments)
        cache.set(key, charts, timeout=CHART_CACHE_SECONDS)
    return charts


def _charts(workspace, assessments) -> dict:
    total = assessments.count()
    if not total:
        return {}
    # The most urgent and the biggest clients: the ones a reader looks for on the chart.
    urgent = list(assessments.order_by("-urgency")[: CHART_POINTS // 2])
    biggest = list(assessments.order_by("-revenue_share")[: CHART_POINTS // 2])
    chosen = {a.pk: a for a in urgent + biggest}.values()
    points = [
        Point(
            label=a.client.name,
            value=float(a.revenue_share),
            risk=float(a.risk),
            recommendation=a.recommendation,
            href=reverse("web:client", args=[a.client.key]),
        )
        for a in chosen
    ]
    top = list(assessments.filter(revenue_12m__gt=0).order_by("-revenue_12m")[:TOP_CLIENTS])
    revenue = assessments.aggregate(total=Sum("revenue_12m"))["total"] or Decimal(0)
    bars = [
        Bar(
            label=a.client.name,
            share=float(a.revenue_12m / revenue) if revenue else 0.0,
            amount=a.revenue_12m,
            href=reverse("web:client", args=[a.client.key]),
        )
        for a in top
    ]
    others = max(0.0, 1.0 - sum(b.share for b in bars)) if revenue else 0.0
    formatted = {b.label: money(b.amount, workspace.currency) for b in bars}
    return {
        "value_risk_chart": value_risk_chart(
            points, total=total, dependency_share=thresholds_of(workspace).dependency_share
        ),
        # Plain text (the key holds the language): a cached lazy label is slow to unpickle.
        "chart_legend": [
            (code, str(label))
            for code, label in Recommendation.choices
            if any(p.recommendation == code for p in points)
        ],
        "concentration_chart": concentration_chart(bars, others_share=others, formatted=formatted) if bars else "",
    }


def _minute() -> int:
    """Which minute it is (in TODAY_CACHE_SECONDS steps): what is kept "for a minute" is renewed at its turn."""
    return int(clock.now().timestamp() // TODAY_CACHE_SECONDS)


def cached_today_list(workspace, stamp: str) -> dict:
    """The today list, kept until the minute turns; any change in the workspace made by this
    process starts a new version at once (see `accounts.freshness`)."""
    version = freshness.version(workspace.pk)
    key = f"today:{workspace.pk}:{version}:{stamp}:{get_language()}:{today_for(workspace)}:{_minute()}"
    today = cache.get(key)
    if today is None:
        today = today_list(workspace)
        cache.set(key, today, timeout=TODAY_CACHE_SECONDS)
    return today


def today_list(workspace) -> dict:
    """What needs the user today: actions due, invoices newly overdue, prospects waiting."""
    today = today_for(workspace)
    due = (
        Assessment.objects.in_workspace(workspace)
        .filter(next_action_on__lte=today)
        .exclude(next_action="")
        .select_related("client")
        .defer("data")
        .order_by("next_action_on", "-urgency")[:20]
    )
    week_ago = today - dt.timedelta(days=7)
    overdue = (
        db.Invoice.objects.in_workspace(workspace)
        .filter(due_on__gte=week_ago, due_on__lt=today)
        .annotate(paid=Sum("payments__amount"))
        .filter(Q(paid__isnull=True) | Q(paid__lt=F("amount")))
        .select_related("client")
        .order_by("due_on")[:20]
    )
    workflows = due_today(workspace, today, language=ui_language())
    return {"due": list(due), "overdue": list(overdue), "workflows": workflows, "date": today}


@login_not_required
def healthz(request):
    """For a load balancer or uptime check: the process answers. Reveals nothing."""
    return HttpResponse("ok", content_type="text/plain")

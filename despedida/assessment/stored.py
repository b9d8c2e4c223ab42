"""Stored assessments: run the engine over the store and keep its verdicts.

Pages and the dashboard read `Assessment` rows; only these functions run
the engine. The record is read a chunk of clients at a time with one query
per table (see `clients.record`), and the verdicts are stored with plain
multi-row INSERTs (`despedida.fast_insert`), never a query per client per signal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cache
from statistics import median

from django.db import transaction

from despedida.accounts import clock, freshness
from despedida.accounts.clock import today_for
from despedida.accounts.models import Workspace
from despedida.assessment.models import Assessment, AssessmentSignal
from despedida.clients.models import Client
from despedida.clients.record import business_of, iter_clients, load_client, thresholds_of
from despedida.core.assessment.engine import PortfolioContext, assess_clients, examine_client, finish
from despedida.core.assessment.phrases import deferred_phrases
from despedida.core.assessment.results import ClientAssessment
from despedida.core.collector import collector_paused
from despedida.fast_insert import Table

STORE_BATCH = 100
MAX_RISK_POINTS = 999
# The money columns below are what the dashboard sorts and adds up; the
# figures themselves are kept whole in `data`. A sum of many large invoices,
# or revenue over a few minutes of work, can exceed what a column keeps
# exactly on both databases (SQLite: 15 significant digits), so it is held
# at this ceiling rather than failing the whole recomputation.
COLUMN_CEILING = Decimal("9999999999999.99")


def _column(value: Decimal | None) -> Decimal | None:
    if value is None or abs(value) <= COLUMN_CEILING:
        return value
    return COLUMN_CEILING if value > 0 else -COLUMN_CEILING


def recompute_workspace(
    workspace: Workspace, progress: Callable[[int, int], None] | None = None, as_of: dt.date | None = None
) -> int:
    """Assess every client of the workspace and replace its stored assessments.

    Returns the number of clients assessed. `progress(done, total)` is
    called as clients are read.
    """
    as_of = as_of or today_for(workspace)
    business = business_of(workspace)
    total = Client.objects.in_workspace(workspace).count()
    ids = {key: pk for key, pk in Client.objects.in_workspace(workspace).values_list("key", "pk")}

    def counted(clients: Iterable) -> Iterable:
        for done, client in enumerate(clients, start=1):
            if progress is not None and (done % 100 == 0 or done == total):
                progress(done, total)
            yield client

    # Stored words are recorded, not worded: each viewer reads them in their own language.
    # The collector is paused while the record is read and judged (a quarter of the time).
    with deferred_phrases(), collector_paused():
        result = assess_clients(business, counted(iter_clients(workspace)), as_of, thresholds_of(workspace))
    now = clock.now()
    pairs = [(ids[a.id], a) for a in result.clients if a.id in ids]
    # Stored a batch of clients per transaction: on SQLite a web save waits for
    # the store while one is open, so none may last long. A page read meanwhile
    # sees some clients judged anew and the others as before, each one whole.
    for start in range(0, len(pairs), STORE_BATCH):
        chunk = pairs[start : start + STORE_BATCH]
        with transaction.atomic():
            # Two workers (or a worker and a page) may recompute at once: take turns.
            # ("No key": on PostgreSQL, saves of other rows of the workspace go on meanwhile.)
            Workspace.objects.select_for_update(no_key=True).filter(pk=workspace.pk).first()
            replaced = [client_id for client_id, _ in chunk]
            # And with a page saving one of these clients, or both would store an assessment
            # for it: the clients' rows first, then their assessments, the order every writer
            # of assessments keeps (see staleness.mark_stale), so that none deadlocks.
            present = set(
                Client.objects.select_for_update()
                .filter(pk__in=replaced, workspace=workspace)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            # A client an import replaced since it was read is gone (its successor is assessed
            # by that import): nothing is stored for it.
            chunk = [(client_id, assessment) for client_id, assessment in chunk if client_id in present]
            AssessmentSignal.objects.filter(assessment__client_id__in=replaced)._raw_delete(AssessmentSignal.objects.db)
            Assessment.objects.filter(client_id__in=replaced)._raw_delete(Assessment.objects.db)
            _store(workspace, chunk, as_of, now)
    return len(result.clients)


def recompute_client(client: Client, as_of: dt.date | None = None, *, record=None) -> Assessment:
    """Assess one client after its record changed.

    The portfolio's yardsticks (total revenue, median rate) come from the
    other clients' stored assessments, so one change costs one client's
    worth of work. `record` saves reading the client again when the caller already has it.
    """
    workspace = client.workspace
    as_of = as_of or today_for(workspace)
    thresholds = thresholds_of(workspace)
    business = business_of(workspace)
    with deferred_phrases():
        findings = examine_client(record or load_client(client), business, as_of, thresholds)
    others = Assessment.objects.in_workspace(workspace).exclude(client=client)
    revenue = sum(others.values_list("revenue_12m", flat=True), Decimal(0)) + findings.value.revenue_12m
    rates = [r for r in others.exclude(effective_hourly_rate=None).values_list("effective_hourly_rate", flat=True)]
    own_rate = findings.value.effective_hourly_rate
    if own_rate is not None and findings.value.hours_12m >= thresholds.min_hours_for_rate:
        rates.append(own_rate)
    context = PortfolioContext(revenue, Decimal(median(rates)).quantize(Decimal("0.01")) if rates else None)
    with deferred_phrases():
        assessment = finish(findings, context, business, as_of, thresholds)
    with transaction.atomic():
        if Client.objects.select_for_update().filter(pk=client.pk).first() is None:
            # Removed meanwhile (an import replaced it): there is nothing left to assess.
            raise Client.DoesNotExist(f"client {client.pk} is gone")
        Assessment.objects.filter(client=client).delete()
        _store(workspace, [(client.pk, assessment)], as_of, clock.now())
    return Assessment.objects.get(client=client)


def refresh_due(workspace: Workspace | None = None, limit: int = 500) -> int:
    """Recompute stale assessments and those from an earlier day; returns how many."""
    workspaces = [workspace] if workspace else Workspace.objects.all()
    done = 0
    for ws in workspaces:
        today = today_for(ws)
        missing = Client.objects.in_workspace(ws).filter(assessment__isnull=True).exists()
        old = Assessment.objects.in_workspace(ws).filter(as_of__lt=today).exists()
        if missing or old:
            done += recompute_workspace(ws, as_of=today)
            continue
        for assessment in Assessment.objects.in_workspace(ws).filter(stale=True).select_related("client")[:limit]:
            try:
                recompute_client(assessment.client, as_of=today)
            except Client.DoesNotExist:
                continue  # an import replaced it since; the import assesses the new one
            done += 1
    return done


def urgency(assessment: ClientAssessment) -> int:
    return assessment.recommendation.rank * 1000 + min(assessment.risk, MAX_RISK_POINTS)


@cache
def _tables() -> tuple[Table, Table]:
    """How assessments and their signal rows are inserted: plain multi-row INSERTs (see `fast_insert`)."""
    assessments = Table(
        Assessment,
        (),
        (
            "workspace_id",
            "client_id",
            "as_of",
            "computed_at",
            "stale",
            "recommendation",
            "urgency",
            "risk",
            "top_signal",
            "top_severity",
            "summary",
            "revenue_12m",
            "revenue_share",
            "effective_hourly_rate",
            "next_action",
            "next_action_on",
            "data",
        ),
    )
    signals = Table(AssessmentSignal, ("assessment",), ("workspace_id", "code", "severity"))
    return assessments, signals


def _store(workspace: Workspace, pairs: list[tuple[int, ClientAssessment]], as_of: dt.date, now) -> None:
    assessments, signals = _tables()
    rows, signal_rows = [], []
    for index, (client_id, assessment) in enumerate(pairs):
        top = assessment.signals[0] if assessment.signals else None
        first = min(assessment.next_actions, key=lambda a: a.due_on, default=None)
        value = assessment.value
        rows.append(
            assessments.row(
                (),
                (
                    workspace.pk,
                    client_id,
                    as_of,
                    now,
                    False,
                    str(assessment.recommendation),
                    urgency(assessment),
                    Decimal(assessment.risk),
                    top.code if top else "",
                    str(top.severity) if top else "",
                    assessment.summary,
                    _column(value.revenue_12m),
                    Decimal(str(round(assessment.revenue_share or 0, 4))),
                    _column(value.effective_hourly_rate),
                    first.action if first else "",
                    first.due_on if first else None,
                    assessment.to_json(),
                ),
            )
        )
        signal_rows.extend(
            signals.row((index,), (workspace.pk, signal.code, str(signal.severity))) for signal in assessment.signals
        )
    # The signal rows point at the assessments just inserted: their ids, matched by client.
    ids = dict(assessments.insert(rows, returning=("client_id", "id")))
    signals.insert(signal_rows, ([ids[client_id] for client_id, _ in pairs],))
    # Plain INSERTs send no signals: say ourselves that the workspace changed.
    transaction.on_commit(lambda: freshness.bump(workspace.pk))


def refresh_job(now) -> int:
    """The worker's job: keep every workspace's assessments current (see despedida/jobs.py)."""
    return refresh_due()

"""The assessment engine: a client's record in, a judgement out.

It works in two phases because two yardsticks belong to the whole
portfolio: a client's share of revenue (dependency) and, when the business
sets no target rate, the portfolio's median effective rate.

1. `examine_client` reads one client: value, signals, silence state, exit
   date, notes. Its `ClientFindings` hold no reference to the record, so a
   streamed file can drop each client once examined.
2. `finish` takes the findings and the `PortfolioContext` (total revenue,
   median rate) and adds profitability, the moderators, the
   recommendation, the summary and the next actions.

`assess_client` runs both for one client given the portfolio's revenue;
`assess_portfolio` and `assess_clients` run them over many.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from despedida.core.assessment.actions import next_actions
from despedida.core.assessment.decision import Moderators, decide
from despedida.core.assessment.exit_date import ExitDate, earliest_exit, walk_away_exit
from despedida.core.assessment.ladder import remedy_history
from despedida.core.assessment.phrases import Words, words_for
from despedida.core.assessment.profit_basis import ProfitBasis, profit_basis
from despedida.core.assessment.record import default_as_of, read_record
from despedida.core.assessment.results import ClientAssessment, ExitAdvice, PortfolioAssessment, Recommendation
from despedida.core.assessment.signals import CODES, Signal, detect_signals, low_profitability
from despedida.core.assessment.signals.agreement import deposit_open_question
from despedida.core.assessment.silence import NO_SILENCE, SilenceState, silence_state
from despedida.core.assessment.summary import summarize
from despedida.core.assessment.thresholds import Thresholds
from despedida.core.assessment.value import ClientValue, client_value, median_rate, revenue_share
from despedida.core.portfolio.model import Business, Client, Portfolio, Stage, StrategicValue

_CODE_ORDER = {code: index for index, code in enumerate(CODES)}


@dataclass(slots=True)
class ClientFindings:
    """Phase one: everything about a client that does not depend on the rest of the portfolio."""

    id: str
    name: str
    stage: Stage
    strategic_value: StrategicValue
    value: ClientValue
    signals: list[Signal]
    silence: SilenceState
    exit_date: ExitDate | None
    notes: list[str]
    basis: ProfitBasis | None = None
    """How much history there is to judge profitability on (active clients)."""


@dataclass(frozen=True, slots=True)
class PortfolioContext:
    revenue_12m: Decimal | None
    median_hourly_rate: Decimal | None = None


def examine_client(client: Client, business: Business, as_of: dt.date, thresholds: Thresholds) -> ClientFindings:
    words = words_for(business.language)
    value = client_value(client, business, as_of, thresholds)
    record = read_record(client, business, as_of, thresholds)
    history = remedy_history(record)
    stage = client.stage
    silence = silence_state(record) if stage == Stage.ACTIVE else NO_SILENCE
    signals = detect_signals(record, history, value, silence, words)
    notes = []
    if stage != Stage.PROSPECT and not client.invoices:
        notes.append(words.say("note.no_invoices"))
    if stage == Stage.ACTIVE:
        if not client.time:
            notes.append(words.say("note.no_time"))
        if not client.messages:
            notes.append(words.say("note.no_messages"))
    if value.foreign_invoices:
        notes.append(words.say("note.foreign", count=value.foreign_invoices))
    if deposit_open_question(record):
        notes.append(words.say("note.deposit_open"))
    return ClientFindings(
        id=client.id,
        name=client.name,
        stage=stage,
        strategic_value=client.strategic_value,
        value=value,
        signals=signals,
        silence=silence,
        exit_date=earliest_exit(client, as_of, thresholds) if stage == Stage.ACTIVE else None,
        notes=notes,
        basis=profit_basis(client, business.currency, as_of, thresholds) if stage == Stage.ACTIVE else None,
    )


def portfolio_context(values: Iterable[ClientValue], thresholds: Thresholds) -> PortfolioContext:
    """Total revenue and the median effective rate of the clients with enough hours to judge."""
    total = Decimal(0)
    rates = []
    for value in values:
        total += value.revenue_12m
        rate = value.effective_hourly_rate
        if rate is not None and value.revenue_12m > 0 and value.hours_12m >= thresholds.min_hours_for_rate:
            rates.append(rate)
    return PortfolioContext(total, median_rate(rates))


def finish(
    findings: ClientFindings,
    context: PortfolioContext,
    business: Business,
    as_of: dt.date,
    thresholds: Thresholds,
) -> ClientAssessment:
    words = words_for(business.language)
    value = findings.value
    stage = findings.stage
    signals = list(findings.signals)
    notes = list(findings.notes)
    share = revenue_share(value.revenue_12m, context.revenue_12m) if context.revenue_12m is not None else None
    if share is None and context.revenue_12m is not None and stage != Stage.PROSPECT:
        notes.append(words.say("note.no_share"))

    target = thresholds.target_hourly_rate or business.target_hourly_rate
    if target is not None and target <= 0:
        target = None  # a zero target cannot be a yardstick
    target_is_median = target is None
    if target is None:
        target = context.median_hourly_rate
    rate = value.effective_hourly_rate
    if stage == Stage.ACTIVE:
        profitability = _judge_profitability(
            value, findings.basis, target, target_is_median, thresholds, business, words, notes
        )
        if profitability is not None:
            signals.append(profitability)

    signals = _haggling_below_target(signals, words)

    passive = (
        stage == Stage.ACTIVE
        and rate is not None
        and target is not None
        and value.hours_12m >= thresholds.min_hours_for_rate
        and rate >= target * Decimal(str(thresholds.passive_rate_ratio))
    )
    dependent = share is not None and share >= thresholds.dependency_share
    strategic = findings.strategic_value == StrategicValue.HIGH
    low_value = not (dependent or passive or strategic) and any(s.code == "low_profitability" for s in signals)
    moderators = Moderators(share, dependent, passive, strategic, low_value)

    signals.sort(key=lambda s: (-s.severity.level, _CODE_ORDER[s.code]))
    ordered = tuple(signals)
    # A sign whose remedy worked is history in the evidence, not a current fault: the decision leaves it out.
    current = tuple(s for s in ordered if not s.remedied)
    decision = decide(stage, current, moderators, thresholds)
    outcome = decision.recommendation
    actions = next_actions(outcome, str(stage), ordered, findings.silence, as_of, words)
    exit_date = findings.exit_date
    if outcome == Recommendation.WALK_AWAY and exit_date is not None:
        exit_date = walk_away_exit(as_of, thresholds)
    exit_advice = None
    if outcome in (Recommendation.EXIT, Recommendation.WALK_AWAY) and exit_date is not None:
        exit_advice = ExitAdvice(exit_date.on, exit_date.why(words))
    summary = summarize(
        decision,
        str(stage),
        ordered,
        moderators,
        value,
        exit_date,
        actions,
        business.currency,
        words,
        unjudged=bool(notes),
    )
    return ClientAssessment(
        id=findings.id,
        name=findings.name,
        stage=str(stage),
        recommendation=outcome,
        summary=summary,
        signals=ordered,
        value=value,
        revenue_share=share,
        next_actions=actions,
        exit=exit_advice,
        notes=tuple(notes),
        silence=findings.silence,
        language=words.language,
    )


def _haggling_below_target(signals: list[Signal], words: Words) -> list[Signal]:
    """Repeated haggling on work that already pays below target: not worth it twice over (a planned exit).

    The haggling signal is repeated by definition (it fires from `haggling_pattern_min`);
    below target means the profitability signal fired.
    """
    haggling = next((s for s in signals if s.code == "haggling"), None)
    low = next((s for s in signals if s.code == "low_profitability"), None)
    if haggling is None or low is None:
        return signals
    note = words.say("ev.haggling_below_target", rate=low.facts["rate_text"], target=low.facts["target_text"])
    worse = dataclasses.replace(
        haggling,
        evidence=haggling.evidence + "; " + note,
        remedies=(),
        exhausted=True,
        spent=True,
        facts={**haggling.facts, "below_target": True},
    )
    return [worse if s is haggling else s for s in signals]


def _judge_profitability(
    value: ClientValue,
    basis: ProfitBasis | None,
    target: Decimal | None,
    target_is_median: bool,
    thresholds: Thresholds,
    business: Business,
    words: Words,
    notes: list[str],
) -> Signal | None:
    """The profitability signal, or a note saying why it could not be judged (yet).

    Judged on enough history (see `profit_basis`): a client too new gets
    "too early to judge"; a mostly unbilled fixed fee counts the delivered
    share of its fee, and one with nothing delivered yet has its hours set aside.
    """
    if not value.has_time:
        return None  # examine_client already noted it
    if basis is not None and basis.history_days is not None and basis.history_days < thresholds.min_history_days:
        notes.append(words.say("note.too_new", days=words.days(basis.history_days)))
        return None
    judged = value
    if basis is not None and (basis.earned_unbilled or basis.early_hours):
        judged = dataclasses.replace(
            value,
            revenue_12m=value.revenue_12m + basis.earned_unbilled,
            hours_12m=max(value.hours_12m - basis.early_hours, Decimal(0)),
        )
    if basis is not None and basis.early_projects:
        notes.append(
            words.say(
                "note.fixed_too_early",
                projects=words.join([f"«{name}»" for name in basis.early_projects]),
                hours=words.hours(basis.early_hours),
            )
        )
    if judged.hours_12m < thresholds.min_hours_for_rate:
        notes.append(words.say("note.few_hours", hours=words.hours(thresholds.min_hours_for_rate)))
        return None
    if judged.revenue_12m <= 0:
        notes.append(words.say("note.no_revenue"))
        return None
    if target is None:
        notes.append(words.say("note.no_target"))
        return None
    signal = low_profitability(judged, target, target_is_median, thresholds, business.currency, words)
    if signal is not None and basis is not None and basis.earned_unbilled:
        share = words.say(
            "ev.rate_fixed_share",
            amount=words.money(basis.earned_unbilled, business.currency),
            projects=words.join([f"«{name}»" for name in basis.earned_projects]),
        )
        signal = dataclasses.replace(signal, evidence=signal.evidence + "; " + share)
    return signal


def assess_client(
    client: Client,
    business: Business,
    as_of: dt.date,
    thresholds: Thresholds | None = None,
    portfolio_revenue_12m: Decimal | None = None,
    *,
    median_hourly_rate: Decimal | None = None,
) -> ClientAssessment:
    """One client's assessment. Without `portfolio_revenue_12m` its share is unknown (None)."""
    thresholds = thresholds or Thresholds()
    findings = examine_client(client, business, as_of, thresholds)
    context = PortfolioContext(portfolio_revenue_12m, median_hourly_rate)
    return finish(findings, context, business, as_of, thresholds)


def assess_portfolio(
    portfolio: Portfolio, as_of: dt.date | None = None, thresholds: Thresholds | None = None
) -> PortfolioAssessment:
    as_of = as_of or default_as_of(portfolio)
    return assess_clients(portfolio.business, portfolio.clients, as_of, thresholds)


def assess_clients(
    business: Business,
    clients: Iterable[Client],
    as_of: dt.date,
    thresholds: Thresholds | None = None,
    only: str | None = None,
) -> PortfolioAssessment:
    """Assess clients from any iterable (a list, or a file being streamed).

    Each client is examined as it arrives and then dropped; only its
    findings are kept until the portfolio's totals are known. With `only`,
    the other clients are read for their value alone (the totals need
    them) and the result holds that client, or none if it is absent.
    """
    thresholds = thresholds or Thresholds()
    examined: list[ClientFindings] = []
    values: list[ClientValue] = []
    for client in clients:
        if only is not None and client.id != only:
            values.append(client_value(client, business, as_of, thresholds))
            continue
        findings = examine_client(client, business, as_of, thresholds)
        examined.append(findings)
        values.append(findings.value)
    context = portfolio_context(values, thresholds)
    assessed = tuple(finish(f, context, business, as_of, thresholds) for f in examined)
    return PortfolioAssessment(as_of, context.revenue_12m, context.median_hourly_rate, assessed)

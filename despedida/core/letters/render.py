"""Draft a letter of any kind from a client's record.

`draft_letter(portfolio, client, kind)` gathers the facts (`context`), turns
them into words for one language (`values`), and fills the kind's template
(`kinds/<kind>.yaml`): a subject and a list of paragraphs, each shown
always or only when its `when` flags hold. Filling uses `string.Template`,
so a template can only name values, never run code.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from string import Template
from typing import Any

import yaml

from despedida.core.assessment.record import default_as_of
from despedida.core.letters import formatting as fmt
from despedida.core.letters.context import ExitDates, LetterContext, LetterOptions, build_context, overdue_pay_by
from despedida.core.letters.errors import LetterError
from despedida.core.letters.interest import Demand, compute_demand, rule_from_settings
from despedida.core.plans.planning import plan_exit
from despedida.core.portfolio.model import Client, Portfolio
from despedida.core.tone.model import KINDS

# The kinds of letter are the tone checker's kinds: every draft is checked as its kind.
# Not templates/: that folder is Django's, for the web pages.
TEMPLATES = Path(__file__).with_name("kinds")
UNBILLED_KINDS = {"unbilled_hours", "unbilled_milestones"}
# Pro-rata billing can leave a few cents of rounding behind; a letter that
# announces an invoice "for 0,01 €" reads as a mistake, so less than one unit
# of currency is not mentioned.
MINIMUM_UNBILLED = Decimal("1.00")


@dataclass(frozen=True, slots=True)
class Letter:
    subject: str
    body: str
    lang: str
    kind: str
    demand: Demand | None = None  # the computation behind a formal demand

    @property
    def text(self) -> str:
        """The draft as printed: subject line, blank line, body."""
        label = _common(self.lang)["subject_label"]
        return f"{label}: {self.subject}\n\n{self.body}\n"


# --- templates ---------------------------------------------------------------


@functools.cache
def _load(name: str) -> dict[str, Any]:
    with open(TEMPLATES / f"{name}.yaml", encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def _common(lang: str) -> dict[str, Any]:
    return _load("common")[lang]


def fill(text: str, values: Mapping[str, object]) -> str:
    """Put values into a template; a name the values lack is a bug, so it raises."""
    return Template(text).substitute(values)


def _holds(when: Any, flags: Mapping[str, bool]) -> bool:
    conditions = [when] if isinstance(when, str) else list(when or [])
    for condition in conditions:
        negated = condition.startswith("not ")
        name = condition[4:].strip() if negated else condition.strip()
        if name not in flags:
            raise KeyError(f"unknown template flag {name!r}")
        if flags[name] == negated:
            return False
    return True


def render_template(kind: str, lang: str, values: Mapping[str, str], flags: Mapping[str, bool]) -> tuple[str, str]:
    spec = _load(kind)[lang]
    paragraphs = []
    for item in spec["body"]:
        if isinstance(item, str):
            item = {"text": item}
        if _holds(item.get("when"), flags):
            paragraphs.append(fill(item["text"], values).strip())
    body = "\n\n".join(p for p in paragraphs if p)
    return fill(spec["subject"], values).strip(), body


# --- facts into words --------------------------------------------------------


def _plural(forms: Mapping[str, str], count: int, **extra: object) -> str:
    return fill(forms["one"] if count == 1 else forms["many"], {"n": count, **extra})


def _totals(amounts: list[tuple[Decimal, str]], lang: str) -> str:
    by_currency: dict[str, Decimal] = {}
    for amount, currency in amounts:
        by_currency[currency] = by_currency.get(currency, Decimal(0)) + amount
    return fmt.enumerate_words([fmt.money(v, c, lang) for c, v in by_currency.items()], lang)


def _project_phrases(ctx: LetterContext, common: Mapping[str, Any]) -> dict[str, str]:
    forms = common["project"]
    if ctx.project is None:
        return {
            "the_project": forms["unnamed"],
            "The_project": forms["unnamed_capital"],
            "of_the_project": forms["unnamed_of"],
        }
    name = fmt.quoted(ctx.project.name, ctx.lang)
    return {
        key: fill(forms[form], {"name": name})
        for key, form in (("the_project", "named"), ("The_project", "named_capital"), ("of_the_project", "named_of"))
    }


def _invoice_list(ctx: LetterContext, common: Mapping[str, Any]) -> str:
    lang = ctx.lang
    forms = common["invoice"]
    several_projects = len({i.project_name for i in ctx.invoices}) > 1
    lines = []
    for invoice in ctx.invoices:
        amount = fmt.money(invoice.balance, invoice.currency, lang)
        if invoice.balance != invoice.amount:
            amount = fill(
                forms["partial"], {"balance": amount, "amount": fmt.money(invoice.amount, invoice.currency, lang)}
            )
        project = (
            fill(forms["project"], {"name": fmt.quoted(invoice.project_name, lang)})
            if several_projects and invoice.project_name
            else ""
        )
        form = "undated" if invoice.due_on is None else ("overdue" if invoice.is_overdue else "due")
        lines.append(
            fill(
                forms[form],
                {
                    "id": invoice.id,
                    "project": project,
                    "amount": amount,
                    "due_on": fmt.date(invoice.due_on, lang) if invoice.due_on else "",
                    "days": fmt.days(invoice.days_overdue, lang),
                },
            )
        )
    return "\n".join(lines)


def _fact(ctx: LetterContext, common: Mapping[str, Any]) -> str:
    """One objective observation from the record, or a neutral sentence."""
    facts, record = common["facts"], ctx.record
    for key, count in (
        ("scope", record.unpriced_scope_changes),
        ("advice", record.core_advice_rejected),
        ("payments", record.late_invoices),
    ):
        if count >= 2:
            return fill(facts[key], {"n": count})
    return facts["generic"]


def _proposals(ctx: LetterContext, common: Mapping[str, Any], net_days: str) -> str:
    record, forms = ctx.record, common["proposals"]
    chosen = []
    if record.late_invoices and not record.invoices_in_advance:
        chosen.append("invoice_in_advance")
    chosen.append("net_terms")
    if record.late_invoices and not record.has_late_fee_clause:
        chosen.append("late_fee")
    if record.unpriced_scope_changes and not record.has_change_order_clause:
        chosen.append("change_orders")
    if record.rate_renegotiations:
        chosen.append("rates")
    if len(chosen) == 1:
        chosen.append("review")
    return "\n".join(fill(forms[key], {"net_days": net_days}) for key in chosen)


def _invoice_ids(ctx: LetterContext, common: Mapping[str, Any]) -> str:
    ids = [i.id for i in ctx.invoices]
    forms = common["invoice_ids"]
    if len(ids) > 3:
        return fill(forms["count"], {"n": len(ids)})
    return fill(forms["one"] if len(ids) == 1 else forms["many"], {"ids": fmt.enumerate_words(ids, ctx.lang)})


def _percent_points(value: Decimal, lang: str) -> str:
    return fmt.number(value, lang, places=0 if value == value.to_integral() else 2)


def _demand_values(demand: Demand, lang: str, common: Mapping[str, Any]) -> dict[str, str]:
    forms, rule = common["demand"], demand.rule
    lines = []
    for claim in demand.claims:
        money = functools.partial(fmt.money, currency=claim.currency, lang=lang)
        lines.append(
            fill(
                forms["claim"],
                {
                    "id": claim.invoice_id,
                    "principal": money(claim.principal),
                    "due_on": fmt.date(claim.due_on, lang),
                    "days": fmt.days(claim.days_overdue, lang),
                    "interest": money(claim.interest),
                    "compensation": money(claim.compensation),
                    "total": money(claim.total),
                },
            )
        )
        for segment in claim.segments:
            form = "segment" if segment.principal == claim.principal else "segment_principal"
            lines.append(
                fill(
                    forms[form],
                    {
                        "first": fmt.date(segment.first_day, lang),
                        "last": fmt.date(segment.last_day, lang),
                        "days": fmt.days(segment.days, lang),
                        "rate": fmt.percent(segment.annual_rate, lang),
                        "principal": money(segment.principal),
                        "interest": money(segment.interest),
                    },
                )
            )
    rates = []
    for period, annual, entry in demand.rates_used():
        if entry is None:
            continue
        rates.append(
            fill(
                forms["rate"],
                {
                    "rate": fmt.percent(annual, lang),
                    "period": period.label(lang),
                    "reference": fmt.percent(entry.reference_rate, lang),
                    "margin": _percent_points(rule.margin_points, lang),
                },
            )
        )
    currency = demand.claims[0].currency
    totals = demand.totals()
    total = lambda key: fmt.enumerate_words(  # noqa: E731
        [fmt.money(sums[key], c, lang) for c, sums in totals.items()], lang
    )
    return {
        "claim_list": "\n".join(lines),
        "rule_name": rule.name(lang),
        "margin": _percent_points(rule.margin_points, lang),
        "compensation": fmt.money(rule.fixed_compensation, rule.currency or currency, lang),
        "fixed_rate": fmt.percent(rule.fixed_rate, lang) if rule.fixed_rate is not None else "",
        "rates_used": fmt.enumerate_words(rates, lang),
        "demand_total": total("total"),
        "principal_total": total("principal"),
        "interest_total": total("interest"),
        "compensation_total": total("compensation"),
    }


def values_for(ctx: LetterContext, kind: str) -> tuple[dict[str, str], dict[str, bool], Demand | None]:
    """The words and the flags a template of `kind` is filled with."""
    lang, common = ctx.lang, _common(ctx.lang)
    date = functools.partial(fmt.date, lang=lang)
    silence, exit_dates, options = ctx.silence, ctx.exit, ctx.options
    net_days = fmt.days(ctx.net_days, lang)
    signoff = common["formal_signoff" if kind == "formal_demand" else "signoff"]
    names = {"first_name": ctx.first_name or "", "contact_name": ctx.contact_name or "", "client": ctx.client_name}
    named = "" if ctx.contact_name else "_nameless"
    unbilled = list(exit_dates.unbilled) if exit_dates else []
    outstanding = [(i.balance, i.currency) for i in ctx.invoices]

    values: dict[str, str] = {
        **_project_phrases(ctx, common),
        "greeting": fill(common["greeting" + named], names),
        "formal_greeting": fill(common["formal_greeting" + named], names),
        "attention": fill(common["attention" + named], names),
        "signature": f"{signoff}\n{ctx.business_name}".strip(),
        "business": ctx.business_name,
        "us": ctx.business_name or ("nosotros" if lang == "es" else "us"),
        "client": ctx.client_name,
        "today": date(ctx.as_of),
        "milestone": fmt.quoted(ctx.milestone.name, lang) if ctx.milestone else "",
        "reason": options.reason or "",
        "fact": _fact(ctx, common),
        "net_days": net_days,
        # The termination letter goes out on the plan's notice date; the others on the day they are drafted.
        "pay_by": date(
            overdue_pay_by(ctx.as_of, exit_dates if kind == "termination" else None, options.pay_within_days)
        ),
        "reply_by": date(silence.reply_by),
        "invoice_list": _invoice_list(ctx, common),
        "total_line": fill(common["total"], {"amount": _totals(outstanding, lang)}) if outstanding else "",
        "invoice_ids": _invoice_ids(ctx, common),
        "overdue_count": _plural(common["overdue_count"], len(ctx.overdue)),
        "unbilled_amount": _totals(unbilled, lang) if unbilled else "",
        "closing_due_on": date(ctx.as_of + dt.timedelta(days=ctx.net_days)),
        "years": _plural(common["years"], ctx.years_together),
        "proposal_list": _proposals(ctx, common, net_days),
        "terms_start_on": date(ctx.as_of + dt.timedelta(days=options.terms_start_days)),
        "limit_contact_line": common["limit_contact"],
        "open_heading": _plural(common["headings"]["open"], len(ctx.invoices)),
        "reminder_heading": _plural(common["headings"]["reminder"], len(ctx.invoices)),
        "upcoming_heading": _plural(common["headings"]["upcoming"], len(ctx.invoices)),
        "demand_heading": _plural(common["headings"]["demand"], len(ctx.overdue), today=date(ctx.as_of)),
        "waiting_since": date(silence.waiting_since) if silence.waiting_since else "",
        "waiting_message": fill(
            common["waiting_message"]["titled"], {"subject": fmt.quoted(silence.waiting_subject, lang)}
        )
        if silence.waiting_subject
        else common["waiting_message"]["untitled"],
        "checkin_clause": fill(common["checkin_clause"], {"checkin_on": date(silence.checkin_on)})
        if silence.checkin_on
        else "",
        "ultimatum_on": date(silence.ultimatum_on) if silence.ultimatum_on else "",
        "ultimatum_deadline": date(silence.ultimatum_deadline) if silence.ultimatum_deadline else "",
    }
    if exit_dates is not None:
        values.update(
            {
                "last_work_on": date(exit_dates.last_work_on),
                "handover_until": date(exit_dates.handover_until),
                "final_issued_on": date(exit_dates.last_work_on),
                "final_due_on": date(
                    exit_dates.final_due_on or exit_dates.last_work_on + dt.timedelta(days=ctx.net_days)
                ),
            }
        )
        values["handover_clause"] = (
            fill(common["handover_clause"], values) if exit_dates.handover_until > exit_dates.last_work_on else ""
        )

    record = ctx.record
    flags = {
        "has_reason": bool(options.reason),
        "has_milestone": ctx.milestone is not None,
        "has_handover": bool(exit_dates and exit_dates.handover_until > exit_dates.last_work_on),
        "has_outstanding": bool(ctx.invoices),
        "has_overdue": bool(ctx.overdue),
        "has_unbilled": bool(unbilled),
        "has_waiting": silence.waiting_since is not None,
        "has_ultimatum": silence.ultimatum_on is not None and silence.ultimatum_deadline is not None,
        "long_relationship": ctx.years_together >= 1,
        "limit_contact": options.limit_contact,
        "reason_deposit": record.deposit_refused,
        "reason_ethics": record.ethics_concern,
        "reference_rule": True,
    }

    demand = None
    if kind == "formal_demand":
        if not ctx.overdue:
            raise LetterError(
                f"client {ctx.client_name!r} has no overdue invoice on {ctx.as_of.isoformat()}: "
                "a formal demand needs at least one"
            )
        invoices = [i for i in ctx.client.invoices if i.id in {o.id for o in ctx.overdue}]
        demand = compute_demand(invoices, ctx.as_of, rule_from_settings(ctx.late_payment))
        values.update(_demand_values(demand, lang, common))
        flags["reference_rule"] = demand.rule.uses_reference_rate
    if kind == "payment_reminder" and not ctx.invoices:
        raise LetterError(
            f"client {ctx.client_name!r} has no unpaid invoice on {ctx.as_of.isoformat()}: nothing to remind"
        )
    return values, flags, demand


# --- the entry point -----------------------------------------------------------


def exit_dates_for(portfolio: Portfolio, client: Client, as_of: dt.date) -> ExitDates:
    """The dates and the unbilled work of the client's exit plan (core.plans.planning)."""
    plan = plan_exit(portfolio.business, client, as_of)
    unbilled: list[tuple[Decimal, str]] = []
    final_due_on = None
    if plan.final_invoice is not None:
        final_due_on = plan.final_invoice.due_on
        for line in plan.final_invoice.lines:
            if str(line.kind) in UNBILLED_KINDS and line.amount >= MINIMUM_UNBILLED:
                unbilled.append((line.amount, line.currency.upper()))
    return ExitDates(
        notice_on=plan.notice_on,
        last_work_on=plan.last_work_on,
        handover_until=plan.handover_until,
        unbilled=tuple(unbilled),
        final_due_on=final_due_on,
    )


def draft_letter(
    portfolio: Portfolio,
    client: Client | str,
    kind: str,
    lang: str | None = None,
    as_of: dt.date | None = None,
    options: LetterOptions | Mapping[str, Any] | None = None,
    *,
    exit_dates: ExitDates | None = None,
) -> Letter:
    """A ready draft of `kind` to `client`, in the client's language unless `lang` is given.

    The exit dates come from `plan_exit` unless `exit_dates` gives them (a
    plan the user already adjusted and stored).

    Raises LetterError (one-line message) for an unknown kind, client or
    language, a letter the record cannot support (a payment reminder with
    nothing owed) or a late-payment rate missing from the table.
    """
    if kind not in KINDS:
        raise LetterError(f"unknown letter kind {kind!r} (one of: {', '.join(KINDS)})")
    if isinstance(client, str):
        found = portfolio.client_by_id(client)
        if found is None:
            raise LetterError(f"no client with id {client!r}")
        client = found
    if lang is not None and lang not in fmt.LANGUAGES:
        raise LetterError(f"unsupported language {lang!r} (use es or en)")
    as_of = as_of or default_as_of(portfolio)
    ctx = build_context(
        portfolio, client, lang, as_of, options, exit_dates=exit_dates or exit_dates_for(portfolio, client, as_of)
    )
    values, flags, demand = values_for(ctx, kind)
    subject, body = render_template(kind, ctx.lang, values, flags)
    return Letter(subject=subject, body=body, lang=ctx.lang, kind=kind, demand=demand)

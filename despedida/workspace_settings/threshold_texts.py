"""Words for the thresholds page: sections, labels and help texts.

The help text of a threshold is its docstring in `assessment.thresholds`
(read from the source, see `threshold_docs`), translated at run time. The
engine has no Django import, so the translatable copies of those
docstrings live here; a test checks that they are the docstrings, word
for word. Thresholds without a docstring get one of `EXTRA_HELP`; a
docstring that names the engine's internals is shown as its `PLAIN_HELP`.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from functools import cache

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from despedida.core.assessment.thresholds import Thresholds

SECTIONS = [
    (
        _("Windows and recency"),
        ["revenue_window_days", "behaviour_window_days", "recent_days", "recency_half_life_days"],
    ),
    (
        _("Payments"),
        [
            "late_grace_days",
            "late_pattern_min",
            "late_share_medium",
            "late_median_days_high",
            "protection_proof_invoices",
            "overdue_grace_days",
            "overdue_medium_days",
            "overdue_high_days",
            "overdue_critical_days",
            "formal_demand_after_days",
            "deposit_wait_days",
        ],
    ),
    (
        _("Feedback, scope and conduct"),
        [
            "slow_feedback_days",
            "slow_feedback_pattern_min",
            "poor_feedback_pattern_min",
            "scope_creep_pattern_min",
            "haggling_pattern_min",
            "advice_core_pattern_min",
        ],
    ),
    (_("Silence protocol"), ["silence_days", "ultimatum_after_days", "ultimatum_deadline_days"]),
    (
        _("Value"),
        [
            "target_hourly_rate",
            "min_hours_for_rate",
            "min_history_days",
            "rate_ratio_low",
            "rate_ratio_medium",
            "rate_ratio_high",
            "passive_rate_ratio",
            "dependency_share",
        ],
    ),
    (
        _("Decision and exit timing"),
        ["exit_risk_score", "milestone_overdue_buffer_days", "cool_off_days", "walk_away_days"],
    ),
]

LABELS = {
    "revenue_window_days": _("Revenue window (days)"),
    "behaviour_window_days": _("Behaviour window (days)"),
    "recent_days": _("Recent (days)"),
    "recency_half_life_days": _("Half-life of older occurrences (days)"),
    "late_grace_days": _("Grace for late payments (days)"),
    "late_pattern_min": _("Late invoices for a pattern"),
    "late_share_medium": _("Share of late invoices for medium (0–1)"),
    "late_median_days_high": _("Median days late for high"),
    "protection_proof_invoices": _("Invoices that prove a protection worked"),
    "overdue_grace_days": _("Grace before an invoice is overdue (days)"),
    "overdue_medium_days": _("Overdue: medium from (days)"),
    "overdue_high_days": _("Overdue: high from (days)"),
    "overdue_critical_days": _("Overdue: critical from (days)"),
    "formal_demand_after_days": _("Formal demand after (days overdue)"),
    "deposit_wait_days": _("Wait for a deposit (days)"),
    "slow_feedback_days": _("Slow feedback after (days)"),
    "slow_feedback_pattern_min": _("Slow responses for a pattern"),
    "poor_feedback_pattern_min": _("Poor feedback comments for a pattern"),
    "scope_creep_pattern_min": _("Unpriced changes for a pattern"),
    "haggling_pattern_min": _("Rate renegotiations for a pattern"),
    "advice_core_pattern_min": _("Rejected core advice for a pattern"),
    "silence_days": _("Silence before the check-in (days)"),
    "ultimatum_after_days": _("Ultimatum after the check-in (days)"),
    "ultimatum_deadline_days": _("Deadline given in an ultimatum (days)"),
    "target_hourly_rate": _("Target hourly rate for the assessment"),
    "min_hours_for_rate": _("Hours needed to judge the rate"),
    "rate_ratio_low": _("Rate below target: low under (0–1)"),
    "rate_ratio_medium": _("Rate below target: medium under (0–1)"),
    "rate_ratio_high": _("Rate below target: high under (0–1)"),
    "passive_rate_ratio": _("Passive income from (times the target)"),
    "dependency_share": _("Dependency from (share of revenue, 0–1)"),
    "exit_risk_score": _("Risk points that make an exit worth planning"),
    "milestone_overdue_buffer_days": _("Time to deliver a late milestone before an exit (days)"),
    "cool_off_days": _("Cool-off before sending a termination letter (days)"),
    "walk_away_days": _("Days to end the work when walking away"),
    "min_history_days": _("History needed to judge profitability (days)"),
}

EXTRA_HELP = {
    "overdue_medium_days": _(
        "When the oldest unpaid invoice is this many days past due, “Money overdue” is a medium sign."
    ),
    "overdue_high_days": _(
        "When the oldest unpaid invoice is this many days past due, “Money overdue” is a high sign."
    ),
    "overdue_critical_days": _(
        "When the oldest unpaid invoice is this many days past due, “Money overdue” is a critical sign."
    ),
    "slow_feedback_pattern_min": _("Slow responses needed before slow feedback is a pattern."),
    "poor_feedback_pattern_min": _("Vague or accusatory comments needed before poor feedback is a pattern."),
    "scope_creep_pattern_min": _("Unpriced scope changes needed before scope creep is a pattern."),
    "haggling_pattern_min": _("Attempts to renegotiate agreed rates needed before haggling is a pattern."),
    "advice_core_pattern_min": _("Rejections of advice on core topics needed before they are a pattern."),
    "rate_ratio_low": _("An effective rate below this fraction of the target is a low profitability problem."),
    "rate_ratio_medium": _("An effective rate below this fraction of the target is a medium profitability problem."),
}

# Docstrings that name the engine's own words (`as_of`, `recent_days`, a sign's
# code) say it again here in plain language: the page shows these instead.
PLAIN_HELP = {
    "revenue_window_days": _(
        "Revenue, hours and the effective rate count this many days back from the day of the assessment."
    ),
    "recency_half_life_days": _("After the “Recent” period, an occurrence's weight halves every this many days."),
    "late_share_medium": _(
        "Share of invoices paid late (recent ones weigh more) that makes “Pays late” one level more serious."
    ),
    "late_median_days_high": _("Median days late that makes “Pays late” one level more serious."),
    "overdue_grace_days": _("An unpaid invoice counts as “Money overdue” this many days after its due date."),
}

# The docstrings of `Thresholds`, for the translators (see the module docstring).
DOCSTRINGS = (
    gettext_noop("Revenue, hours and the effective rate look at this many days up to as_of."),
    gettext_noop("Behaviour (late payments, incidents, feedback) older than this is ignored."),
    gettext_noop("Occurrences this recent count in full."),
    gettext_noop("Past `recent_days`, an occurrence's weight halves every this many days."),
    gettext_noop("A payment this many days after the due date still counts as on time."),
    gettext_noop("Late invoices needed before lateness is a pattern."),
    gettext_noop("Recency-weighted share of late invoices that raises late_payment a level."),
    gettext_noop("Median days late that raises late_payment a level."),
    gettext_noop("Invoices paid on time after a protection before it counts as having worked."),
    gettext_noop("An open invoice becomes unpaid_overdue this many days after its due date."),
    gettext_noop("Days overdue after which a formal demand is on the ladder (signed contract only)."),
    gettext_noop("A deposit asked for and unpaid this long after signing counts as not paid."),
    gettext_noop("A response to a delivery slower than this is slow."),
    gettext_noop("A message needing a reply unanswered this long makes the check-in due."),
    gettext_noop("Days after the check-in without a reply before the ultimatum is due."),
    gettext_noop("Deadline given in an ultimatum, when the event does not record one."),
    gettext_noop("Overrides the business's target rate; without either, the portfolio median is used."),
    gettext_noop("Hours needed in the revenue window before profitability is judged."),
    gettext_noop(
        "A client whose first work or invoice is more recent than this is too new to judge its profitability."
    ),
    gettext_noop("Effective rate below these fractions of the target gives low / medium / high."),
    gettext_noop("An effective rate this many times the target counts as passive income."),
    gettext_noop("A client with this share of revenue (or more) is one you depend on."),
    gettext_noop("Risk points (low 1, medium 2, high 4, critical 8) that make an exit worth planning."),
    gettext_noop("When the current milestone is already late, the exit allows this long to deliver it."),
    gettext_noop("A termination letter waits this long before it is sent (re-read, second opinion)."),
    gettext_noop("Walking away (ethics): the work stops at once and ends within this many days; no notice period."),
)

# The reasons `Thresholds.from_mapping` gives, for the translators.
REASONS = (
    gettext_noop("unknown setting"),
    gettext_noop("expected a number, not true/false"),
    gettext_noop("expected a whole number of days or occurrences"),
    gettext_noop("must not be negative"),
    gettext_noop("must be at least 1"),
    gettext_noop("expected a number"),
    gettext_noop("must be a non-negative number"),
    gettext_noop("must be between 0 and 1"),
    gettext_noop('expected a decimal amount such as "45.00"'),
    gettext_noop("must be a positive amount"),
    gettext_noop("overdue levels must grow: medium <= high <= critical"),
    gettext_noop("rate ratios must shrink: low >= medium >= high"),
)


@cache
def threshold_docs() -> dict[str, str]:
    """Each field's docstring (the string literal right after it in the class body)."""
    try:
        source = textwrap.dedent(inspect.getsource(Thresholds))
    except (OSError, TypeError):  # no source shipped: no help texts, nothing breaks
        return {}
    body = ast.parse(source).body[0].body
    docs = {}
    for node, following in zip(body, body[1:]):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[node.target.id] = inspect.cleandoc(following.value.value)
    return docs


def help_text(name: str) -> str:
    if name in PLAIN_HELP:
        return str(PLAIN_HELP[name])
    doc = threshold_docs().get(name)
    return gettext(doc) if doc else str(EXTRA_HELP.get(name, ""))


def reason_text(reason: str) -> str:
    return gettext(reason)

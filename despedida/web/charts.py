"""Server-rendered SVG charts for the dashboard (no JavaScript, accessible labels).

The functions take plain numbers and return SVG markup as a SafeString;
the template drops it in place. Text inside the SVG is escaped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from despedida.web.templatetags.money import number_text
from despedida.web.templatetags.money import percent_text as percent

WIDTH, HEIGHT = 560, 380
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 48, 124, 16, 48
# Risk points (low 1, medium 2, high 4, critical 8): the bands the chart shades.
RISK_BANDS = ((0, 2, "calm"), (2, 8, "watch"), (8, None, "act"))


@dataclass(frozen=True)
class Point:
    label: str
    value: float  # revenue share, 0..1
    risk: float  # risk points
    recommendation: str
    href: str = ""


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) that cuts `span` into about `ticks` parts."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def value_risk_chart(points: list[Point], *, total: int, dependency_share: float = 0.25) -> SafeString:
    """A scatter of clients: share of revenue (x) against risk points (y).

    The regions are the engine's own lines: risk bands by severity points,
    and the share of revenue from which you depend on a client (a moderator
    of every exit). Dots are coloured by each client's recommendation; the
    labels sit in the margins, where no dot can cover them. Dots are not in
    the tab order: the table below carries the same links.
    """
    title = _("Value against risk")
    desc = _(
        "Each dot is a client: further right earns more of your revenue, higher carries more risk "
        "(the sum of its warning signs). Its colour is the recommendation. Clients right of the dashed "
        "line are ones you depend on: plan replacement income before any exit. "
        "Showing %(shown)d of %(total)d clients."
    ) % {"shown": len(points), "total": total}
    x_step = nice_step(max([p.value for p in points] + [dependency_share * 1.2, 0.05]))
    max_value = x_step * math.ceil(max([p.value for p in points] + [dependency_share * 1.2, 0.05]) / x_step)
    y_step = max(1.0, nice_step(max([p.risk for p in points] + [10.0])))
    max_risk = y_step * math.ceil(max([p.risk for p in points] + [10.0]) / y_step)
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    bottom, right = HEIGHT - PAD_BOTTOM, WIDTH - PAD_RIGHT

    def x_of(value: float) -> float:
        return PAD_LEFT + plot_w * (value / max_value)

    def y_of(risk: float) -> float:
        return PAD_TOP + plot_h * (1 - risk / max_risk)

    band_names = {"calm": _("no signs, or slight"), "watch": _("signs to act on"), "act": _("serious signs")}
    risk_axis = _("Risk points")
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="vr-title vr-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="vr-title">{escape(title)}</title><desc id="vr-desc">{escape(desc)}</desc>',
    ]
    for low, high, css in RISK_BANDS:
        top_risk = max_risk if high is None else min(high, max_risk)
        if low >= max_risk:
            continue
        y_top, y_low = y_of(top_risk), y_of(low)
        parts.append(
            f'<rect class="band {css}" x="{PAD_LEFT}" y="{y_top:.1f}" width="{plot_w}" height="{y_low - y_top:.1f}"/>'
        )
        parts.append(_label(right + 8, (y_top + y_low) / 2 + 4, band_names[css], "start", f"band-label {css}"))
    # Ticks and grid lines.
    steps = int(round(max_value / x_step))
    for i in range(steps + 1):
        value = i * x_step
        x = x_of(value)
        parts.append(f'<line class="grid" x1="{x:.1f}" y1="{PAD_TOP}" x2="{x:.1f}" y2="{bottom}"/>')
        parts.append(_label(x, bottom + 16, percent(value), "middle", "tick"))
    for i in range(int(round(max_risk / y_step)) + 1):
        risk = i * y_step
        y = y_of(risk)
        parts.append(f'<line class="grid" x1="{PAD_LEFT}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}"/>')
        parts.append(_label(PAD_LEFT - 6, y + 4, number_text(risk), "end", "tick"))
    if dependency_share < max_value:
        x = x_of(dependency_share)
        parts.append(f'<line class="dependency" x1="{x:.1f}" y1="{PAD_TOP}" x2="{x:.1f}" y2="{bottom}"/>')
        parts.append(_label(x + 4, PAD_TOP + 12, _("you depend on these"), "start", "region-label"))
    parts += [
        f'<line class="axis" x1="{PAD_LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}"/>',
        f'<line class="axis" x1="{PAD_LEFT}" y1="{PAD_TOP}" x2="{PAD_LEFT}" y2="{bottom}"/>',
        _label(PAD_LEFT + plot_w / 2, HEIGHT - 8, _("Share of revenue (last 12 months)"), "middle", "axis-label"),
        f'<text class="axis-label" text-anchor="middle" transform="translate(12 {PAD_TOP + plot_h / 2}) rotate(-90)">'
        f"{escape(risk_axis)}</text>",
    ]
    for point in points:
        cx, cy = x_of(point.value), y_of(min(point.risk, max_risk))
        tip = _("%(name)s: %(share)s of revenue, risk %(risk)s") % {
            "name": point.label,
            "share": percent(point.value, 1),
            "risk": number_text(point.risk),
        }
        dot = (
            f'<circle class="dot {escape(point.recommendation)}" cx="{cx:.1f}" cy="{cy:.1f}" r="5">'
            f"<title>{escape(tip)}</title></circle>"
        )
        if point.href:
            dot = f'<a href="{escape(point.href)}" tabindex="-1">{dot}</a>'
        parts.append(dot)
    parts.append("</svg>")
    return mark_safe("".join(parts))


@dataclass(frozen=True)
class Bar:
    label: str
    share: float  # 0..1
    amount: Decimal
    href: str = ""


def concentration_chart(bars: list[Bar], *, others_share: float, formatted: dict[str, str]) -> SafeString:
    """Horizontal bars: the biggest clients' share of revenue, and everyone else."""
    title = _("Revenue concentration")
    top = sum(b.share for b in bars)
    desc = _("Your %(count)d biggest clients bring %(share)s of the last 12 months' revenue.") % {
        "count": len(bars),
        "share": percent(top),
    }
    row_h, label_w, bar_w = 26, 190, WIDTH - 190 - 70
    rows = [*bars, Bar(label=_("All others"), share=others_share, amount=Decimal(0))]
    height = row_h * len(rows) + 8
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="rc-title rc-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="rc-title">{escape(title)}</title><desc id="rc-desc">{escape(desc)}</desc>',
    ]
    for i, bar in enumerate(rows):
        y = 4 + i * row_h
        width = max(1.0, bar_w * bar.share)
        name = bar.label if len(bar.label) <= 28 else bar.label[:27] + "…"
        amount = formatted.get(bar.label, "")
        tip = f"{bar.label}: {percent(bar.share, 1)}" + (f" ({amount})" if amount else "")
        label = _label(label_w - 8, y + 17, name, "end")
        if bar.href:
            label = f'<a href="{escape(bar.href)}" tabindex="-1">{label}</a>'
        parts.append(label)
        css = "bar others" if i == len(rows) - 1 else "bar"
        parts.append(
            f'<rect class="{css}" x="{label_w}" y="{y + 4}" width="{width:.1f}" height="{row_h - 8}">'
            f"<title>{escape(tip)}</title></rect>"
        )
        parts.append(_label(label_w + width + 6, y + 17, percent(bar.share, 1), "start", "tick"))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _label(x: float, y: float, text: str, anchor: str, css: str = "label") -> str:
    return f'<text class="{css}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(text)}</text>'

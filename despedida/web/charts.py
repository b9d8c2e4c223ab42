"""Server-rendered SVG charts for the dashboard (no JavaScript, accessible labels).

The functions take plain numbers and return SVG markup as a SafeString;
the template drops it in place. Text inside the SVG is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 560, 360
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 56, 16, 16, 44


@dataclass(frozen=True)
class Point:
    label: str
    value: float  # revenue share, 0..1
    risk: float  # risk points
    recommendation: str
    href: str = ""


def value_risk_chart(points: list[Point], *, total: int) -> SafeString:
    """A scatter of clients: revenue share (x) against risk (y), in four quadrants."""
    title = _("Value against risk")
    risk_label = _("Risk")
    shown = len(points)
    desc = _(
        "Each dot is a client: further right earns more of your revenue, higher carries more risk. "
        "Quadrants: keep (valuable, low risk), protect (valuable, risky), repair (small, low risk), "
        "exit (small, risky). Showing %(shown)d of %(total)d clients."
    ) % {"shown": shown, "total": total}
    max_value = max([p.value for p in points] + [0.05])
    max_risk = max([p.risk for p in points] + [8.0])
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    mid_x = PAD_LEFT + plot_w / 2
    mid_y = PAD_TOP + plot_h / 2

    def x_of(value: float) -> float:
        return PAD_LEFT + plot_w * (value / max_value)

    def y_of(risk: float) -> float:
        return PAD_TOP + plot_h * (1 - risk / max_risk)

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="vr-title vr-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="vr-title">{escape(title)}</title><desc id="vr-desc">{escape(desc)}</desc>',
        f'<rect class="quadrant keep" x="{mid_x}" y="{mid_y}" width="{plot_w / 2}" height="{plot_h / 2}"/>',
        f'<rect class="quadrant protect" x="{mid_x}" y="{PAD_TOP}" width="{plot_w / 2}" height="{plot_h / 2}"/>',
        f'<rect class="quadrant repair" x="{PAD_LEFT}" y="{mid_y}" width="{plot_w / 2}" height="{plot_h / 2}"/>',
        f'<rect class="quadrant exit" x="{PAD_LEFT}" y="{PAD_TOP}" width="{plot_w / 2}" height="{plot_h / 2}"/>',
        _label(mid_x + plot_w / 2 - 6, HEIGHT - PAD_BOTTOM - 6, _("keep"), "end"),
        _label(mid_x + plot_w / 2 - 6, PAD_TOP + 14, _("protect"), "end"),
        _label(PAD_LEFT + 6, HEIGHT - PAD_BOTTOM - 6, _("repair"), "start"),
        _label(PAD_LEFT + 6, PAD_TOP + 14, _("exit"), "start"),
        f'<line class="axis" x1="{PAD_LEFT}" y1="{HEIGHT - PAD_BOTTOM}" x2="{WIDTH - PAD_RIGHT}" y2="{HEIGHT - PAD_BOTTOM}"/>',
        f'<line class="axis" x1="{PAD_LEFT}" y1="{PAD_TOP}" x2="{PAD_LEFT}" y2="{HEIGHT - PAD_BOTTOM}"/>',
        _label(PAD_LEFT + plot_w / 2, HEIGHT - 10, _("Share of revenue (last 12 months)"), "middle", "axis-label"),
        f'<text class="axis-label" text-anchor="middle" transform="translate(16 {PAD_TOP + plot_h / 2}) rotate(-90)">'
        f"{escape(risk_label)}</text>",
        _label(PAD_LEFT, HEIGHT - PAD_BOTTOM + 16, "0%", "start", "tick"),
        _label(WIDTH - PAD_RIGHT, HEIGHT - PAD_BOTTOM + 16, f"{max_value:.0%}", "end", "tick"),
    ]
    for point in points:
        cx, cy = x_of(point.value), y_of(point.risk)
        tip = _("%(name)s: %(share)s of revenue, risk %(risk)s") % {
            "name": point.label,
            "share": f"{point.value:.1%}",
            "risk": f"{point.risk:g}",
        }
        dot = f'<circle class="dot {escape(point.recommendation)}" cx="{cx:.1f}" cy="{cy:.1f}" r="5"><title>{escape(tip)}</title></circle>'
        if point.href:
            dot = f'<a href="{escape(point.href)}">{dot}</a>'
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
        "share": f"{top:.0%}",
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
        tip = f"{bar.label}: {bar.share:.1%}" + (f" ({amount})" if amount else "")
        label = _label(label_w - 8, y + 17, name, "end")
        if bar.href:
            label = f'<a href="{escape(bar.href)}">{label}</a>'
        parts.append(label)
        css = "bar others" if i == len(rows) - 1 else "bar"
        parts.append(
            f'<rect class="{css}" x="{label_w}" y="{y + 4}" width="{width:.1f}" height="{row_h - 8}">'
            f"<title>{escape(tip)}</title></rect>"
        )
        parts.append(_label(label_w + width + 6, y + 17, f"{bar.share:.1%}", "start", "tick"))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _label(x: float, y: float, text: str, anchor: str, css: str = "label") -> str:
    return f'<text class="{css}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(text)}</text>'

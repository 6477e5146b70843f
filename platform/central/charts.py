"""Charts of the benchmark pages, drawn on the server as inline SVG (no JavaScript, no CDN).

Two charts, both plain functions returning an HTML-safe `<svg>` string:

- `distribution_chart`: how every office stands on one indicator: a dot plot (one dot per office,
  stacked in bins) while the dots fit, a histogram of office counts beyond; the national median
  is a dashed line and the selected office is drawn in the accent colour with its value.
- `trend_chart`: one office's value over fiscal years against the national and peer medians.

Text inherits the page's font (Sarabun), so Thai labels render like the rest of the page. Every
mark has a `<title>` (a tooltip in browsers); the pages print the same numbers in tables.

Also here: how a figure of an indicator is printed, by its unit (`format_figure`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from core.thai.money import format_baht

COUNT_UNITS = frozenset({"cards", "payments", "requests", "people"})
TWO_PLACES = Decimal("0.01")

UNIT_LABELS: dict[str, str | Promise] = {
    "cards": pgettext_lazy("indicator unit", "cards"),
    "payments": pgettext_lazy("indicator unit", "payments"),
    "baht": pgettext_lazy("indicator unit", "baht"),
    "percent": pgettext_lazy("indicator unit", "percent"),
    "minutes": pgettext_lazy("indicator unit", "minutes"),
    "requests": pgettext_lazy("indicator unit", "requests"),
    "people": pgettext_lazy("indicator unit", "people"),
    "per_100": pgettext_lazy("indicator unit", "per 100 personnel"),
}

# Colours that read on Pico's light and dark backgrounds.
OFFICE_COLOUR = "#0f6e6e"
ACCENT_COLOUR = "#d9480f"
NATIONAL_COLOUR = "#6b7280"
PEER_COLOUR = "#b7791f"
DOT_COLOUR = "#5fa8a8"
GRID_COLOUR = "#9ca3af"


def unit_label(unit: str) -> str:
    return str(UNIT_LABELS.get(unit, unit))


def _two_places(value: Decimal) -> str:
    return f"{value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP):,.2f}"


def format_figure(value: Decimal | int | None, unit: str) -> str:
    """A figure as the pages print it: counts as integers (a median between two counts with
    two places), baht with two places, percent and minutes with two places; "–" for none."""
    if value is None:
        return "–"
    number = value if isinstance(value, Decimal) else Decimal(value)
    if unit in COUNT_UNITS:
        if number == number.to_integral_value():
            return f"{int(number):,}"
        return _two_places(number)
    if unit == "baht":
        return format_baht(number)
    return _two_places(number)


def format_rate(value: Decimal | None) -> str:
    """A figure per 100 personnel: two places."""
    return "–" if value is None else _two_places(value)


def format_change(value: Decimal | None, unit: str) -> str:
    """A change from the year before, with its sign."""
    if value is None:
        return "–"
    text = format_figure(abs(value), unit)
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return text


# ---- Scales -------------------------------------------------------------------------------


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (about `count` of them)."""
    if not math.isfinite(low) or not math.isfinite(high):
        return [0.0]
    if high < low:
        low, high = high, low
    if high == low:
        spread = abs(high) or 1.0
        low, high = low - spread / 2, high + spread / 2
    raw = (high - low) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    last = math.ceil(high / step) * step
    ticks = []
    tick = first
    while tick <= last + step / 2:
        ticks.append(round(tick, 10))
        tick += step
    return ticks


def _tick_label(value: float, unit: str) -> str:
    number = Decimal(str(value))
    if unit in COUNT_UNITS or unit == "baht":
        if number == number.to_integral_value():
            return f"{int(number):,}"
        return _two_places(number)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return _two_places(number)


def _svg(width: int, height: int, label: str, body: list[str], css_class: str) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(label)}" preserveAspectRatio="xMidYMid meet">'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text is escaped


def _text(x: float, y: float, text: str, **attrs: str | float) -> str:
    extra = " ".join(f'{k.replace("_", "-")}="{escape(str(v))}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" {extra}>{escape(text)}</text>'


# ---- Distribution -------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One office on the distribution chart."""

    key: str  # the office's code, to highlight it
    label: str  # its name, for the tooltip
    value: Decimal


def distribution_chart(
    points: Sequence[Point],
    *,
    unit: str,
    median: Decimal | None,
    highlight: str | None = None,
    label: str = "",
    width: int = 960,
    height: int = 300,
) -> SafeString:
    """Every office's value on one axis: stacked dots while they fit, else a histogram."""
    left, right, top, bottom = 48, 44, 34, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    body: list[str] = []
    if not points:
        body.append(
            _text(width / 2, height / 2, _("No values."), text_anchor="middle", font_size=14)
        )
        return _svg(width, height, label, body, "chart chart--distribution")

    values = [float(p.value) for p in points]
    ticks = nice_ticks(min(values), max(values), count=6)
    low, high = ticks[0], ticks[-1]

    def x_of(value: float) -> float:
        return left + (value - low) / (high - low) * plot_w

    bins = max(8, min(40, round(math.sqrt(len(points)) * 2.5)))
    bin_width = (high - low) / bins

    def bin_of(value: float) -> int:
        return min(bins - 1, max(0, int((value - low) / bin_width)))

    stacks: list[list[Point]] = [[] for _ in range(bins)]
    for point in sorted(points, key=lambda p: (p.value, p.key)):
        stacks[bin_of(float(point.value))].append(point)
    tallest = max(len(stack) for stack in stacks)
    column = plot_w / bins
    radius = min(column / 2 - 1, 7.0, (plot_h / tallest) / 2 - 0.5)
    as_dots = radius >= 2.5

    # Axis, ticks and grid.
    axis_y = top + plot_h
    body.append(
        f'<line x1="{left}" y1="{axis_y}" x2="{left + plot_w}" y2="{axis_y}" '
        f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
    )
    for tick in ticks:
        x = x_of(tick)
        body.append(
            f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 5}" '
            f'stroke="{GRID_COLOUR}"/>'
        )
        body.append(
            _text(x, axis_y + 20, _tick_label(tick, unit), text_anchor="middle", font_size=13)
        )
    highlighted: Point | None = None
    if as_dots:
        for index, stack in enumerate(stacks):
            cx = left + (index + 0.5) * column
            for level, point in enumerate(stack):
                cy = axis_y - radius - 1 - level * (2 * radius + 1)
                chosen = point.key == highlight
                if chosen:
                    highlighted = point
                tip = f"{point.label}: {format_figure(point.value, unit)}"
                body.append(
                    f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{radius + (1 if chosen else 0):.1f}" '
                    f'fill="{ACCENT_COLOUR if chosen else DOT_COLOUR}" '
                    f'stroke="{ACCENT_COLOUR if chosen else OFFICE_COLOUR}" stroke-width="1">'
                    f"<title>{escape(tip)}</title></circle>"
                )
    else:
        unit_h = plot_h / tallest
        for index, stack in enumerate(stacks):
            if not stack:
                continue
            bar_h = len(stack) * unit_h
            chosen = any(p.key == highlight for p in stack)
            if chosen:
                highlighted = next(p for p in stack if p.key == highlight)
            tip = _("%(count)s offices") % {"count": len(stack)}
            body.append(
                f'<rect x="{left + index * column + 1:.1f}" y="{axis_y - bar_h:.1f}" '
                f'width="{column - 2:.1f}" height="{bar_h:.1f}" '
                f'fill="{ACCENT_COLOUR if chosen else DOT_COLOUR}" fill-opacity="0.85">'
                f"<title>{escape(tip)}</title></rect>"
            )
        # The count scale: a grid line at the tallest bar, labelled with its count.
        body.append(
            f'<line x1="{left}" y1="{top}" x2="{left + plot_w}" y2="{top}" '
            f'stroke="{GRID_COLOUR}" stroke-opacity="0.35"/>'
        )
        body.append(
            _text(
                left - 6, top + 4, str(tallest), text_anchor="end", font_size=12, fill=GRID_COLOUR
            )
        )

    if median is not None:
        x = x_of(float(median))
        text = _("National median %(value)s") % {"value": format_figure(median, unit)}
        anchor = "start" if x < left + plot_w * 0.6 else "end"
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{axis_y}" '
            f'stroke="{NATIONAL_COLOUR}" stroke-width="1.5" stroke-dasharray="5 4"/>'
        )
        body.append(
            _text(
                x + (4 if anchor == "start" else -4),
                top - 14,
                text,
                text_anchor=anchor,
                font_size=14,
                fill=NATIONAL_COLOUR,
            )
        )

    if highlighted is not None:
        # Under its dot or bar (the middle of its bin), which the label gives exactly.
        x = left + (bin_of(float(highlighted.value)) + 0.5) * column
        body.append(
            f'<path d="M{x:.1f},{axis_y + 1} l-5,8 h10 z" fill="{ACCENT_COLOUR}">'
            f"<title>{escape(highlighted.label)}</title></path>"
        )
        text = f"{highlighted.label}: {format_figure(highlighted.value, unit)}"
        anchor = "start" if x < left + plot_w * 0.5 else "end"
        body.append(
            _text(
                x + (6 if anchor == "start" else -6),
                axis_y + 40,
                text,
                text_anchor=anchor,
                font_size=14,
                font_weight=600,
                fill=ACCENT_COLOUR,
            )
        )
    return _svg(width, height, label, body, "chart chart--distribution")


# ---- Trend over fiscal years --------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One line of the trend chart, a value (or None) per fiscal year."""

    name: str
    values: Sequence[Decimal | None]
    colour: str
    dash: str = ""
    emphasis: bool = False


def trend_series(
    *,
    office_name: str,
    office: Sequence[Decimal | None],
    national: Sequence[Decimal | None],
    peer: Sequence[Decimal | None],
    peer_name: str,
) -> list[Series]:
    """The three lines of an office's trend chart, in the pages' colours."""
    return [
        Series(_("National median"), national, NATIONAL_COLOUR, dash="5 4"),
        Series(peer_name, peer, PEER_COLOUR, dash="2 3"),
        Series(office_name, office, OFFICE_COLOUR, emphasis=True),
    ]


def trend_chart(
    years: Sequence[int],
    series: Sequence[Series],
    *,
    unit: str,
    label: str = "",
    width: int = 440,
    height: int = 170,
) -> SafeString:
    """Small line chart of `series` over fiscal years `years` (B.E.), zero-based for
    non-negative numbers so that a small change does not look large."""
    left, right, top, bottom = 64, 12, 12, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    body: list[str] = []
    numbers = [float(v) for s in series for v in s.values if v is not None]
    if not years or not numbers:
        body.append(
            _text(width / 2, height / 2, _("No values."), text_anchor="middle", font_size=13)
        )
        return _svg(width, height, label, body, "chart chart--trend")

    low, high = min(0.0, min(numbers)), max(numbers)
    ticks = nice_ticks(low, high if high > low else low + 1, count=3)
    y_low, y_high = ticks[0], ticks[-1]
    if y_high == y_low:
        y_high = y_low + 1

    def y_of(value: float) -> float:
        return top + plot_h - (value - y_low) / (y_high - y_low) * plot_h

    step = plot_w / len(years)

    def x_of(index: int) -> float:
        return left + (index + 0.5) * step

    for tick in ticks:
        y = y_of(tick)
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOUR}" stroke-opacity="0.35"/>'
        )
        body.append(
            _text(left - 6, y + 4, _tick_label(tick, unit), text_anchor="end", font_size=13)
        )
    for index, year in enumerate(years):
        body.append(_text(x_of(index), height - 5, str(year), text_anchor="middle", font_size=13))

    for line in series:
        stroke = 2.5 if line.emphasis else 1.5
        dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
        segment: list[str] = []
        segments: list[list[str]] = []
        for index, value in enumerate(line.values):
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{x_of(index):.1f},{y_of(float(value)):.1f}")
        if segment:
            segments.append(segment)
        for points in segments:
            if len(points) > 1:
                body.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{line.colour}" '
                    f'stroke-width="{stroke}"{dash}/>'
                )
        for index, value in enumerate(line.values):
            if value is None:
                continue
            tip = f"{line.name} {years[index]}: {format_figure(value, unit)}"
            body.append(
                f'<circle cx="{x_of(index):.1f}" cy="{y_of(float(value)):.1f}" '
                f'r="{3.5 if line.emphasis else 2.5}" fill="{line.colour}">'
                f"<title>{escape(tip)}</title></circle>"
            )
    return _svg(width, height, label, body, "chart chart--trend")

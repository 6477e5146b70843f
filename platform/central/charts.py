"""Charts of the benchmark pages, drawn on the server as inline SVG by pygal (no JavaScript,
no CDN).

- `distribution_chart`: how every office stands on one indicator: a dot plot, one dot per office
  at its exact value (dots are stacked upwards only where they would overlap), the national
  median a dashed line at its value and the selected office in the accent colour; a histogram
  of office counts when the stacks would not fit.
- `trend_chart`: one office's value over fiscal years against the national and peer medians,
  the years at their real distance.

pygal's inline style and script elements are taken out of each chart (the pages' CSP allows
neither); its stylesheet is a static file of the site (`chart_stylesheet`). Text inherits the page's
font (Sarabun), so Thai labels render like the rest of the page. Every dot has a `<title>` (a
tooltip in browsers); the pages print the same numbers in tables.

Also here: how a figure of an indicator is printed, by its unit (`format_figure`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pygal
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from pygal.style import Style

from core.thai.money import format_baht

COUNT_UNITS = frozenset({"cards", "payments", "requests", "people"})
TWO_PLACES = Decimal("0.01")

UNIT_LABELS: dict[str, str | Promise] = {
    "cards": pgettext_lazy("indicator unit", "cards"),
    "payments": pgettext_lazy("indicator unit", "payments"),
    "baht": pgettext_lazy("indicator unit", "baht"),
    "percent": pgettext_lazy("indicator unit", "percent"),
    "minutes": pgettext_lazy("indicator unit", "minutes"),
    "days": pgettext_lazy("indicator unit", "days"),
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


# ---- Drawing with pygal -------------------------------------------------------------------
#
# pygal draws the SVG; what it adds for its own JavaScript and inline style is taken out (the
# pages' CSP runs no inline script and applies no inline style), and its stylesheet is served
# as a file of the site's own (`chart_stylesheet`, scoped by the chart's class).

DISTRIBUTION = "chart--distribution"
TREND = "chart--trend"
WIDTH, HEIGHT = 960, 320
TREND_WIDTH, TREND_HEIGHT = 440, 190
MAX_RADIUS, MIN_RADIUS = 6.0, 2.5
# The share of the chart's width its plot takes, near enough to keep dots from overlapping.
PLOT_SHARE = 0.9

# Per chart, its series in a fixed order, so that each keeps its colour and line whatever the
# data: (colour, stroke style).
DISTRIBUTION_SERIES = (
    (DOT_COLOUR, None),  # the offices
    (ACCENT_COLOUR, None),  # the chosen office
    (NATIONAL_COLOUR, {"width": 2, "dasharray": "6,4"}),  # the national median
)
TREND_SERIES = (
    (NATIONAL_COLOUR, {"width": 1.5, "dasharray": "5,4"}),
    (PEER_COLOUR, {"width": 2, "dasharray": "2,3"}),
    (OFFICE_COLOUR, {"width": 3}),
)


def _style(colours: Sequence[str]) -> Style:
    return Style(
        font_family="inherit",
        background="transparent",
        plot_background="transparent",
        foreground="currentColor",
        foreground_strong="currentColor",
        foreground_subtle=GRID_COLOUR,
        guide_stroke_color=GRID_COLOUR,
        major_guide_stroke_color=GRID_COLOUR,
        colors=tuple(colours),
        opacity="1",
        opacity_hover="1",
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=14,
        tooltip_font_size=14,
        no_data_font_size=16,
    )


def _chart(chart_type: type[Any], kind: str, colours: Sequence[str], **options: Any) -> Any:
    """A pygal chart of the pages' look, its SVG cleaned by `_clean`."""
    config = pygal.Config()
    config.style = _style(colours)
    chart = chart_type(
        config,
        classes=["pygal-chart", "chart", kind],
        js=[],
        disable_xml_declaration=True,
        no_prefix=True,
        explicit_size=True,
        no_data_text=_("No values."),
        **options,
    )
    chart.add_xml_filter(_clean)
    return chart


def _clean(root: Any) -> Any:
    """The SVG as the pages embed it: no script, no style element or attribute, no id (a page
    shows several charts), no comments; every dot titled (a tooltip without JavaScript)."""
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag if isinstance(child.tag, str) else ""
            local = tag.rsplit("}", 1)[-1]
            classes = (child.get("class") or "").split()
            if (
                not tag  # a comment
                or local in {"script", "style"}
                or "tooltip-overlay" in classes
                or (local == "title" and parent is root)
            ):
                parent.remove(child)
    for node in root.iter():
        for name in ("id", "style"):
            node.attrib.pop(name, None)
        if (node.get("class") or "").split()[:1] in (["dots"], ["histbar"]):
            label = next(
                (d.text for d in node if (d.get("class") or "") == "label" and d.text), None
            )
            if label:
                title = node.makeelement("title", {})
                title.text = label
                node.append(title)
    return root


def _render(chart: Any, label: str) -> SafeString:
    svg: str = chart.render(is_unicode=True)
    # The root element names what it shows, for screen readers.
    head = f'<svg role="img" aria-label="{escape(label)}" '
    return mark_safe(head + svg.removeprefix("<svg "))  # noqa: S308 - pygal escapes every text


def _tick_label(value: float | None) -> str:
    """An axis label: an integer with thousands separators, else two places."""
    if value is None:
        return ""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return _two_places(number)


# ---- Distribution -------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One office on the distribution chart."""

    key: str  # the office's code, to highlight it
    label: str  # its name, for the tooltip
    value: Decimal


def swarm_levels(values: Sequence[float], min_gap: float) -> list[int]:
    """The stacking level of each value in a dot plot: every dot stays at its exact value on
    the axis and goes up a level while a dot at that level is nearer than `min_gap`."""
    last_at_level: list[float] = []
    levels = [0] * len(values)
    for index in sorted(range(len(values)), key=lambda i: values[i]):
        value = values[index]
        level = next(
            (n for n, last in enumerate(last_at_level) if value - last >= min_gap),
            len(last_at_level),
        )
        if level == len(last_at_level):
            last_at_level.append(value)
        else:
            last_at_level[level] = value
        levels[index] = level
    return levels


# Beyond this many offices a dot each is no longer readable (nor pointable), and drawing them
# took 1.3 s at 2,450 offices for a 1.4 MB page (issue 21): the histogram takes over.
MAX_DOTS = 600


def distribution_chart(
    points: Sequence[Point],
    *,
    unit: str,
    median: Decimal | None,
    highlight: str | None = None,
    label: str = "",
    width: int = WIDTH,
    height: int = HEIGHT,
) -> SafeString:
    """Every office at its exact value on one axis (dots stacked only where they would overlap),
    the national median a dashed line at its value, the chosen office in the accent colour. When
    the stacks would not fit, or there are more than MAX_DOTS offices, a histogram of office
    counts instead."""
    colours = [colour for colour, _stroke in DISTRIBUTION_SERIES]
    values = [float(p.value) for p in points]
    chosen = next((p for p in points if p.key == highlight), None)
    median_title = (
        _("National median %(value)s") % {"value": format_figure(median, unit)}
        if median is not None
        else _("National median")
    )
    chosen_title = f"{chosen.label}: {format_figure(chosen.value, unit)}" if chosen else ""
    options = {
        "width": width,
        "height": height,
        "legend_at_bottom": True,
        "truncate_legend": -1,
        "x_value_formatter": _tick_label,
        "value_formatter": _tick_label,
    }
    span = max(values + [float(median)] if median is not None else values, default=0.0) - min(
        values + [float(median)] if median is not None else values, default=0.0
    )
    span = span or 1.0
    if len(values) > MAX_DOTS:  # no stacking worked out for dots that will not be drawn
        return _histogram(
            points, median, median_title, chosen, chosen_title, label, colours, options
        )
    radius, levels = MAX_RADIUS, [0] * len(values)
    while values:
        gap = (2 * radius + 1) / (width * PLOT_SHARE) * span
        levels = swarm_levels(values, gap)
        tallest = max(levels) + 1
        if tallest * (2 * radius + 1) <= height * 0.6 or radius <= MIN_RADIUS:
            break
        radius = max(MIN_RADIUS, radius * 0.8)
    fits = not values or (max(levels) + 1) * (2 * radius + 1) <= height * 0.6
    if fits:
        return _swarm(
            points,
            levels,
            radius,
            median,
            median_title,
            chosen,
            chosen_title,
            unit,
            label,
            colours,
            options,
        )
    return _histogram(points, median, median_title, chosen, chosen_title, label, colours, options)


def _swarm(
    points: Sequence[Point],
    levels: Sequence[int],
    radius: float,
    median: Decimal | None,
    median_title: str,
    chosen: Point | None,
    chosen_title: str,
    unit: str,
    label: str,
    colours: Sequence[str],
    options: dict[str, Any],
) -> SafeString:
    top = (max(levels) + 1 if levels else 1) + 0.5
    chart = _chart(
        pygal.XY,
        DISTRIBUTION,
        colours,
        **options,
        stroke=False,
        dots_size=radius,
        range=(0, top),
        show_y_labels=False,
        show_y_guides=False,
        show_x_guides=False,  # the one vertical line is the median
    )
    offices = [
        {
            "value": (float(p.value), level + 0.5),
            "label": f"{p.label}: {format_figure(p.value, unit)}",
        }
        for p, level in zip(points, levels, strict=True)
        if p is not chosen
    ]
    chart.add(_("Offices"), offices)
    chart.add(
        chosen_title,
        [
            {
                "value": (float(chosen.value), levels[points.index(chosen)] + 0.5),
                "label": chosen_title,
            }
        ]
        if chosen
        else [],
        dots_size=radius + 1.5,
    )
    chart.add(
        median_title,
        [(float(median), 0), (float(median), top)] if median is not None else [],
        stroke=True,
        show_dots=False,
        stroke_style=DISTRIBUTION_SERIES[2][1],
    )
    return _render(chart, label)


def _histogram(
    points: Sequence[Point],
    median: Decimal | None,
    median_title: str,
    chosen: Point | None,
    chosen_title: str,
    label: str,
    colours: Sequence[str],
    options: dict[str, Any],
) -> SafeString:
    values = [float(p.value) for p in points]
    low, high = min(values), max(values)
    bins = max(8, min(40, round(math.sqrt(len(points)) * 2.5)))
    width = (high - low) / bins or 1.0

    def bin_of(value: float) -> int:
        return min(bins - 1, max(0, int((value - low) / width)))

    counts = [0] * bins
    for value in values:
        counts[bin_of(value)] += 1
    chosen_bin = bin_of(float(chosen.value)) if chosen else None
    bars = [
        {
            "value": (count, low + n * width, low + (n + 1) * width),
            "label": _("%(count)s offices") % {"count": count},
        }
        for n, count in enumerate(counts)
        if count and n != chosen_bin
    ]
    chart = _chart(pygal.Histogram, DISTRIBUTION, colours, **options, include_x_axis=True)
    chart.add(_("Offices"), bars)
    chart.add(
        chosen_title,
        [
            {
                "value": (
                    counts[chosen_bin],
                    low + chosen_bin * width,
                    low + (chosen_bin + 1) * width,
                ),
                "label": f"{chosen_title} · "
                + _("%(count)s offices") % {"count": counts[chosen_bin]},
            }
        ]
        if chosen_bin is not None
        else [],
    )
    # The median as a hairline bar at its value, as tall as the tallest bin.
    hair = (high - low) / 400 or 0.001
    chart.add(
        median_title,
        [(max(counts), float(median) - hair, float(median) + hair)] if median is not None else [],
    )
    return _render(chart, label)


# ---- Trend over fiscal years --------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One line of the trend chart, a value (or None) per fiscal year."""

    name: str
    values: Sequence[Decimal | None]


def trend_series(
    *,
    office_name: str,
    office: Sequence[Decimal | None],
    national: Sequence[Decimal | None],
    peer: Sequence[Decimal | None],
    peer_name: str,
) -> list[Series]:
    """The three lines of an office's trend chart, in the order of their colours
    (`TREND_SERIES`): the national median, the peers' median, the office."""
    return [
        Series(_("National median"), national),
        Series(peer_name, peer),
        Series(office_name, office),
    ]


def trend_chart(
    years: Sequence[int],
    series: Sequence[Series],
    *,
    unit: str,
    label: str = "",
    width: int = TREND_WIDTH,
    height: int = TREND_HEIGHT,
) -> SafeString:
    """A small line chart of `series` over the fiscal years `years` (B.E.): the x axis is the
    years at their real distance (2557 and 2566 are nine years apart, not neighbours), and a
    line is broken where a year has no value or the years are not consecutive (nothing is drawn
    for years not collected). Zero-based for non-negative numbers, so that a small change does
    not look large."""
    colours = [colour for colour, _stroke in TREND_SERIES]
    chart = _chart(
        pygal.XY,
        TREND,
        colours,
        width=width,
        height=height,
        show_legend=False,
        show_x_guides=False,
        allow_interruptions=True,
        include_x_axis=True,
        x_labels=list(years),
        x_labels_major_count=8,
        show_minor_x_labels=len(years) <= 8,
        x_value_formatter=str,
        y_labels_major_count=4,
        show_minor_y_labels=False,
        value_formatter=_tick_label,
        dots_size=3,
    )
    for line, (_colour, stroke) in zip(series, TREND_SERIES, strict=False):
        values: list[Any] = []
        for index, (year, value) in enumerate(zip(years, line.values, strict=True)):
            if index and year - years[index - 1] > 1:
                values.append((None, None))  # years not collected between: no line across
            if value is None:
                values.append((None, None))
                continue
            values.append(
                {
                    "value": (year, float(value)),
                    "label": f"{line.name} {year}: {format_figure(value, unit)}",
                }
            )
        chart.add(line.name, values, stroke_style=stroke)
    return _render(chart, label)


# ---- The charts' stylesheet ---------------------------------------------------------------

# Where `manage.py chart_stylesheet` writes `chart_stylesheet()`; the pages link it.
STYLESHEET = Path(__file__).resolve().parent / "static" / "central" / "charts.css"


def chart_stylesheet() -> str:
    """pygal's CSS for both charts, scoped by each chart's class. A static file, not an element
    of the page: the pages' CSP applies no style written into the page."""
    sheets = ["/* Written by `manage.py chart_stylesheet` from pygal's CSS; do not edit. */"]
    for kind, chart_type, spec in (
        (DISTRIBUTION, pygal.XY, DISTRIBUTION_SERIES),
        (TREND, pygal.XY, TREND_SERIES),
        (DISTRIBUTION, pygal.Histogram, DISTRIBUTION_SERIES),
    ):
        config = pygal.Config(js=[], pretty_print=False)
        config.style = _style([c for c, _s in spec])
        chart = chart_type(config)
        for index, (_colour, stroke) in enumerate(spec):
            chart.add(str(index), [], stroke_style=stroke)
        chart.uuid = "scope"  # pygal scopes its CSS by "#chart-<uuid>"; by the class here
        # pygal's own CSS: the text of its style element (the element named by its tag).
        text = next(
            node.text
            for node in chart.render_tree().iter()
            if isinstance(node.tag, str) and node.tag.rsplit("}", 1)[-1] == "style"
        )
        sheets.append(re.sub(r"#chart-scope\b", f".{kind}", text or ""))
    return "\n".join(sheets) + "\n"

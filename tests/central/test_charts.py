"""The benchmark charts (pygal, server-side SVG) plot the values they are given: each office at
its own x, the national median at its value, the years at their real distance; and the SVG
carries nothing the pages' CSP would block (no script, no style element or attribute)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from central.charts import (
    ACCENT_COLOUR,
    STYLESHEET,
    Point,
    chart_stylesheet,
    distribution_chart,
    swarm_levels,
    trend_chart,
    trend_series,
)

SVG = "{http://www.w3.org/2000/svg}"


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own charts


def _classes(node: ET.Element) -> list[str]:
    return (node.get("class") or "").split()


def _series(root: ET.Element, index: int, layer: str = "overlay") -> list[ET.Element]:
    """The `serie-<index>` groups of one plot layer ("plot" for lines, "overlay" for dots)."""
    plots = [g for g in root.iter(f"{SVG}g") if "plot" in _classes(g)]
    plot = next(
        g for g in plots if (layer in _classes(g)) or (layer == "plot" and _classes(g) == ["plot"])
    )
    return [g for g in plot if f"serie-{index}" in _classes(g)]


def _dots(root: ET.Element, index: int) -> dict[str, tuple[float, float]]:
    """The dots of series `index` by their title: (cx, cy)."""
    found = {}
    for serie in _series(root, index):
        for dots in serie.iter(f"{SVG}g"):
            if "dots" not in _classes(dots):
                continue
            circle = dots.find(f"{SVG}circle")
            title = dots.find(f"{SVG}title")
            assert circle is not None and title is not None
            found[title.text or ""] = (float(circle.get("cx", "")), float(circle.get("cy", "")))
    return found


def _line_xs(root: ET.Element, index: int) -> list[list[float]]:
    """The x of every point of each line drawn for series `index`."""
    lines = []
    for serie in _series(root, index, "plot"):
        for path in serie.iter(f"{SVG}path"):
            numbers = re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))
            lines.append([float(x) for x in numbers[::2]])  # "M x y L x y x y …"
    return lines


def _assert_clean(svg: str) -> None:
    """Nothing the CSP blocks: no script, no <style>, no style="" attribute; no duplicate ids."""
    assert "<script" not in svg and "<style" not in svg and "style=" not in svg
    assert " id=" not in svg


PHATTHALUNG = [
    Point("phatthalung1", "สพป.พัทลุง เขต 1", Decimal("8.95")),
    Point("phatthalung2", "สพป.พัทลุง เขต 2", Decimal("8.98")),
    Point("a", "A", Decimal("5.10")),
    Point("b", "B", Decimal("12.40")),
    Point("c", "C", Decimal("8.98")),
    Point("d", "D", Decimal("10.00")),
]


def test_each_office_is_drawn_at_its_own_value() -> None:
    svg = distribution_chart(
        PHATTHALUNG, unit="minutes", median=Decimal("8.98"), highlight="phatthalung2"
    )
    _assert_clean(svg)
    root = _tree(svg)
    others = _dots(root, 0)
    chosen = _dots(root, 1)
    assert list(chosen) == ["สพป.พัทลุง เขต 2: 8.98"]
    x = {title.split(":")[0]: cx for title, (cx, _cy) in {**others, **chosen}.items()}
    # Two offices 0.03 apart are at two x, in their order; x is proportional to the value.
    assert x["สพป.พัทลุง เขต 1"] < x["สพป.พัทลุง เขต 2"]
    scale = (x["B"] - x["A"]) / (12.40 - 5.10)
    for point in PHATTHALUNG:
        expected = x["A"] + (float(point.value) - 5.10) * scale
        assert x[point.label] == pytest.approx(expected, abs=0.01), point.label
    # Offices with the same value share the x and are stacked instead.
    assert x["C"] == pytest.approx(x["สพป.พัทลุง เขต 2"])
    assert chosen["สพป.พัทลุง เขต 2: 8.98"][1] != others["C: 8.98"][1]
    # The national median is a vertical line at its value: through the office whose value it is.
    (median_line,) = _line_xs(root, 2)
    assert median_line[0] == pytest.approx(median_line[1])
    assert median_line[0] == pytest.approx(x["สพป.พัทลุง เขต 2"], abs=0.01)
    assert x["สพป.พัทลุง เขต 1"] < median_line[0]
    legend = [t.text for t in root.iter(f"{SVG}text")]
    assert "ค่ามัธยฐานระดับประเทศ 8.98" in legend or "National median 8.98" in legend


def test_a_median_between_offices_is_drawn_between_them() -> None:
    points = [Point(f"o{n}", f"o{n}", Decimal(v)) for n, v in enumerate([10, 20, 30, 40])]
    root = _tree(distribution_chart(points, unit="cards", median=Decimal(25)))
    x = {t.split(":")[0]: cx for t, (cx, _cy) in _dots(root, 0).items()}
    (median_line,) = _line_xs(root, 2)
    assert median_line[0] == pytest.approx((x["o1"] + x["o2"]) / 2, abs=0.01)


def test_dots_stack_only_where_they_would_overlap() -> None:
    assert swarm_levels([1.0, 1.0, 1.0, 5.0], 0.5) == [0, 1, 2, 0]
    assert swarm_levels([1.0, 1.2, 2.0], 0.5) == [0, 1, 0]
    assert swarm_levels([3.0, 1.0, 1.6], 0.5) == [0, 0, 0]


def test_distribution_draws_dots_while_they_fit_and_bars_beyond() -> None:
    few = [Point(f"o{n}", f"<b>office {n}</b>", Decimal(n)) for n in range(20)]
    svg = distribution_chart(few, unit="cards", median=Decimal("9.5"), highlight="o3")
    _assert_clean(svg)
    assert svg.count("<circle") == 20 and 'class="rect' not in svg
    assert "&lt;b&gt;office 3&lt;/b&gt;: 3" in svg and "<b>" not in svg  # names are escaped
    many = [Point(f"o{n}", f"office {n}", Decimal(n % 7)) for n in range(2000)]
    svg = distribution_chart(many, unit="cards", median=Decimal(3), highlight="o5")
    _assert_clean(svg)
    assert 'class="rect' in svg and "<circle" not in svg
    # The chosen office's bar is its own series, in the accent colour.
    (chosen,) = _series(_tree(svg), 1, "plot")
    assert len([r for r in chosen.iter(f"{SVG}rect")]) == 1
    # Its bar is titled with its name and value, and how many offices the bar counts.
    assert re.search(r"<title>office 5: 5 · 28[56] (offices|สำนักงาน)</title>", svg)
    assert re.search(r"<title>\d+ (offices|สำนักงาน)</title>", svg)  # the other bars
    colour = f"{{stroke:{ACCENT_COLOUR};fill:{ACCENT_COLOUR}}}"
    rule = f".chart--distribution .color-1,.chart--distribution .color-1 a:visited{colour}"
    assert rule in chart_stylesheet().replace("\n", "")


def test_no_values_says_so() -> None:
    svg = distribution_chart([], unit="cards", median=None)
    _assert_clean(svg)
    assert "No values." in svg or "ไม่มีข้อมูล" in svg


def _trend(years: list[int], office: list[Decimal | None]) -> ET.Element:
    series = trend_series(
        office_name="office",
        office=office,
        national=[Decimal(4)] * len(years),
        peer=[None] * len(years),
        peer_name="peers",
    )
    svg = trend_chart(years, series, unit="people")
    _assert_clean(svg)
    return _tree(svg)


def test_trend_chart_breaks_its_line_at_a_missing_year() -> None:
    root = _trend([2555, 2556, 2557], [Decimal(5), None, Decimal(7)])
    assert len(_line_xs(root, 0)) == 1  # the national median, one line
    assert _line_xs(root, 2) == []  # the office has a gap: two single dots, no line
    assert len(_dots(root, 0)) + len(_dots(root, 2)) == 5
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "2555" in labels and "2557" in labels


def test_trend_years_are_spaced_by_their_distance() -> None:
    years = [2557, 2566, 2567, 2568, 2569]
    root = _trend(years, [Decimal(1942), Decimal(1950), Decimal(1960), Decimal(1971), None])
    x = {int(t.split()[1].rstrip(":")): cx for t, (cx, _cy) in _dots(root, 2).items()}
    step = x[2567] - x[2566]
    assert step > 0
    assert x[2566] - x[2557] == pytest.approx(9 * step, abs=0.01)  # nine years, not one
    assert x[2568] - x[2567] == pytest.approx(step, abs=0.01)
    # The line is not drawn across the years not collected (2558–2565).
    (national,) = [xs for xs in _line_xs(root, 0)]
    assert national[0] == pytest.approx(x[2566], abs=0.01)
    (office,) = _line_xs(root, 2)
    assert office == pytest.approx([x[2566], x[2567], x[2568]], abs=0.01)
    # Higher values are higher up, in proportion.
    y = {int(t.split()[1].rstrip(":")): cy for t, (_cx, cy) in _dots(root, 2).items()}
    assert y[2557] > y[2566] > y[2567] > y[2568]
    assert (y[2566] - y[2567]) / (y[2567] - y[2568]) == pytest.approx(10 / 11, rel=0.01)


def test_the_stylesheet_is_scoped_to_the_charts_and_up_to_date() -> None:
    assert STYLESHEET.read_text(encoding="utf-8") == chart_stylesheet(), (
        "pygal or the charts' colours changed: run `manage.py chart_stylesheet`"
    )
    css = re.sub(r"/\*.*?\*/", "", chart_stylesheet(), flags=re.DOTALL)
    selectors = [s.strip() for rule in re.findall(r"([^{}]+)\{", css) for s in rule.split(",")]
    assert selectors and all(
        s.startswith((".chart--distribution", ".chart--trend")) for s in selectors
    )
    assert "url(" not in css and "@import" not in css  # nothing fetched from elsewhere

"""What every screen's presenters share: the statuses' order and colours, the moment kept in
links, targets by group and programme, small trend lines and chart numbers."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from urllib.parse import urlencode

from targets import deadlines
from targets import progress as engine
from targets.models import Programme, Target

# Statuses in the order charts stack them, best first; the colours are the Okabe–Ito palette,
# which stays distinguishable with the common colour-vision deficiencies (and every status is
# also written in words next to its colour).
STATUS_ORDER = [
    engine.Status.EXCEEDED,
    engine.Status.ACHIEVED,
    engine.Status.ON_TRACK,
    engine.Status.BEHIND,
    engine.Status.NO_DATA,
    engine.Status.NO_PLAN,
    engine.Status.NOT_DUE,
]
STATUS_COLOURS = {
    engine.Status.EXCEEDED: "#006d4f",
    engine.Status.ACHIEVED: "#009e73",
    engine.Status.ON_TRACK: "#56b4e9",
    engine.Status.BEHIND: "#e69f00",
    engine.Status.NO_DATA: "#999999",
    engine.Status.NO_PLAN: "#cc79a7",
    engine.Status.NOT_DUE: "#d9d9d9",
}


def moment_query(term_label: str, year: int, quarter: int, **extra) -> str:
    """The query string every page keeps so that links stay at the chosen moment."""
    return urlencode({"term": term_label, "year": year, "quarter": quarter, **extra})


def previous_quarter_label(term, year: int, quarter: int) -> str:
    """The quarter before, as the entry and review pages name their column of its figures:
    "4/2022"; empty at the term's first quarter (a ward created in 2025 has no 2025 Q3, a term
    has no figures of the one before it), where the pages show no such column."""
    previous_year, previous = engine.previous_quarter(year, quarter)
    if not deadlines.term_reports(term, previous_year, previous):
        return ""
    return f"{previous}/{previous_year}"


def by_group_and_programme(items: list, target_of: Callable) -> list[tuple[str, str, list]]:
    """Items by group (in the order of Target.Group), then by programme (in the order the items
    come, which is programme number, then code): [(group, label, [(programme, [item])])]. The
    dashboard and the entry page share it, so that both show targets in one order."""
    blocks = []
    for group, label in Target.Group.choices:
        programmes: list[tuple[Programme | None, list]] = []
        for item in items:
            target = target_of(item)
            if target.group != group:
                continue
            if programmes and programmes[-1][0] == target.programme:
                programmes[-1][1].append(item)
            else:
                programmes.append((target.programme, [item]))
        if programmes:
            blocks.append((group, str(label), programmes))
    return blocks


SPARK_WIDTH = 80
SPARK_HEIGHT = 20


def sparkline(values: list[Decimal | None]) -> str:
    """Points of a small trend line through the quarters that have figures, scaled into a
    SPARK_WIDTH × SPARK_HEIGHT box (y grows downwards in SVG)."""
    points = [(index, value) for index, value in enumerate(values) if value is not None]
    if len(points) < 2:
        return ""
    low = min(value for _index, value in points)
    high = max(value for _index, value in points)
    span = high - low or Decimal(1)
    last = max(len(values) - 1, 1)
    coordinates = []
    for index, value in points:
        x = Decimal(index * SPARK_WIDTH) / last
        y = SPARK_HEIGHT - (value - low) / span * (SPARK_HEIGHT - 2) - 1
        coordinates.append(f"{x:.1f},{y:.1f}")
    return " ".join(coordinates)


def chart_number(value: Decimal | None) -> float | None:
    # Chart.js draws floats; the exact figures are in the table beside the chart.
    return None if value is None else float(value)

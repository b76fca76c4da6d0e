"""The target detail page: the chart of a target's quarters, year and term."""

from __future__ import annotations

from django.utils.translation import gettext as _

from targets import progress as engine
from targets.labels import quarter_label
from targets.presenters.common import chart_number


def target_chart(timeline: list[engine.TimelinePoint], unit: str = "") -> dict:
    """Chart.js data for a target: the quarterly figures, the year's value so far against the
    annual plan and the year's expected line; and the term's value against its expected line."""

    def series(key: str, label: str, value_of, **style) -> dict:
        data = [chart_number(value_of(point)) for point in timeline]
        return {"key": key, "label": label, **style, "data": data}

    return {
        "labels": [quarter_label(point.year, point.quarter) for point in timeline],
        "unit": unit,  # the y axis's title
        "quarters": _("Quarter"),  # the x axis's title
        "year": [
            series("figure", _("Quarterly figure"), lambda p: p.figure, type="bar"),
            series("year_value", _("Year value so far"), lambda p: p.progress.year_value),
            series("plan", _("Annual plan"), lambda p: p.progress.annual_plan, stepped=True),
            series(
                "expected",
                _("Expected by now (year)"),
                lambda p: p.progress.expected_year_value,
                dashed=True,
            ),
        ],
        "term": [
            series("term_value", _("Term value so far"), lambda p: p.progress.term_value),
            series(
                "expected",
                _("Expected by now (term)"),
                lambda p: p.progress.expected_term_value,
                dashed=True,
            ),
            series("target", _("Term target"), lambda p: p.progress.term_target, stepped=True),
        ],
    }

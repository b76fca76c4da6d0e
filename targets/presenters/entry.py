"""The quarterly entry page: each target's row with its form and a hint of what to type."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from targets import deadlines
from targets.models import Target
from targets.presenters.common import by_group_and_programme
from targets.selectors import EntryRow

# What to type for a target, by how its quarters add up (DESIGN.md "How progress is computed").
FIGURE_HINTS = {
    Target.Aggregation.SUM: gettext_lazy(
        "Quarter %(quarter)s/%(year)s alone, not the total since January."
    ),
    Target.Aggregation.LATEST: gettext_lazy("The level at the end of the quarter (%(end)s)."),
    Target.Aggregation.AVERAGE: gettext_lazy(
        "The rate from the start of the year to the end of the quarter (%(end)s)."
    ),
}


def figure_hint(target: Target, year: int, quarter: int) -> str:
    """A short hint beside a target's box saying what its quarterly figure is."""
    hint = FIGURE_HINTS.get(target.aggregation)
    if hint is None:
        return ""
    end = date_format(deadlines.quarter_end(year, quarter), "SHORT_DATE_FORMAT")
    return hint % {"quarter": quarter, "year": year, "end": end}


@dataclass(frozen=True)
class EntryItem:
    """One row of the entry page: the target with its figures, its form, and its hint."""

    row: EntryRow
    form: object  # the row's targets.forms.FigureForm
    hint: str


def entry_groups(rows: list[EntryRow], forms: list, year: int, quarter: int) -> list[tuple]:
    """The entry page's rows, each with its form and hint, by group and programme as on the
    dashboard: [(group, label, [(programme, [EntryItem])])]."""
    items = [
        EntryItem(row=row, form=form, hint=figure_hint(row.target, year, quarter))
        for row, form in zip(rows, forms, strict=True)
    ]
    return by_group_and_programme(items, lambda item: item.row.target)

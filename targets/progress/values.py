"""Reading the figures: the value of a year and of the term so far, by the target's
aggregation, and which figures enter them."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from targets.progress.inputs import (
    QUARTERS_PER_YEAR,
    VALUE_PLACES,
    Aggregation,
    Counts,
    Figures,
    TargetFigures,
)
from targets.progress.statuses import round_pct


def _year_quarters(figures: Figures, year: int, up_to_quarter: int) -> list[tuple[int, int]]:
    return sorted(key for key in figures if key[0] == year and 1 <= key[1] <= up_to_quarter)


def year_value(
    aggregation: Aggregation, figures: Figures, year: int, up_to_quarter: int = 4
) -> Decimal | None:
    """The value of one year from its quarterly figures up to a quarter.

    Sums add the quarters so far; latest values and averages take the latest quarter.
    """
    keys = _year_quarters(figures, year, up_to_quarter)
    return value_of_year(aggregation, figures, keys) if keys else None


def reported_quarters(
    figures: Figures, start_year: int, year: int, quarter: int
) -> dict[int, list[tuple[int, int]]]:
    """For each year of the term up to the moment that has figures, its reported quarters in
    order. One pass over the figures: the overview calls this for thousands of targets."""
    reported: dict[int, list[tuple[int, int]]] = {}
    for key in sorted(figures):
        each_year, each_quarter = key
        if each_year < start_year or not 1 <= each_quarter <= QUARTERS_PER_YEAR:
            continue
        if key > (year, quarter):
            break
        reported.setdefault(each_year, []).append(key)
    return reported


def year_value_with(aggregation: Aggregation, so_far: Decimal | None, figure: Decimal) -> Decimal:
    """A year's value once the figure of its next quarter is counted, from its value so far
    (None before its first figure): sums add the quarter; latest values, averages and ratios
    take the latest quarter."""
    if aggregation == Aggregation.SUM:
        return (_ZERO if so_far is None else so_far) + figure
    return figure


_ZERO = Decimal(0)


def value_of_year(
    aggregation: Aggregation, figures: Figures, keys: list[tuple[int, int]]
) -> Decimal:
    """The value of a year from the figures of its quarters that count (`keys`, in order)."""
    value = None
    for key in keys:
        value = year_value_with(aggregation, value, figures[key])
    return value


def values_by_year(
    aggregation: Aggregation, reported: dict[int, list[tuple[int, int]]], figures: Figures
) -> dict[int, Decimal]:
    return {
        each_year: value_of_year(aggregation, figures, keys) for each_year, keys in reported.items()
    }


def term_from_year_values(aggregation: Aggregation, values: dict[int, Decimal]) -> Decimal | None:
    # Made again at every quarter of a trend, for every target of an overview: the shared zero.
    if not values:
        return None
    if aggregation == Aggregation.SUM:
        return sum(values.values(), _ZERO)
    if aggregation in (Aggregation.LATEST, Aggregation.RATIO):
        return values[max(values)]
    return sum(values.values(), _ZERO) / len(values)


def _term_value_exact(
    aggregation: Aggregation, figures: Figures, start_year: int, year: int, quarter: int
) -> Decimal | None:
    reported = reported_quarters(figures, start_year, year, quarter)
    return term_from_year_values(aggregation, values_by_year(aggregation, reported, figures))


def term_value(
    aggregation: Aggregation, figures: Figures, start_year: int, year: int, quarter: int
) -> Decimal | None:
    """The value of the term so far: the sum, the latest, or the mean of the year values."""
    value = _term_value_exact(aggregation, figures, start_year, year, quarter)
    if value is None:
        return None
    return round_value(value)


def round_value(value: Decimal) -> Decimal:
    # A mean can have endless decimals; show it with the precision figures are stored with.
    return value.quantize(VALUE_PLACES, rounding=ROUND_HALF_UP)


def contributing_keys(
    aggregation: Aggregation, reported: dict[int, list[tuple[int, int]]], year: int
) -> set[tuple[int, int]]:
    """The figures that enter the year value of `year` or the term value at the moment."""
    if aggregation == Aggregation.SUM:
        return {key for keys in reported.values() for key in keys}
    # Levels, rates and ratios: a year value is its latest quarter. Averages use every year's,
    # latest values and ratios only the latest year's; the current year's counts either way.
    if aggregation == Aggregation.AVERAGE:
        counted = reported.keys()
    else:
        counted = {max(reported, default=year), year}
    return {reported[each][-1] for each in counted if each in reported}


def to_date_plan(plans: Mapping[int, Decimal], start_year: int, year: int) -> Decimal | None:
    """Sum of the annual plans of the term's years so far (sums only), or None if none."""
    values = [plans[each] for each in range(start_year, year + 1) if each in plans]
    if not values:
        return None
    return sum(values, Decimal(0))


def quarterly_series(
    target: TargetFigures, year: int, quarter: int
) -> list[tuple[int, int, Decimal | None]]:
    """Each quarter of the term up to the moment with its figure (None where missing): the
    data of a trend line."""
    series = []
    for each_year in range(target.start_year, year + 1):
        last = quarter if each_year == year else QUARTERS_PER_YEAR
        for each_quarter in range(1, last + 1):
            series.append((each_year, each_quarter, target.figures.get((each_year, each_quarter))))
    return series


def year_values(target: TargetFigures, year: int, quarter: int) -> dict[int, Decimal]:
    """Each year of the term up to the moment that has figures, with its year value (the
    columns of a mid-term review). Ratios are percentages with one decimal, as shown."""
    reported = reported_quarters(target.figures, target.start_year, year, quarter)
    values = values_by_year(Aggregation(target.aggregation), reported, target.figures)
    if target.aggregation == Aggregation.RATIO:
        return {each: round_pct(value) for each, value in values.items()}
    return values


def year_counts(target: TargetFigures, year: int, quarter: int) -> dict[int, Counts]:
    """For a ratio target, the counts behind each year's value up to the moment."""
    reported = reported_quarters(target.figures, target.start_year, year, quarter)
    return {
        each: target.counts[keys[-1]]
        for each, keys in reported.items()
        if keys[-1] in target.counts
    }

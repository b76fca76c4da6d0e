"""Percentages and statuses: a value against its plan or target, and the value expected by
the moment."""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import lru_cache

from targets.progress.inputs import HUNDRED, ONE_DECIMAL, Aggregation, Direction
from targets.progress.quarters import term_elapsed_share, year_elapsed_share


class Status(StrEnum):
    EXCEEDED = "exceeded"
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NO_DATA = "no_data"
    NO_PLAN = "no_plan"
    NOT_DUE = "not_due"


def round_pct(value: Decimal) -> Decimal:
    """One decimal, rounded half up: 96.2857 -> 96.3."""
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def percent(value: Decimal | None, reference: Decimal | None) -> Decimal | None:
    """value / reference × 100, one decimal; None if either is missing or the reference is 0."""
    if value is None or reference is None or reference == 0:
        return None
    return round_pct(value / reference * HUNDRED)


def meeting(direction: Direction) -> Callable[[Decimal, Decimal], bool]:
    """How a value meets a reference in this direction: at most it (lower is better), else at
    least it."""
    return operator.le if direction == Direction.DOWN else operator.ge


def meets(value: Decimal, reference: Decimal, direction: Direction) -> bool:
    return meeting(direction)(value, reference)


def classify(
    value: Decimal | None,
    reference: Decimal | None,
    expected: Decimal | None,
    direction: Direction,
) -> Status:
    """Status of a value against its plan or target, and the expected value by now.

    No data wins over no plan: a missing figure is what the committee has to act on.
    """
    return classify_lazily(value, reference, meeting(direction), _given, expected)


def classify_lazily[*Args](
    value: Decimal | None,
    reference: Decimal | None,
    reaches: Callable[[Decimal, Decimal], bool],
    expected: Callable[[*Args], Decimal | None],
    *args: *Args,
) -> Status:
    """classify() with the direction's comparison (meeting) and the expected value by now as
    `expected(*args)`, computed only when it decides: when the value falls short of its plan
    or target (classify_each of one value)."""
    return classify_each((value,), (reference,), reaches, lambda: (expected(*args),))[0]


def classify_each(
    values: Sequence[Decimal | None],
    references: Sequence[Decimal | None],
    reaches: Callable[[Decimal, Decimal], bool],
    expected: Callable[[], Sequence[Decimal | None]],
) -> list[Status]:
    """classify() of each value against the reference at the same place, with the direction's
    comparison (meeting). `expected()` gives the values expected by then at every place; it
    is asked for once at most, when a value first falls short (the only case it decides).
    The one home of the rule: an overview classifies a target at all the quarters of its
    trend in one call (hundreds of thousands of values), where a call or two per value would
    cost more than the rule itself."""
    found = []
    append = found.append
    paces = None
    for index, value in enumerate(values):
        if value is None:
            append(_NO_DATA)
            continue
        reference = references[index]
        if reference is None:
            append(_NO_PLAN)
        elif value == reference:
            append(_ACHIEVED)
        elif reaches(value, reference):
            append(_EXCEEDED)
        else:
            if paces is None:
                paces = expected()
            pace = paces[index]
            append(_ON_TRACK if pace is not None and reaches(value, pace) else _BEHIND)
    return found


# The members as plain names: looked up per value in classify_each.
_NO_DATA, _NO_PLAN, _ACHIEVED, _EXCEEDED, _ON_TRACK, _BEHIND = (
    Status.NO_DATA,
    Status.NO_PLAN,
    Status.ACHIEVED,
    Status.EXCEEDED,
    Status.ON_TRACK,
    Status.BEHIND,
)


def _given[T](value: T) -> T:
    return value


def expected_year_value(
    aggregation: Aggregation, plan: Decimal | None, quarter: int
) -> Decimal | None:
    """By the end of a quarter: the plan times the share of the year elapsed for sums, the
    plan itself otherwise. For targets not reported every quarter, pass the last quarter in
    which a figure was due (last_due_quarter)."""
    return expected_year_values(aggregation, (plan,), (quarter,))[0]


def expected_year_values(
    aggregation: Aggregation, plans: Sequence[Decimal | None], quarters: Sequence[int]
) -> list[Decimal | None]:
    """expected_year_value() of each plan by the end of the quarter at the same place."""
    if aggregation == Aggregation.SUM:
        return [
            None if plan is None else plan * year_elapsed_share(quarter)
            for plan, quarter in zip(plans, quarters, strict=True)
        ]
    return list(plans)


def expected_term_value(
    aggregation: Aggregation,
    baseline: Decimal | None,
    term_target: Decimal | None,
    start_year: int,
    end_year: int,
    year: int,
    quarter: int,
) -> Decimal | None:
    """The straight line from the baseline at the start of the term to the target at its end.

    Sums start from 0; a target without a baseline also starts from 0.
    """
    return expected_term_values(
        aggregation, baseline, (term_target,), start_year, end_year, (year,), (quarter,)
    )[0]


def expected_term_values(
    aggregation: Aggregation,
    baseline: Decimal | None,
    term_targets: Sequence[Decimal | None],
    start_year: int,
    end_year: int,
    years: tuple[int, ...],
    quarters: tuple[int, ...],
) -> list[Decimal | None]:
    """expected_term_value() of each term target by the end of the year and quarter at the
    same place."""
    start = _ZERO if aggregation == Aggregation.SUM or baseline is None else baseline
    return [
        None if term_target is None else start + (term_target - start) * share
        for term_target, share in zip(
            term_targets, _term_shares(start_year, end_year, years, quarters), strict=True
        )
    ]


@lru_cache(maxsize=1024)  # the same quarters of a trend for every target of an overview
def _term_shares(
    start_year: int, end_year: int, years: tuple[int, ...], quarters: tuple[int, ...]
) -> tuple[Decimal, ...]:
    """term_elapsed_share() at each (year, quarter)."""
    return tuple(
        term_elapsed_share(start_year, end_year, year, quarter)
        for year, quarter in zip(years, quarters, strict=True)
    )


_ZERO = Decimal(0)

"""Percentages and statuses: a value against its plan or target, and the value expected by
the moment."""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

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
    or target. An overview classifies hundreds of thousands of values."""
    if value is None:
        return Status.NO_DATA
    if reference is None:
        return Status.NO_PLAN
    if value == reference:
        return Status.ACHIEVED
    if reaches(value, reference):
        return Status.EXCEEDED
    pace = expected(*args)
    if pace is not None and reaches(value, pace):
        return Status.ON_TRACK
    return Status.BEHIND


def _given[T](value: T) -> T:
    return value


def expected_year_value(
    aggregation: Aggregation, plan: Decimal | None, quarter: int
) -> Decimal | None:
    """By the end of a quarter: the plan times the share of the year elapsed for sums, the
    plan itself otherwise. For targets not reported every quarter, pass the last quarter in
    which a figure was due (last_due_quarter)."""
    if plan is None:
        return None
    if aggregation == Aggregation.SUM:
        return plan * year_elapsed_share(quarter)
    return plan


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
    if term_target is None:
        return None
    start = _ZERO if aggregation == Aggregation.SUM or baseline is None else baseline
    share = term_elapsed_share(start_year, end_year, year, quarter)
    return start + (term_target - start) * share


_ZERO = Decimal(0)

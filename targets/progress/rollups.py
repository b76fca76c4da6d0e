"""A parent target seen through its committees' child targets: totals, ranking and who is
holding it back."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from targets.progress.inputs import Aggregation, Counts, Direction
from targets.progress.ratios import add_counts, counts_pct
from targets.progress.statuses import Status
from targets.progress.target import Progress

_STATUS_RANK = {
    Status.EXCEEDED: 0,
    Status.ACHIEVED: 1,
    Status.ON_TRACK: 2,
    Status.BEHIND: 3,
    Status.NO_PLAN: 4,
    Status.NOT_DUE: 5,
    Status.NO_DATA: 6,
}
HOLDING_BACK = frozenset({Status.BEHIND, Status.NO_DATA})


@dataclass(frozen=True)
class Contribution:
    """One committee's child target under a parent target."""

    committee: str
    progress: Progress


@dataclass(frozen=True)
class Rollup:
    """A parent target seen through its children.

    For sums, the totals of the children's year and term values; for ratios, the children's
    counts added up and their percentage; for the others no total (the children's values are
    listed, not added up).
    """

    year_total: Decimal | None
    term_total: Decimal | None
    contributions: tuple[Contribution, ...]
    holding_back: tuple[str, ...]
    year_counts: Counts | None = None
    term_counts: Counts | None = None


def _total(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [value for value in values if value is not None]
    return sum(present, Decimal(0)) if present else None


def rollup(
    aggregation: Aggregation, direction: Direction, contributions: Sequence[Contribution]
) -> Rollup:
    """Totals (for sums), the children ranked best first, and the committees holding it back
    (behind, or not reported, for the year or the term)."""
    aggregation = Aggregation(aggregation)
    sign = Decimal(-1) if Direction(direction) == Direction.UP else Decimal(1)

    def rank(item: Contribution):
        value = item.progress.term_value
        return (
            _STATUS_RANK[item.progress.term_status],
            value is None,
            sign * value if value is not None else Decimal(0),
            item.committee,
        )

    ranked = tuple(sorted(contributions, key=rank))
    is_sum = aggregation == Aggregation.SUM
    year_total = _total(item.progress.year_value for item in ranked) if is_sum else None
    term_total = _total(item.progress.term_value for item in ranked) if is_sum else None
    year_sum = term_sum = None
    if aggregation == Aggregation.RATIO:
        year_sum = add_counts(item.progress.year_counts for item in ranked)
        term_sum = add_counts(item.progress.term_counts for item in ranked)
        year_total, term_total = counts_pct(year_sum), counts_pct(term_sum)
    return Rollup(
        year_total=year_total,
        term_total=term_total,
        year_counts=year_sum,
        term_counts=term_sum,
        contributions=ranked,
        holding_back=tuple(
            item.committee
            for item in ranked
            if item.progress.annual_status in HOLDING_BACK
            or item.progress.term_status in HOLDING_BACK
        ),
    )

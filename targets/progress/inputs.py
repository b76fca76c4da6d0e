"""What the engine is given about a target: its kinds (aggregation, frequency, direction),
the counts of a ratio figure, the revisions of its target and plans, and the shared constants."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

QUARTERS_PER_YEAR = 4
HUNDRED = Decimal(100)
ONE_DECIMAL = Decimal("0.1")
# Term values of averages are rounded to the precision figures are stored with.
VALUE_PLACES = Decimal("0.0001")


class Aggregation(StrEnum):
    SUM = "sum"  # Cộng dồn: a figure is what happened in that quarter alone
    LATEST = "latest"  # Giá trị cuối: a figure is the level at the end of the quarter
    AVERAGE = "average"  # Bình quân: a figure is the year-to-date rate
    RATIO = "ratio"  # Tỷ lệ: a figure is a count of a count (26 of 27) at the end of the quarter


class Frequency(StrEnum):
    """How often a target is reported (Kỳ báo cáo)."""

    QUARTER = "quarter"
    HALF_YEAR = "half_year"  # figures in Q2 and Q4
    YEAR = "year"  # a figure in Q4


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"


Figures = Mapping[tuple[int, int], Decimal]


@dataclass(frozen=True)
class Counts:
    """The two counts of a ratio figure: 26 (numerator) of 27 (denominator)."""

    numerator: Decimal
    denominator: Decimal


@dataclass(frozen=True)
class Revision:
    """A decision changing the term target (plan_year None) or one year's plan, in force from
    the quarter (from_year, from_quarter) on."""

    value: Decimal
    from_year: int
    from_quarter: int
    basis: str = ""
    plan_year: int | None = None

    @property
    def previous_moment(self) -> tuple[int, int]:
        """The quarter just before it takes force."""
        if self.from_quarter > 1:
            return self.from_year, self.from_quarter - 1
        return self.from_year - 1, QUARTERS_PER_YEAR


@dataclass(frozen=True)
class TargetFigures:
    """Everything the engine needs about one target, as plain values."""

    aggregation: Aggregation
    direction: Direction
    start_year: int
    end_year: int
    baseline: Decimal | None = None
    term_target: Decimal | None = None
    plans: Mapping[int, Decimal] = field(default_factory=dict)
    figures: Figures = field(default_factory=dict)
    estimates: frozenset[tuple[int, int]] = frozenset()
    frequency: Frequency = Frequency.QUARTER
    # Ratio targets: the counts of each figure; `figures` holds their percentages, built from
    # them by ratio_figures().
    counts: Mapping[tuple[int, int], Counts] = field(default_factory=dict)
    revisions: Sequence[Revision] = ()

"""Moments and quarters: whether a moment lies in the term, how much of the term or year has
elapsed, and in which quarters a figure is due at each reporting frequency."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import cache

from targets.progress.inputs import QUARTERS_PER_YEAR, Frequency


def validate_moment(start_year: int, end_year: int, year: int, quarter: int) -> None:
    """Raise ValueError unless (year, quarter) is a quarter of the term."""
    if not 1 <= quarter <= QUARTERS_PER_YEAR:
        raise ValueError(f"quarter {quarter} is not between 1 and 4")
    if not start_year <= year <= end_year:
        raise ValueError(f"year {year} is outside the term {start_year}-{end_year}")


def latest_moment(keys: Iterable[tuple[int, int]]) -> tuple[int, int] | None:
    """The latest (year, quarter) among the keys of reported figures, or None."""
    return max(keys, default=None)


@cache  # a handful of moments per term, asked for by every target of an overview
def term_elapsed_share(start_year: int, end_year: int, year: int, quarter: int) -> Decimal:
    """Share of the term elapsed at the end of (year, quarter), between 0 and 1.

    A term runs from 1 January of its start year to 31 December of its end year.
    """
    total = (end_year - start_year + 1) * QUARTERS_PER_YEAR
    elapsed = (year - start_year) * QUARTERS_PER_YEAR + quarter
    elapsed = min(max(elapsed, 0), total)
    return Decimal(elapsed) / Decimal(total)


@cache
def year_elapsed_share(quarter: int) -> Decimal:
    return Decimal(quarter) / Decimal(QUARTERS_PER_YEAR)


# --- how often -----------------------------------------------------------------------------

DUE_QUARTERS = {
    Frequency.QUARTER: (1, 2, 3, 4),
    Frequency.HALF_YEAR: (2, 4),
    Frequency.YEAR: (4,),
}


def is_due(frequency: Frequency, quarter: int) -> bool:
    """Whether a target reported at this frequency has a figure due in the quarter."""
    return quarter in DUE_QUARTERS[Frequency(frequency)]


def frequencies_due(quarter: int) -> list[Frequency]:
    """The reporting frequencies with a figure due in the quarter."""
    return [frequency for frequency, due in DUE_QUARTERS.items() if quarter in due]


# By frequency and quarter: the latest quarter of the year up to it in which a figure was due.
_LAST_DUE = {
    (frequency, quarter): max((each for each in due if each <= quarter), default=0)
    for frequency, due in DUE_QUARTERS.items()
    for quarter in range(1, QUARTERS_PER_YEAR + 1)
}


def last_due_quarter(frequency: Frequency, quarter: int) -> int:
    """The latest quarter of the year up to `quarter` in which a figure was due; 0 if none yet
    (a yearly target in Q1–Q3)."""
    try:
        return _LAST_DUE[frequency, quarter]  # a Frequency or its value: the same key
    except KeyError:
        raise ValueError(f"no quarter {quarter} of frequency {frequency!r}") from None


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, QUARTERS_PER_YEAR)

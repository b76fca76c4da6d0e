"""Ratio figures: a count of a count (26 of 27) and its percentage; counts add up, their
percentages never average."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from targets.progress.inputs import HUNDRED, VALUE_PLACES, Counts
from targets.progress.statuses import round_pct


def check_counts(numerator: Decimal, denominator: Decimal) -> None:
    """Raise ValueError unless the counts make a ratio: a denominator above 0 and a numerator
    of at least 0 (a numerator above the denominator is allowed: more than the whole)."""
    if denominator is None or denominator <= 0:
        raise ValueError("the denominator must be greater than 0")
    if numerator is None or numerator < 0:
        raise ValueError("the numerator must not be negative")


def ratio_value(numerator: Decimal, denominator: Decimal) -> Decimal:
    """numerator / denominator × 100, exact to Decimal precision: 26/27 -> 96.2962…"""
    check_counts(numerator, denominator)
    return Decimal(numerator) / Decimal(denominator) * HUNDRED


def stored_ratio_value(numerator: Decimal, denominator: Decimal) -> Decimal:
    """The percentage a ratio figure is stored with (four decimals); the engine itself always
    works from the counts."""
    return ratio_value(numerator, denominator).quantize(VALUE_PLACES, rounding=ROUND_HALF_UP)


def ratio_figures(counts: Mapping[tuple[int, int], Counts]) -> dict[tuple[int, int], Decimal]:
    """The figures of a ratio target: each quarter's percentage from its counts."""
    return {key: ratio_value(item.numerator, item.denominator) for key, item in counts.items()}


def add_counts(counts: Iterable[Counts | None]) -> Counts | None:
    """Counts of several committees added up (never their percentages averaged)."""
    present = [item for item in counts if item is not None]
    if not present:
        return None
    return Counts(
        numerator=sum((item.numerator for item in present), Decimal(0)),
        denominator=sum((item.denominator for item in present), Decimal(0)),
    )


def counts_pct(counts: Counts | None) -> Decimal | None:
    """The percentage of counts as it is shown: 26/27 -> 96.3."""
    if counts is None or counts.denominator <= 0:
        return None
    return round_pct(ratio_value(counts.numerator, counts.denominator))

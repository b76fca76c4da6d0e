"""What deserves a reviewer's look in a submitted quarter: missing, estimated, unchanged and
largely changed figures."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from targets.progress.inputs import HUNDRED
from targets.progress.statuses import round_pct

# A figure that moves by more than this share from the previous quarter is flagged for review.
LARGE_CHANGE_PCT = Decimal(50)


def change_pct(previous: Decimal | None, current: Decimal | None) -> Decimal | None:
    """How much a figure moved from the previous quarter, in % of the previous one (one
    decimal); None without both figures or from zero."""
    if previous is None or current is None or previous == 0:
        return None
    return round_pct((current - previous) / abs(previous) * HUNDRED)


def is_large_change(previous: Decimal | None, current: Decimal | None) -> bool:
    """Flag for the reviewer: a move beyond LARGE_CHANGE_PCT, or a figure appearing from 0."""
    if previous is not None and current is not None and previous == 0:
        return current != 0
    pct = change_pct(previous, current)
    return pct is not None and abs(pct) > LARGE_CHANGE_PCT


@dataclass(frozen=True)
class ReviewFlags:
    """What deserves a reviewer's look in a submitted quarter: how many of its targets have no
    figure, carry an estimate, repeat last quarter's figure, or moved by more than
    LARGE_CHANGE_PCT from it."""

    missing: int = 0
    estimates: int = 0
    unchanged: int = 0
    large_changes: int = 0

    @property
    def any(self) -> bool:
        return bool(self.missing or self.estimates or self.unchanged or self.large_changes)


def review_flags(
    due: Iterable[object],
    figures: Mapping[object, tuple[Decimal, bool]],
    previous: Mapping[object, Decimal],
) -> ReviewFlags:
    """The flags of one quarter: `due` are the targets asked for in it, `figures` their figures
    as (value, is_estimate) and `previous` the previous quarter's figures, by target."""
    due = set(due)
    values = {key: figures[key] for key in due if key in figures}
    return ReviewFlags(
        missing=len(due) - len(values),
        estimates=sum(1 for _value, estimate in values.values() if estimate),
        unchanged=sum(
            1 for key, (value, _estimate) in values.items() if previous.get(key) == value
        ),
        large_changes=sum(
            1
            for key, (value, _estimate) in values.items()
            if is_large_change(previous.get(key), value)
        ),
    )

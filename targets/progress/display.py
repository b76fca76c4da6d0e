"""The precision a value is shown with, by its unit (writing it is targets.numbers)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# How many decimals a value is shown with, by its unit: percentages and rates need at most two,
# money in tỷ (billions of đồng) at most one; other units keep what the figures carry.
RATE_PLACES = 2
BILLIONS_PLACES = 1


def display_places(unit: str) -> int | None:
    """The most decimals a value in this unit is shown with, or None for as stored."""
    words = unit.strip().casefold()
    if "%" in words or "‰" in words or words.startswith("tỷ lệ") or words.startswith("lần"):
        return RATE_PLACES
    if words.startswith("tỷ"):
        return BILLIONS_PLACES
    return None


def displayed(value: Decimal, unit: str) -> Decimal:
    """A value rounded (half up) to the precision its unit needs, without trailing zeros:
    13.5067 % -> 13.51, 21180.212 tỷ đồng -> 21180.2, 1234 người -> 1234."""
    places = display_places(unit)
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return value.normalize()

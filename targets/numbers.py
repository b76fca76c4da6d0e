"""Numbers the Vietnamese way, in one place: read as people type them (1.075,5) and written
for people (12.993,5 in the page's language), for the contract's text files (1.075,5), for
machines (JSON, CSV: 12993.5) and for spreadsheets (Excel number formats).

Computed values are rounded by the engine (targets.progress.display); this module only reads
and writes them.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils import numberformat
from django.utils.formats import get_format, number_format

from targets.translations import gettext_remembered as _

# Figures are stored as DecimalField(18, 4): 14 digits before the decimal mark, 4 after.
DECIMAL_PLACES = 4
INTEGER_DIGITS = 14


class NumberError(ValueError):
    """Text that is not a number a figure can hold; the message says why, in Vietnamese."""


# --- reading -------------------------------------------------------------------------------

_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_PLAIN = re.compile(r"^[+-]?\d+(,\d+)?$")
# English pages take English numbers (1,075.5): the marks are swapped, then read the same way.
_ENGLISH_MARKS = str.maketrans({",": ".", ".": ","})


def parse_number(value) -> Decimal:
    """A numeric cell as it is; text the Vietnamese way: "1.113,733" is 1113.733, "12.993" is
    12993, "1075,5" is 1075.5. Spaces inside are ignored."""
    if isinstance(value, bool):
        raise NumberError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NumberError(_("“%(value)s” is not a number.") % {"value": value})
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        number = value
    else:
        text = re.sub(r"[\s\u00a0\u202f]", "", str(value))
        if _GROUPED.match(text):
            text = text.replace(".", "")
        elif not _PLAIN.match(text):
            raise NumberError(
                _("“%(value)s” is not a number (write it as 1.075,5).") % {"value": value}
            )
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise NumberError(_("“%(value)s” is not a number.") % {"value": value}) from None
    return _fits(number, value)


def _fits(number: Decimal, shown) -> Decimal:
    """Figures are stored with at most four decimals and fourteen integer digits."""
    if number.is_nan() or number.is_infinite():
        raise NumberError(_("“%(value)s” is not a number.") % {"value": shown})
    places = max(-number.normalize().as_tuple().exponent, 0)
    if places > DECIMAL_PLACES:
        raise NumberError(
            _("“%(value)s” has more than %(places)s decimal places.")
            % {"value": shown, "places": DECIMAL_PLACES}
        )
    if abs(number) >= Decimal(10) ** INTEGER_DIGITS:
        raise NumberError(_("“%(value)s” is too large.") % {"value": shown})
    return number


def english_page() -> bool:
    """Whether the page's language writes 1,075.5 rather than 1.075,5."""
    return get_format("DECIMAL_SEPARATOR") == "."


def parse_typed(text: str) -> Decimal:
    """A number typed into a form, in the page's language, read by the rules of parse_number."""
    return parse_number(text.translate(_ENGLISH_MARKS) if english_page() else text)


# --- writing -------------------------------------------------------------------------------


def grouped(value, places: int | None = None) -> str:
    """A number as people read it in the page's language, grouped, without trailing zeros
    (or with `places` decimals): Decimal("12993.5000") -> 12.993,5 in Vietnamese, 12,993.5 in
    English."""
    if type(value) is int and -1000 < value < 1000 and places is None:
        return str(value)  # nothing to group: most counts on a page, written without a lookup
    if isinstance(value, Decimal):
        value = value.normalize()
    return number_format(value, places, force_grouping=True)


def typed(value) -> str:
    """A number as it is typed back into a form in the page's language, without grouping."""
    if isinstance(value, Decimal):
        value = value.normalize()
    return numberformat.format(value, get_format("DECIMAL_SEPARATOR"), use_l10n=False)


def decimal_text(value: Decimal) -> str:
    """A decimal written exactly, without exponent or trailing zeros: 12993.0000 -> 12993."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def counts_text(numerator: Decimal, denominator: Decimal) -> str:
    """A ratio figure's counts written exactly: 26/27."""
    return f"{decimal_text(numerator)}/{decimal_text(denominator)}"


def number_text(value: Decimal | None) -> str:
    """A number written the contract's way for text files: 1.075,5 (exact, no grouping
    ambiguity for integers below a thousand)."""
    if value is None:
        return ""
    whole, _dot, fraction = decimal_text(value).partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + fraction if fraction else "")


# --- spreadsheets --------------------------------------------------------------------------

PCT_FORMAT = "0.0"
INTEGER_FORMAT = "#,##0"


def excel_format(value) -> str:
    """An Excel number format that shows the value as it is: integers as integers (never "95."),
    others with their own decimals, grouped by thousands."""
    if value is None:
        return "General"
    places = min(max(-Decimal(value).normalize().as_tuple().exponent, 0), DECIMAL_PLACES)
    return INTEGER_FORMAT + ("." + "0" * places if places else "")


def excel_pct_format(value) -> str:
    """Percentages of the engine have one decimal: 151 as 151, 96.3 as 96,3."""
    return "0" if value is None or Decimal(value) == Decimal(value).to_integral() else PCT_FORMAT

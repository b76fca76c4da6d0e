"""The spreadsheets' number formats: integers as integers (Excel would show "95." for
"#,##0.####"), other values with their own decimals."""

from decimal import Decimal

import pytest

from targets.reports import number_format, pct_format


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("95"), "#,##0"), (Decimal("95.0000"), "#,##0"), (Decimal("12993.5"), "#,##0.0"),
     (Decimal("13.5067"), "#,##0.0000"), (Decimal("1E+3"), "#,##0"), (7, "#,##0"),
     (None, "General")],
)  # fmt: skip
def test_values_keep_their_own_decimals_and_integers_none(value, expected):
    assert number_format(value) == expected


def test_percentages_show_their_one_decimal_only_when_they_have_one():
    assert pct_format(Decimal("151")) == "0"
    assert pct_format(Decimal("151.0")) == "0"
    assert pct_format(Decimal("96.3")) == "0.0"
    assert pct_format(None) == "0"

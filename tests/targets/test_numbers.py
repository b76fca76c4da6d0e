"""Numbers written in one place (targets.numbers): exactly for machines, grouped in the page's
language for people, as typed back into a form, and the spreadsheets' number formats: integers
as integers (Excel would show "95." for "#,##0.####"), other values with their own decimals."""

from decimal import Decimal

import pytest
from django.utils import translation

from targets.numbers import (
    counts_text,
    decimal_text,
    excel_format,
    excel_pct_format,
    grouped,
    parse_typed,
    typed,
)

D = Decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("95"), "#,##0"), (Decimal("95.0000"), "#,##0"), (Decimal("12993.5"), "#,##0.0"),
     (Decimal("13.5067"), "#,##0.0000"), (Decimal("1E+3"), "#,##0"), (7, "#,##0"),
     (None, "General")],
)  # fmt: skip
def test_values_keep_their_own_decimals_and_integers_none(value, expected):
    assert excel_format(value) == expected


def test_percentages_show_their_one_decimal_only_when_they_have_one():
    assert excel_pct_format(Decimal("151")) == "0"
    assert excel_pct_format(Decimal("151.0")) == "0"
    assert excel_pct_format(Decimal("96.3")) == "0.0"
    assert excel_pct_format(None) == "0"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (D("12993.0000"), "12993"),
        (D("13.4800"), "13.48"),
        (D("1113.733"), "1113.733"),
        (D("0.0000"), "0"),
        (D("-2.50"), "-2.5"),
        (D("1E+3"), "1000"),
    ],
)
def test_decimal_text_writes_decimals_exactly(value, text):
    assert decimal_text(value) == text


def test_counts_are_written_exactly():
    assert counts_text(D("26.0000"), D("27")) == "26/27"


@pytest.mark.parametrize(
    ("language", "value", "for_people", "for_typing"),
    [
        ("vi", D("12993.5000"), "12.993,5", "12993,5"),
        ("en", D("12993.5000"), "12,993.5", "12993.5"),
        ("vi", 1584, "1.584", "1584"),
    ],
)
def test_numbers_are_written_in_the_page_s_language(language, value, for_people, for_typing):
    with translation.override(language):
        assert grouped(value) == for_people
        assert typed(value) == for_typing


def test_a_typed_number_is_read_in_the_page_s_language():
    with translation.override("vi"):
        assert parse_typed("1.075,5") == D("1075.5")
    with translation.override("en"):
        assert parse_typed("1,075.5") == D("1075.5")

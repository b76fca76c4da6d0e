"""The contract's cell values: Vietnamese numbers, quarters, terms, choice words, headers."""

from decimal import Decimal

import pytest

from targets import numbers
from targets.workbook import contract as book
from targets.workbook.reading import read_csv


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("1.113,733", Decimal("1113.733")),
        ("12.993", Decimal("12993")),
        ("1075,5", Decimal("1075.5")),
        (" 2\u00a0850 ", Decimal("2850")),
        ("-1.234.567,25", Decimal("-1234567.25")),
        (14.84, Decimal("14.84")),
        (2850, Decimal("2850")),
        (Decimal("3004.6"), Decimal("3004.6")),
    ],
)
def test_numbers_are_read_the_vietnamese_way(cell, number):
    assert book.parse_number(cell) == number


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("14.84", "không phải là số"),  # a dot groups thousands: 14.84 is not a number
        ("1,5.3", "không phải là số"),
        ("mười", "không phải là số"),
        ("1,23456", "có quá 4 chữ số thập phân"),
        ("123.456.789.012.345", "quá lớn"),
        (True, "không phải là số"),
    ],
)
def test_a_bad_number_says_why(cell, message):
    with pytest.raises(book.CellError, match=message):
        book.parse_number(cell)


@pytest.mark.parametrize(
    ("cell", "quarter"), [(2, 2), ("2", 2), ("Q3", 3), ("q1", 1), ("IV", 4), (4.0, 4)]
)
def test_quarters_are_numbers_q_numbers_or_roman(cell, quarter):
    assert book.parse_quarter(cell) == quarter


@pytest.mark.parametrize("cell", [5, "0", "Q5", "V", "quý 2", ""])
def test_other_quarters_are_refused(cell):
    with pytest.raises(book.CellError, match="không phải quý hợp lệ"):
        book.parse_quarter(cell)


@pytest.mark.parametrize(
    ("cell", "words", "stored"),
    [
        ("Kinh tế - xã hội", book.GROUP_WORDS, "socio_economic"),
        ("kinh te – xa hoi", book.GROUP_WORDS, "socio_economic"),
        ("QUỐC PHÒNG - AN NINH", book.GROUP_WORDS, "defence_security"),
        ("Cong don", book.AGGREGATION_WORDS, "sum"),
        ("gia tri cuoi", book.AGGREGATION_WORDS, "latest"),
        ("Tang", book.DIRECTION_WORDS, "up"),
        ("giảm", book.DIRECTION_WORDS, "down"),
        ("Thi xa", book.LEVEL_WORDS, "town"),
        ("Phường", book.LEVEL_WORDS, "ward"),
    ],
)
def test_choice_words_match_with_or_without_diacritics(cell, words, stored):
    assert book.parse_choice(cell, words) == stored


def test_an_unknown_choice_lists_the_words_it_takes():
    with pytest.raises(book.CellError, match="Tăng, Giảm"):
        book.parse_choice("Lên", book.DIRECTION_WORDS)


@pytest.mark.parametrize(
    ("cell", "estimate"),
    [
        ("x", True),
        ("X", True),
        ("có", True),
        (1, True),
        (None, False),
        ("", False),
        ("không", False),
    ],
)
def test_the_estimate_mark(cell, estimate):
    assert book.parse_estimate(cell) is estimate


@pytest.mark.parametrize(
    ("cell", "years"), [("2020-2025", (2020, 2025)), ("2020 – 2025", (2020, 2025))]
)
def test_terms(cell, years):
    assert book.parse_term(cell) == years


@pytest.mark.parametrize("cell", ["2025-2020", "2020", "nhiệm kỳ VI"])
def test_bad_terms(cell):
    with pytest.raises(book.CellError):
        book.parse_term(cell)


@pytest.mark.parametrize(("cell", "congress"), [(6, 6), ("VI", 6), ("xvii", 17), ("4", 4)])
def test_congress_ordinals(cell, congress):
    assert book.parse_congress(cell) == congress


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("12993.0000"), "12.993"),
        (Decimal("1113.733"), "1.113,733"),
        (Decimal("0.5"), "0,5"),
        (Decimal("-1234567.5"), "-1.234.567,5"),
    ],
)
def test_numbers_are_written_for_text_files_so_they_read_back(value, text):
    assert numbers.number_text(value) == text
    assert book.parse_number(text) == value


def test_a_csv_sheet_with_bom_semicolons_and_loose_headers_is_read():
    text = (
        "\ufeff mã đảng bộ ;NHIỆM KỲ;Mã chỉ tiêu;Năm;Quý;Giá trị;Ghi chú;Cột lạ\n"
        "TAYHO;2020-2025;CT02;2021;2;1.075,5;;bỏ qua\n"
        "\n"
        ";;;;;;;\n"
        "TAYHO;2020-2025;CT02;2021;3;9;;\n"
    )
    sheet = read_csv(text, book.FIGURES)
    assert [number for number, _row in sheet.rows] == [2, 5]  # empty rows skipped, numbers kept
    records = list(book.records(sheet))
    assert records[0][1]["committee"] == "TAYHO"
    assert records[0][1]["value"] == "1.075,5"
    assert "is_estimate" not in records[0][1]  # the optional column is absent
    assert book.missing_columns(sheet) == []

"""The spreadsheet contract of ../shared/IMPORT_FORMAT.md: sheets, headers, choice words and how
a cell's text becomes a value. Imports, exports, templates and the admin all use this module.

Messages are Vietnamese through gettext; they name what was found and what was expected.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter

from districts.models import Committee, from_roman, parse_term_label
from targets import numbers
from targets.models import Target
from targets.numbers import NumberError
from targets.translations import gettext_remembered as _

# Sheet names, in the order a workbook is imported (a later sheet may refer to an earlier one).
COMMITTEES = "Đảng bộ"
TERMS = "Nhiệm kỳ"
PROGRAMMES = "Chương trình"
TARGETS = "Chỉ tiêu"
PLANS = "Kế hoạch năm"
FIGURES = "Kết quả quý"
REVISIONS = "Điều chỉnh"


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    # A value is needed in every row (else the cell may be empty).
    required: bool = True
    # The column may be left out of the sheet (its field is then left as it is).
    optional: bool = False


# Every sheet after the first starts with its row's committee and term; the last three with
# the target too.
OF_A_TERM = [Column("Mã đảng bộ", "committee"), Column("Nhiệm kỳ", "term")]
OF_A_TARGET = [*OF_A_TERM, Column("Mã chỉ tiêu", "target")]

SHEETS: dict[str, list[Column]] = {
    COMMITTEES: [
        Column("Mã", "code"),
        Column("Tên", "name"),
        Column("Cấp", "level"),
        Column("Mã cấp trên", "parent", required=False),
    ],
    TERMS: [
        *OF_A_TERM,
        Column("Đại hội lần thứ", "congress"),
        # The quarter of the start year from which the term reports (Term.start_quarter).
        Column("Quý bắt đầu", "start_quarter", required=False, optional=True),
    ],
    PROGRAMMES: [
        *OF_A_TERM,
        Column("Số", "number"),
        Column("Tên", "name"),
    ],
    TARGETS: [
        *OF_A_TERM,
        Column("Mã", "code"),
        Column("Tên", "name"),
        Column("Nhóm", "group"),
        Column("Chương trình", "programme", required=False),
        Column("Đơn vị tính", "unit", required=False),
        Column("Cách tính", "aggregation"),
        Column("Chiều", "direction"),
        Column("Giá trị đầu kỳ", "baseline", required=False),
        Column("Chỉ tiêu nhiệm kỳ", "term_target", required=False),
        Column("Mã chỉ tiêu cấp trên", "parent", required=False),
        Column("Kỳ báo cáo", "frequency", required=False, optional=True),
    ],
    PLANS: [
        *OF_A_TARGET,
        Column("Năm", "year"),
        Column("Kế hoạch", "value"),
    ],
    FIGURES: [
        *OF_A_TARGET,
        Column("Năm", "year"),
        Column("Quý", "quarter"),
        # Needed except for a ratio target, whose value follows from its counts.
        Column("Giá trị", "value", required=False),
        Column("Ghi chú", "note", required=False),
        Column("Số ước", "is_estimate", required=False, optional=True),
        Column("Tử số", "numerator", required=False, optional=True),
        Column("Mẫu số", "denominator", required=False, optional=True),
    ],
    REVISIONS: [
        *OF_A_TARGET,
        Column("Năm kế hoạch", "plan_year", required=False),
        Column("Giá trị mới", "value"),
        Column("Hiệu lực từ", "from"),
        Column("Căn cứ", "basis"),
    ],
}

# Choice words, as the contract writes them, for each stored value.
LEVEL_WORDS = {
    Committee.Level.CITY: "Thành phố",
    Committee.Level.URBAN_DISTRICT: "Quận",
    Committee.Level.RURAL_DISTRICT: "Huyện",
    Committee.Level.TOWN: "Thị xã",
    Committee.Level.COMMUNE: "Xã",
    Committee.Level.WARD: "Phường",
    Committee.Level.GRASSROOTS: "Cơ sở",
}
GROUP_WORDS = {
    Target.Group.PARTY_BUILDING: "Xây dựng Đảng",
    Target.Group.SOCIO_ECONOMIC: "Kinh tế - xã hội",
    Target.Group.DEFENCE_SECURITY: "Quốc phòng - an ninh",
    Target.Group.OTHER: "Khác",
}
AGGREGATION_WORDS = {
    Target.Aggregation.SUM: "Cộng dồn",
    Target.Aggregation.LATEST: "Giá trị cuối",
    Target.Aggregation.AVERAGE: "Bình quân",
    Target.Aggregation.RATIO: "Tỷ lệ",
}
FREQUENCY_WORDS = {
    Target.Frequency.QUARTER: "Quý",
    Target.Frequency.HALF_YEAR: "6 tháng",
    Target.Frequency.YEAR: "Năm",
}
DIRECTION_WORDS = {Target.Direction.UP: "Tăng", Target.Direction.DOWN: "Giảm"}
ESTIMATE_WORD = "x"

TRUE_WORDS = {"x", "co", "1", "true", "yes"}
FALSE_WORDS = {"", "0", "khong", "false", "no"}
ROMAN_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}


class CellError(ValueError):
    """A cell whose text is not a value of its column; the message says why, in Vietnamese."""


# --- normalising text ----------------------------------------------------------------------


def normalise_header(text) -> str:
    """Headers and sheet names match after NFC normalisation and trimming, ignoring case."""
    return unicodedata.normalize("NFC", str(text or "")).strip().casefold()


def fold(text: str) -> str:
    """A choice word without case, diacritics, or differences in dashes and spaces:
    "Kinh tế – xã hội" and "kinh te - xa hoi" fold to the same text."""
    text = unicodedata.normalize("NFD", str(text)).replace("đ", "d").replace("Đ", "D")
    text = "".join(char for char in text if unicodedata.category(char) != "Mn")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"\s*-\s*", " - ", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def cell_text(value) -> str:
    """What a cell shows as text: empty for None, integers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def shown_cell(value) -> str:
    """A cell as a page shows it back to the person who typed it: numbers without grouping and
    with the page's decimal mark (a year stays 2021, 12.5 is 12,5 in Vietnamese), the rest as
    cell_text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return numbers.typed(Decimal(str(value)))
    return cell_text(value)


def is_empty(value) -> bool:
    return cell_text(value) == ""


# --- values --------------------------------------------------------------------------------


def parse_number(value) -> Decimal:
    """A number cell read the Vietnamese way (targets.numbers.parse_number)."""
    try:
        return numbers.parse_number(value)
    except NumberError as error:
        raise CellError(str(error)) from None


def parse_int(value, what: str) -> int:
    text = cell_text(value)
    if not re.fullmatch(r"\d+", text):
        raise CellError(_("“%(value)s” is not %(what)s.") % {"value": text, "what": what})
    return int(text)


def parse_year(value) -> int:
    text = cell_text(value)
    if not re.fullmatch(r"\d{4}", text):
        raise CellError(_("“%(value)s” is not a year (four digits).") % {"value": text})
    return int(text)


def parse_quarter(value) -> int:
    """1 to 4, also written Q1..Q4 or I..IV."""
    text = cell_text(value).upper().replace(" ", "")
    if text.startswith("Q"):
        text = text[1:]
    quarter = ROMAN_QUARTERS.get(text) or (int(text) if text.isdigit() else None)
    if quarter not in (1, 2, 3, 4):
        raise CellError(
            _("“%(value)s” is not a valid quarter (1–4).") % {"value": cell_text(value)}
        )
    return quarter


def parse_in_force(value) -> tuple[int, int]:
    """The first quarter in which a revision holds, written quý/năm: "2/2023" is (2023, 2)."""
    text = cell_text(value).replace(" ", "")
    match = re.fullmatch(r"(?:Q|q)?([1-4]|I{1,3}|IV)/(\d{4})", text)
    if match is None:
        raise CellError(
            _("“%(value)s” is not a quarter and year such as 2/2023.") % {"value": cell_text(value)}
        )
    quarter_text, year = match.groups()
    quarter = ROMAN_QUARTERS.get(quarter_text) or int(quarter_text)
    return int(year), quarter


def parse_term(value) -> tuple[int, int]:
    try:
        start_year, end_year = parse_term_label(cell_text(value))
    except ValueError:
        raise CellError(
            _("“%(value)s” is not a term such as 2020-2025.") % {"value": cell_text(value)}
        ) from None
    if start_year >= end_year:
        raise CellError(
            _("The term %(value)s must start before it ends.") % {"value": cell_text(value)}
        )
    return start_year, end_year


def parse_congress(value) -> int:
    """An integer or a Roman numeral: 6 or VI."""
    text = cell_text(value)
    if text.isdigit() and int(text) >= 1:
        return int(text)
    try:
        return from_roman(text)
    except ValueError:
        raise CellError(
            _("“%(value)s” is not a congress number (6 or VI).") % {"value": text}
        ) from None


def parse_choice(value, words: dict[str, str]) -> str:
    """A choice word, with or without diacritics, in any case."""
    wanted = fold(cell_text(value))
    for stored, word in words.items():
        if fold(word) == wanted:
            return str(stored)
    raise CellError(
        _("“%(value)s” is not one of: %(choices)s.")
        % {"value": cell_text(value), "choices": ", ".join(words.values())}
    )


def parse_estimate(value) -> bool:
    folded = fold(cell_text(value))
    if folded in TRUE_WORDS:
        return True
    if folded in FALSE_WORDS:
        return False
    raise CellError(
        _("“%(value)s” does not say whether the figure is an estimate (write x or leave empty).")
        % {"value": cell_text(value)}
    )


# --- sheets as read ------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetRows:
    """One sheet as read: its headers and its non-empty rows with their spreadsheet numbers
    (the header is row 1)."""

    name: str
    headers: list[str]
    rows: list[tuple[int, tuple]]


def sheet_for(name: str) -> str | None:
    """The contract's sheet of this name (normalised), or None for a sheet to ignore."""
    wanted = normalise_header(name)
    return next((sheet for sheet in SHEETS if normalise_header(sheet) == wanted), None)


def records(sheet: SheetRows) -> Iterator[tuple[int, dict]]:
    """Each row as {column key: cell}, only for the contract's columns present in the sheet."""
    positions = {}
    for index, header in enumerate(sheet.headers):
        for column in SHEETS[sheet.name]:
            if normalise_header(header) == normalise_header(column.header):
                positions.setdefault(column.key, index)
    if not positions:
        return
    keys = list(positions)
    indexes = list(positions.values())
    if len(indexes) == 1:
        indexes.append(indexes[0])  # itemgetter returns a tuple only for two items or more
    pick = itemgetter(*indexes)
    width = max(indexes) + 1
    for number, row in sheet.rows:
        if len(row) >= width:
            yield number, dict(zip(keys, pick(row), strict=False))
        else:
            yield number, {key: row[i] if i < len(row) else None for key, i in positions.items()}


def missing_columns(sheet: SheetRows) -> list[Column]:
    present = {normalise_header(header) for header in sheet.headers}
    return [
        column
        for column in SHEETS[sheet.name]
        if not column.optional and normalise_header(column.header) not in present
    ]

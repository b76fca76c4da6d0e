"""Reading and writing .xlsx files safely.

Reading: python-calamine reads the cells a sheet really holds, whatever dimension the file
declares, but it lays every sheet out as one dense rectangle, so that two cells at A1 and
XFD1048576 would ask for billions of cells. `inspect` therefore walks the file's XML first, as
a stream, and refuses a sheet whose rectangle is larger than the import's limits, and a file
whose parts unpack to far more than an upload may weigh.

Writing: a text cell starting with `=`, `+`, `-` or `@` is written as text with Excel's quote
prefix, never as a formula, so that a note typed as `=HYPERLINK(...)` stays a note in every
export and comes back unchanged on import.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.worksheet.worksheet import Worksheet

MIB = 1024 * 1024
# How much larger than the largest upload the file's parts may be once unpacked (xlsx XML
# compresses 10 to 30 times; a file packed much tighter is built to exhaust the reader).
UNPACKED_RATIO = 40
# The widest sheet read: the contract's sheets have at most 13 columns; extra columns are
# ignored, but each costs a cell in every row of the reader's rectangle.
MAX_COLUMNS = 64
FORMULA_STARTS = ("=", "+", "-", "@")


def _patterns(prefix: bytes) -> dict[str, re.Pattern]:
    return {
        "row": re.compile(rb"<%srow[\s>/]" % prefix),
        "row_number": re.compile(rb'<%srow\s(?:[^>]*?\s)?r="(\d+)"' % prefix),
        "row_content": re.compile(rb"<%srow\b[^>]*>(.*?)</%srow>" % (prefix, prefix), re.DOTALL),
        "cell": re.compile(rb"<%sc[\s>/]" % prefix),
        "cell_column": re.compile(rb'<%sc\s(?:[^>]*?\s)?r="([A-Z]+)\d+"' % prefix),
    }


_PLAIN = _patterns(b"")
_PREFIXED = _patterns(rb"(?:\w+:)?")
_CHUNK = 1 << 20


class FileTooLarge(ValueError):
    """The file or one of its sheets is over the import's limits; the message says which."""


def max_upload_bytes() -> int:
    return settings.IMPORT_MAX_UPLOAD_MB * MIB


def check_upload_size(size: int) -> None:
    if size > max_upload_bytes():
        raise FileTooLarge(
            _("The file weighs %(size)s MB; at most %(limit)s MB can be imported.")
            % {"size": number_format(size / MIB, 1), "limit": settings.IMPORT_MAX_UPLOAD_MB}
        )


@dataclass
class _Extent:
    rows: int = 0
    columns: int = 0


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _scan_sheet(stream, extent: _Extent, budget: list[int]) -> None:
    """The last row and column a worksheet's XML reaches. A row without a reference takes the
    next row; a cell without one the next column (the rare writers that leave references out
    are counted row by row)."""
    tail = b""
    while chunk := stream.read(_CHUNK):
        budget[0] -= len(chunk)
        if budget[0] < 0:
            return
        data = tail + chunk
        cut = data.rfind(b"</row>") + len(b"</row>") if b"</row>" in data else 0
        data, tail = data[:cut], data[cut:]
        _scan_rows(data, extent)
    _scan_rows(tail, extent)


def _scan_rows(data: bytes, extent: _Extent) -> None:
    # Elements may carry a namespace prefix (<x:row>); the slower patterns run only then.
    prefixed = b":row" in data or b":c " in data
    patterns = _PREFIXED if prefixed else _PLAIN
    numbers = patterns["row_number"].findall(data)
    if numbers:
        extent.rows = max(extent.rows, max(map(int, numbers)))
    extent.rows += len(patterns["row"].findall(data)) - len(numbers)
    letters = patterns["cell_column"].findall(data)
    if letters:
        extent.columns = max(extent.columns, _column_number(max(set(letters), key=_by_width)))
    if len(patterns["cell"].findall(data)) > len(letters):
        for row in patterns["row_content"].findall(data):
            extent.columns = max(extent.columns, len(patterns["cell"].findall(row)))


def _by_width(letters: bytes) -> tuple[int, bytes]:
    return len(letters), letters


def inspect(file) -> None:
    """Refuse, before anything reads it into memory, a workbook whose parts unpack to far more
    than an upload may weigh or whose sheets reach beyond the row or column limits."""
    budget = [max_upload_bytes() * UNPACKED_RATIO]
    try:
        with zipfile.ZipFile(file) as archive:
            for info in archive.infolist():
                if info.file_size > budget[0]:
                    raise FileTooLarge(_unpacked_message())
                extent = _Extent()
                with archive.open(info) as stream:
                    if info.filename.startswith("xl/worksheets/"):
                        _scan_sheet(stream, extent, budget)
                    else:
                        while chunk := stream.read(_CHUNK):
                            budget[0] -= len(chunk)
                            if budget[0] < 0:
                                break
                if budget[0] < 0:
                    raise FileTooLarge(_unpacked_message())
                _check_extent(extent)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
        raise ValueError(str(error)) from None
    finally:
        file.seek(0)


def _unpacked_message() -> str:
    return _("The file unpacks to more than %(limit)s MB; it cannot be imported.") % {
        "limit": settings.IMPORT_MAX_UPLOAD_MB * UNPACKED_RATIO
    }


def _check_extent(extent: _Extent) -> None:
    if extent.rows > settings.IMPORT_MAX_ROWS + 1:
        raise FileTooLarge(too_many_rows_message(extent.rows - 1))
    if extent.columns > MAX_COLUMNS:
        raise FileTooLarge(
            _("A sheet reaches column %(columns)s; at most %(limit)s columns can be read.")
            % {"columns": extent.columns, "limit": MAX_COLUMNS}
        )


def too_many_rows_message(rows: int) -> str:
    return _("A sheet has %(rows)s rows below its headers; at most %(limit)s can be imported.") % {
        "rows": rows,
        "limit": settings.IMPORT_MAX_ROWS,
    }


# --- writing ---------------------------------------------------------------------------------


def text_cell(worksheet: Worksheet, value) -> Cell | object:
    """A value for `worksheet.append`: text that a spreadsheet would take for a formula becomes
    a text cell with the quote prefix; anything else is left as it is (a negative number is a
    number)."""
    if isinstance(value, str) and (value.startswith(FORMULA_STARTS) or value in ERROR_CODES):
        cell = Cell(worksheet, value=value)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    return value


def append(worksheet: Worksheet, row) -> None:
    """Append a row, every text cell written as text."""
    worksheet.append([text_cell(worksheet, value) for value in row])

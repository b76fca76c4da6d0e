"""Reading workbooks (.xlsx) and sheets (.csv) safely.

Reading: python-calamine reads the cells a sheet really holds, whatever dimension the file
declares, but it lays every sheet out as one dense rectangle, so that two cells at A1 and
XFD1048576 would ask for billions of cells. `inspect` therefore walks the file's XML first, as
a stream, and refuses a sheet whose rectangle is larger than the import's limits, and a file
whose parts unpack to far more than an upload may weigh.

Rows are read whatever dimension a sheet declares; empty rows are skipped as they come, and no
more than IMPORT_MAX_ROWS rows are read from one sheet.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from python_calamine import CalamineWorkbook

from targets import numbers
from targets.translations import gettext_remembered as _
from targets.workbook.contract import CellError, SheetRows, cell_text, is_empty, sheet_for

MIB = 1024 * 1024
# How much larger than the largest upload the file's parts may be once unpacked (xlsx XML
# compresses 10 to 30 times; a file packed much tighter is built to exhaust the reader).
UNPACKED_RATIO = 40
# The widest sheet read: the contract's sheets have at most 13 columns; extra columns are
# ignored, but each costs a cell in every row of the reader's rectangle.
MAX_COLUMNS = 64


# A row's or a cell's reference (r="12" or r="AB12"); no other element of a sheet's XML has an
# attribute named r. Elements may carry a namespace prefix (<x:c>), attributes do not.
_SPACED = (re.compile(rb' r="[A-Z]{0,3}(\d+)"'), re.compile(rb' r="([A-Z]+)\d'))
_ANY_SPACE = (re.compile(rb'\sr="[A-Z]{0,3}(\d+)"'), re.compile(rb'\sr="([A-Z]+)\d'))
_CHUNK = 1 << 20
_ROW_CONTENT = re.compile(rb"<(?:\w+:)?row\b[^>]*>(.*?)</(?:\w+:)?row>", re.DOTALL)


class FileTooLarge(ValueError):
    """The file or one of its sheets is over the import's limits; the message says which."""


def max_upload_bytes() -> int:
    return settings.IMPORT_MAX_UPLOAD_MB * MIB


def check_upload_size(size: int) -> None:
    if size > max_upload_bytes():
        raise FileTooLarge(
            _("The file weighs %(size)s MB; at most %(limit)s MB can be imported.")
            % {"size": numbers.grouped(size / MIB, 1), "limit": settings.IMPORT_MAX_UPLOAD_MB}
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
    # Attributes are almost always separated by a space; any other white space before r=
    # switches to the slower patterns, so that a file cannot hide a reference from them.
    spaced = not any(b'%sr="' % space in data for space in (b"\t", b"\n", b"\r"))
    patterns = _SPACED if spaced else _ANY_SPACE
    numbers = patterns[0].findall(data)
    if numbers:
        extent.rows = max(extent.rows, int(max(set(numbers), key=_by_width)))
    letters = patterns[1].findall(data)
    if letters:
        extent.columns = max(extent.columns, _column_number(max(set(letters), key=_by_width)))
    prefixed = b":row" in data or b":c" in data
    rows = _count(data, b"row", prefixed)
    cells = _count(data, b"c", prefixed)
    # Rows and cells without a reference take the next place: count them as such.
    extent.rows += max(0, rows - (len(numbers) - len(letters)))
    if cells > len(letters):
        for row in _ROW_CONTENT.findall(data):
            extent.columns = max(extent.columns, _count(row, b"c", prefixed))


def _count(data: bytes, name: bytes, prefixed: bool) -> int:
    """How many elements of this name (with a namespace prefix too, if any) the XML holds."""
    starts = (b"<", b":") if prefixed else (b"<",)
    return sum(data.count(b"%s%s%s" % (start, name, end))
               for start in starts for end in (b" ", b">", b"/"))  # fmt: skip


def _by_width(letters: bytes) -> tuple[int, bytes]:
    return len(letters), letters


def inspect(file) -> int:
    """Refuse, before anything reads it into memory, a workbook whose parts unpack to far more
    than an upload may weigh or whose sheets reach beyond the row or column limits. The rows
    its sheets reach below their headers, all sheets together (empty rows included)."""
    budget = [max_upload_bytes() * UNPACKED_RATIO]
    rows = 0
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
                rows += max(extent.rows - 1, 0)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
        raise ValueError(str(error)) from None
    finally:
        file.seek(0)
    return rows


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


# --- reading ------------------------------------------------------------------------------


def _rows(values: Iterable, first: int = 1) -> tuple[list[str], list[tuple[int, tuple]]]:
    """Headers and the non-empty rows with their numbers; `first` is the number of the first
    row given (a reader may start below empty rows). Empty rows cost nothing kept; more rows
    than the limit stop the reading."""
    limit = settings.IMPORT_MAX_ROWS + 1
    iterator = iter(values)
    headers = [cell_text(cell) for cell in next(iterator, ())] if first == 1 else []
    rows = []
    for number, row in enumerate(iterator, start=first + 1 if first == 1 else first):
        if number > limit:
            raise CellError(too_many_rows_message(number - 1))
        if row.count("") + row.count(None) < len(row) and any(map(_filled, row)):
            rows.append((number, tuple(row)))
    return headers, rows


def _filled(cell) -> bool:
    return cell != "" and cell is not None and not is_empty(cell)


def read_workbook(file, *, first_only: bool = False) -> list[SheetRows]:
    """The contract's sheets of an .xlsx file (other sheets are ignored), every row the sheet
    holds whatever dimension it declares. `file` is a path or a binary file. `first_only`:
    the first sheet alone, whatever its name (a sheet imported on its own)."""
    if isinstance(file, str | Path):
        with open(file, "rb") as opened:
            return read_workbook(opened, first_only=first_only)
    with _refused():
        inspect(file)
        workbook = CalamineWorkbook.from_filelike(file)
    try:
        sheets = []
        for title in workbook.sheet_names[:1] if first_only else workbook.sheet_names:
            name = sheet_for(title) or ("" if first_only else None)
            if name is None:
                continue
            worksheet = workbook.get_sheet_by_name(title)
            start = worksheet.start or (0, 0)
            headers, rows = _rows(worksheet.iter_rows(), first=start[0] + 1)
            sheets.append(SheetRows(name=name, headers=headers, rows=rows))
        return sheets
    finally:
        workbook.close()


def workbook_rows(file) -> int:
    """The rows below the headers that an .xlsx file's sheets reach, from a streamed look at
    the file (nothing is read into memory): at most what an import of it checks. A file the
    import would refuse raises the CellError that read_workbook would."""
    with _refused():
        return inspect(file)


@contextlib.contextmanager
def _refused():
    """A file over the limits, or not a workbook at all, as the CellError an import reports."""
    try:
        yield
    except FileTooLarge as error:
        raise CellError(str(error)) from None
    except Exception as error:  # not a zip, not a workbook, broken XML: all mean the same
        raise CellError(
            _("The file is not an .xlsx workbook (%(error)s).") % {"error": error}
        ) from None


def read_csv(text: str, sheet: str) -> SheetRows:
    """One sheet from CSV text (UTF-8, with or without BOM; comma or semicolon separated)."""
    text = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    headers, rows = _rows(tuple(row) for row in csv.reader(io.StringIO(text), dialect))
    return SheetRows(name=sheet, headers=headers, rows=rows)

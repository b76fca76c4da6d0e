"""Writing .xlsx cells safely: a text cell starting with `=`, `+`, `-` or `@` (or looking like an
error value) is written as text with Excel's quote prefix, never as a formula, so that a note
typed as `=HYPERLINK(...)` stays a note in every export (the workbook, the template, each
sheet in the admin, the report) and comes back unchanged on import."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@")


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


def header_style(worksheet: Worksheet, row: int) -> None:
    """A header row: bold, wrapped, at the top of its cells."""
    for cell in worksheet[row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

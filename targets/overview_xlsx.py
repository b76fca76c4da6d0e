"""The overview of the committees under one as a spreadsheet, in the page's order and columns."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from targets import numbers
from targets.labels import REPORT_LABELS
from targets.workbook import writing


def overview_workbook(result, lines, columns, totals) -> bytes:
    """The overview as a spreadsheet: one row per committee in the page's order with the
    same columns (counts by status for the year and the term, shares achieved, the quarter's
    report, overdue quarters), and the totals row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Overview")
    writing.append(sheet, [_("%(committee)s: overview") % {"committee": result.root.name}])
    sheet["A1"].font = Font(bold=True, size=14)
    writing.append(
        sheet,
        [
            _(
                "Term %(term)s, quarter %(quarter)s/%(year)s: the committees directly under "
                "this one."
            )
            % {"term": result.term.label, "quarter": result.quarter, "year": result.year}
        ],
    )
    writing.append(sheet, [])
    writing.append(
        sheet,
        [
            f"{column.group} · {column.label}" if column.group else column.label
            for column in columns
        ],
    )
    header_row = sheet.max_row
    writing.header_style(sheet, header_row)
    for line in lines:
        row = line.row
        values = [row.committee.name]
        for column, value in line.cells:
            values.append(_sheet_value(column, value, row))
        writing.append(sheet, values)
        _format_overview_row(sheet, columns)
    writing.append(sheet, [_("Total"), *(_sheet_value(column, value) for column, value in totals)])
    _format_overview_row(sheet, columns)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 40
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    return writing.workbook_bytes(workbook)


def _sheet_value(column, value, row=None):
    if column.kind != "report":
        return value
    if row is None:
        return _("%(count)s not reported") % {"count": value}
    if row.imported:
        return _("imported")
    return str(REPORT_LABELS[row.report_status])


def _format_overview_row(sheet, columns) -> None:
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=sheet.max_row, column=index)
        if column.kind == "share":
            cell.number_format = numbers.excel_pct_format(cell.value)
        elif column.numeric:
            cell.number_format = numbers.INTEGER_FORMAT

"""The mid-term / year-end report as a spreadsheet, with the same numbers as the page."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from targets.presenters import REPORT_LABELS, Review, summary_sentence
from targets.progress import decimal_text
from targets.rendering import STATUS_LABELS
from targets.selectors import CommitteeProgress
from targets.workbook import writing

PCT_FORMAT = "0.0"
INTEGER_FORMAT = "#,##0"
MAX_PLACES = 4  # figures are stored with at most four decimals


def number_format(value) -> str:
    """An Excel number format that shows the value as it is: integers as integers (never "95."),
    others with their own decimals, grouped by thousands."""
    if value is None:
        return "General"
    places = min(max(-Decimal(value).normalize().as_tuple().exponent, 0), MAX_PLACES)
    return INTEGER_FORMAT + ("." + "0" * places if places else "")


def pct_format(value) -> str:
    """Percentages of the engine have one decimal: 151 as 151, 96.3 as 96,3."""
    return "0" if value is None or Decimal(value) == Decimal(value).to_integral() else PCT_FORMAT


def report_workbook(result: CommitteeProgress, review: Review, quarterly_report) -> bytes:
    """One sheet: a title, the summary lines, then one row per target with its year values,
    plans and percentages, term value, term target, term % and statuses. Numbers are numeric
    cells (Decimals written exactly), not text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Report")
    committee, term = result.committee, result.term
    writing.append(sheet, [committee.name])
    sheet["A1"].font = Font(bold=True, size=14)
    writing.append(
        sheet,
        [
            _("Term %(term)s (congress %(congress)s), to the end of quarter %(quarter)s/%(year)s")
            % {
                "term": term.label,
                "congress": term.congress_roman,
                "quarter": result.quarter,
                "year": result.year,
            }
        ],
    )
    for label, counts in ((_("Year"), result.summary.annual), (_("Term"), result.summary.term)):
        writing.append(sheet, [summary_sentence(label, counts, result.summary.targets)])
    if quarterly_report is not None and quarterly_report.assessment:
        writing.append(sheet, [_("Assessment"), quarterly_report.assessment])
    writing.append(sheet, [])

    header = [_("Code"), _("Target"), _("Unit")]
    for year in review.years:
        header += [
            _("Value %(year)s") % {"year": year},
            _("Plan %(year)s") % {"year": year},
            _("%% of plan %(year)s") % {"year": year},
        ]
    header += [
        _("Term value"),
        _("Term target"),
        _("%% of term target") % {},
        _("%% of plans to date") % {},
        _("Year status"),
        _("Term status"),
        _("Estimate"),
        _("Counts (latest figure)"),
        _("Original term target"),
        _("Basis of the revision"),
    ]
    writing.append(sheet, header)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")

    for label, rows in review.groups:
        writing.append(sheet, [label])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, italic=True)
        for item in rows:
            target, progress = item.row.target, item.row.progress
            line = [target.code, target.name, target.unit]
            for year in item.years:
                line += [year.value, year.plan, year.pct]
            line += [
                progress.term_value,
                progress.term_target,
                progress.term_pct,
                progress.to_date_pct,
                str(STATUS_LABELS[progress.annual_status]),
                str(STATUS_LABELS[progress.term_status]),
                _("yes") if progress.estimate else "",
                _counts_text(progress.term_counts),
                progress.original_term_target,
                progress.revision_basis or "",
            ]
            writing.append(sheet, line)
            _format_numbers(sheet, sheet.max_row, len(review.years))

    sheet.column_dimensions["B"].width = 60
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _counts_text(counts) -> str:
    if counts is None:
        return ""
    return f"{decimal_text(counts.numerator)}/{decimal_text(counts.denominator)}"


def _format_numbers(sheet, row: int, year_count: int) -> None:
    first = 4
    value_columns = []
    pct_columns = []
    for index in range(year_count):
        value_columns += [first + 3 * index, first + 3 * index + 1]
        pct_columns.append(first + 3 * index + 2)
    after = first + 3 * year_count
    value_columns += [after, after + 1]
    pct_columns += [after + 2, after + 3]
    for column in value_columns:
        cell = sheet.cell(row=row, column=column)
        cell.number_format = number_format(cell.value)
    for column in pct_columns:
        cell = sheet.cell(row=row, column=column)
        cell.number_format = pct_format(cell.value)


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
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
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
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
            cell.number_format = pct_format(cell.value)
        elif column.numeric:
            cell.number_format = INTEGER_FORMAT

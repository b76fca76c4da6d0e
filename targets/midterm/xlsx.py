"""The mid-term / year-end report as a spreadsheet, with the same numbers as the page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from targets import numbers
from targets.labels import STATUS_LABELS, summary_sentence
from targets.midterm.rows import Midterm, MidtermRow
from targets.selectors import CommitteeProgress
from targets.workbook import writing


def midterm_workbook(result: CommitteeProgress, midterm: Midterm, quarterly_report) -> bytes:
    """One sheet: a title, the summary lines, then one row per target with its year values,
    plans and percentages, term value, term target, term % and statuses. Numbers are numeric
    cells (Decimals written exactly), not text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Report")
    _title(sheet, result, quarterly_report)
    writing.append(sheet, _header(midterm.years))
    header_row = sheet.max_row
    writing.header_style(sheet, header_row)
    for label, rows in midterm.groups:
        writing.append(sheet, [label])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, italic=True)
        for item in rows:
            writing.append(sheet, _line(item))
            _format_numbers(sheet, sheet.max_row, len(midterm.years))
    sheet.column_dimensions["B"].width = 60
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3)
    return writing.workbook_bytes(workbook)


def _title(sheet, result: CommitteeProgress, quarterly_report) -> None:
    """The committee, the term and moment, the summary sentences and the assessment."""
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


def _header(years: list[int]) -> list[str]:
    header = [_("Code"), _("Target"), _("Unit")]
    for year in years:
        header += [
            _("Value %(year)s") % {"year": year},
            _("Plan %(year)s") % {"year": year},
            _("%% of plan %(year)s") % {"year": year},
        ]
    return header + [
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


def _line(item: MidtermRow) -> list:
    target, progress = item.row.target, item.row.progress
    line = [target.code, target.name, target.unit]
    for year in item.years:
        line += [year.value, year.plan, year.pct]
    counts = progress.term_counts
    return line + [
        progress.term_value,
        progress.term_target,
        progress.term_pct,
        progress.to_date_pct,
        str(STATUS_LABELS[progress.annual_status]),
        str(STATUS_LABELS[progress.term_status]),
        _("yes") if progress.estimate else "",
        numbers.counts_text(counts.numerator, counts.denominator) if counts else "",
        progress.original_term_target,
        progress.revision_basis or "",
    ]


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
        cell.number_format = numbers.excel_format(cell.value)
    for column in pct_columns:
        cell = sheet.cell(row=row, column=column)
        cell.number_format = numbers.excel_pct_format(cell.value)

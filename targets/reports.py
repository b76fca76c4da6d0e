"""The mid-term / year-end report as a spreadsheet, with the same numbers as the page."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from targets.presenters import Review, summary_sentence
from targets.progress import decimal_text
from targets.rendering import STATUS_LABELS
from targets.selectors import CommitteeProgress
from targets.workbook import writing

PCT_FORMAT = "0.0"
VALUE_FORMAT = "#,##0.####"


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
    for index in range(year_count):
        sheet.cell(row=row, column=first + 3 * index).number_format = VALUE_FORMAT
        sheet.cell(row=row, column=first + 3 * index + 1).number_format = VALUE_FORMAT
        sheet.cell(row=row, column=first + 3 * index + 2).number_format = PCT_FORMAT
    after = first + 3 * year_count
    sheet.cell(row=row, column=after).number_format = VALUE_FORMAT
    sheet.cell(row=row, column=after + 1).number_format = VALUE_FORMAT
    sheet.cell(row=row, column=after + 2).number_format = PCT_FORMAT
    sheet.cell(row=row, column=after + 3).number_format = PCT_FORMAT

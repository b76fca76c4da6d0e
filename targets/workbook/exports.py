"""Workbooks in the contract's format: a committee's whole term (which imports back unchanged)
and the empty template with example rows."""

from __future__ import annotations

from django.db.models import F
from openpyxl import Workbook
from openpyxl.styles import Font

from districts.models import Committee, Term
from targets.models import AnnualPlan, Figure, Programme, Revision, Target
from targets.workbook import contract as book
from targets.workbook import writing
from targets.workbook.resources import (
    AnnualPlanResource,
    CommitteeResource,
    FigureResource,
    ProgrammeResource,
    RevisionResource,
    TargetResource,
    TermResource,
)


def term_workbook(committee: Committee, term: Term) -> bytes:
    """Every sheet for one committee's term: the committee, the term, its programmes, targets,
    annual plans, quarterly figures and revisions. Importing it back changes nothing."""
    sheets = [
        (CommitteeResource, Committee.objects.filter(pk=committee.pk)),
        (TermResource, Term.objects.filter(pk=term.pk)),
        (ProgrammeResource, Programme.objects.filter(term=term).order_by("number")),
        (
            TargetResource,
            Target.objects.filter(term=term).order_by(
                F("programme__number").asc(nulls_last=True), "code"
            ),
        ),
        (
            AnnualPlanResource,
            AnnualPlan.objects.filter(target__term=term).order_by("target__code", "year"),
        ),
        (
            FigureResource,
            Figure.objects.filter(target__term=term).order_by("target__code", "year", "quarter"),
        ),
        (
            RevisionResource,
            Revision.objects.filter(target__term=term).order_by(
                "target__code", "from_year", "from_quarter", "plan_year"
            ),
        ),
    ]
    workbook = Workbook()
    workbook.remove(workbook.active)
    for resource_class, queryset in sheets:
        resource = resource_class()
        dataset = resource.export(queryset, force_native_type=True)
        _append_sheet(workbook, resource.sheet, dataset.headers, dataset)
    return writing.workbook_bytes(workbook)


# Example rows of the template, as in IMPORT_FORMAT.md.
EXAMPLES = {
    book.COMMITTEES: [
        ["HANOI", "Đảng bộ thành phố Hà Nội", "Thành phố", ""],
        ["TAYHO", "Đảng bộ quận Tây Hồ", "Quận", "HANOI"],
    ],
    book.TERMS: [
        ["HANOI", "2020-2025", "XVII"],
        ["TAYHO", "2020-2025", "VI"],
    ],
    book.PROGRAMMES: [
        ["TAYHO", "2020-2025", 2, "Phát triển kinh tế nhanh, bền vững; tăng thu ngân sách"],
    ],
    book.TARGETS: [
        ["HANOI", "2020-2025", "TP01", "Thu ngân sách nhà nước trên địa bàn thành phố",
         "Kinh tế - xã hội", "", "tỷ đồng", "Cộng dồn", "Tăng", 0, 1500000, "", "Quý"],
        ["TAYHO", "2020-2025", "CT02", "Thu ngân sách nhà nước trên địa bàn",
         "Kinh tế - xã hội", 2, "tỷ đồng", "Cộng dồn", "Tăng", 0, 20000, "TP01", "Quý"],
        ["TAYHO", "2020-2025", "CT01", "Tốc độ tăng giá trị sản xuất bình quân",
         "Kinh tế - xã hội", 2, "%", "Bình quân", "Tăng", 12, 14, "", ""],
        ["TAYHO", "2020-2025", "CT15", "Trường công lập đạt chuẩn quốc gia",
         "Kinh tế - xã hội", 2, "trường", "Tỷ lệ", "Tăng", 85, 100, "", "Năm"],
    ],
    book.PLANS: [
        ["TAYHO", "2020-2025", "CT02", 2021, 2850],
    ],
    book.FIGURES: [
        ["TAYHO", "2020-2025", "CT02", 2021, 2, "1.075,5", "Vượt dự toán", "", "", ""],
        ["TAYHO", "2020-2025", "CT02", 2021, "Q3", 1081.25, "", "x", "", ""],
        ["TAYHO", "2020-2025", "CT15", 2021, 4, "", "26/27 trường", "", 26, 27],
    ],
    book.REVISIONS: [
        ["TAYHO", "2020-2025", "CT02", "", 16000, "2/2023",
         "Nghị quyết số 15-NQ/QU ngày 07/4/2023"],
    ],
}  # fmt: skip


def template_workbook() -> bytes:
    """Every sheet with its headers and a few example rows."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet, columns in book.SHEETS.items():
        _append_sheet(workbook, sheet, [column.header for column in columns], EXAMPLES[sheet])
    return writing.workbook_bytes(workbook)


def _append_sheet(workbook: Workbook, name: str, headers, rows) -> None:
    worksheet = workbook.create_sheet(name)
    writing.append(worksheet, headers)
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        writing.append(worksheet, row)
    for index, header in enumerate(headers, start=1):
        letter = worksheet.cell(row=1, column=index).column_letter
        worksheet.column_dimensions[letter].width = max(12, min(len(str(header)) + 4, 40))
    worksheet.freeze_panes = "A2"

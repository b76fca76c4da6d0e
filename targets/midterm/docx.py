"""The mid-term / year-end report as a Word document (?format=docx), in the layout of the
party's document rules (Hướng dẫn 36-HD/VPTW): A4, Times New Roman, the issuing committee and
number line at the top left, "ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date at the top right,
the title, the summary, the table of targets by group, revisions with their basis, the
quarter's assessment, "Nơi nhận" and the signature block.

It is filled from the same rows as the report page (selectors.committee_progress and
midterm.rows.midterm_rows); every number is the engine's, written as the screens write it.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from targets.labels import STATUS_LABELS, summary_sentence
from targets.midterm.rows import Midterm
from targets.selectors import CommitteeProgress
from targets.templatetags.figures import counted, figure, pct

FONT = "Times New Roman"
BODY_SIZE = Pt(14)
HEADER_SIZE = Pt(13)
TABLE_SIZE = Pt(12)
MOTTO_SIZE = Pt(15)
MOTTO_FITS = 24  # characters of the motto that fit its cell on one line at MOTTO_SIZE
MIDDLE_OF_TERM = 2  # years after the start: the mid-term review covers the first three years


def document_title(result: CommitteeProgress) -> str:
    """What the report is: the mid-term review at the end of the term's third year, a
    year-end review at the end of any other year, else the quarter's report."""
    term = result.term
    if result.quarter == 4 and result.year == term.start_year + MIDDLE_OF_TERM:
        return _("mid-term review of the resolution of the congress, term %(term)s") % {
            "term": term.label.replace("-", "–")
        }
    if result.quarter == 4:
        return _("year-end review %(year)s of the targets of the congress resolution") % {
            "year": result.year
        }
    return _(
        "the targets of the congress resolution to the end of quarter %(quarter)s/%(year)s"
    ) % {
        "quarter": result.quarter,
        "year": result.year,
    }


def midterm_document(result: CommitteeProgress, midterm: Midterm, quarterly_report) -> bytes:
    document = Document()
    _page_setup(document)
    _header(document, result)
    _title(document, result)
    _summary(document, result)
    _targets_table(document, result, midterm)
    _revisions(document, midterm)
    _assessment(document, quarterly_report)
    _closing(document, result)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- layout ----------------------------------------------------------------------------------


def _page_setup(document) -> None:
    _section_layout(document.sections[0], landscape=False)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = BODY_SIZE
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_after = Pt(3)


def _section_layout(section, *, landscape: bool) -> None:
    """A4, upright or across; Hướng dẫn 36's margins: top and bottom 2 cm, left 3 cm, right
    1.5 cm."""
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)


def _new_section(document, *, landscape: bool) -> None:
    _section_layout(document.add_section(WD_SECTION.NEW_PAGE), landscape=landscape)


def _paragraph(container, text: str = "", *, bold=False, italic=False, size=None, align=None,
               underline=False, space_after=None, first_line_indent=None):  # fmt: skip
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size is not None:
            run.font.size = size
    if align is not None:
        paragraph.alignment = align
    if space_after is not None:
        paragraph.paragraph_format.space_after = space_after
    if first_line_indent is not None:
        paragraph.paragraph_format.first_line_indent = first_line_indent
    return paragraph


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _cell_text(cell, text: str, *, bold=False, italic=False, align=None, size=None) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = size or TABLE_SIZE
    paragraph.paragraph_format.space_after = Pt(0)
    if align is not None:
        paragraph.alignment = align


def _header(document, result: CommitteeProgress) -> None:
    committee = result.committee
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    # Fixed widths (Word and LibreOffice otherwise share the page equally), wide enough on the
    # right for the motto on one line in English too.
    table.autofit = False
    for column, cell, width in zip(table.columns, (left, right), (Cm(7.5), Cm(9)), strict=True):
        column.width = cell.width = width
    centre = WD_ALIGN_PARAGRAPH.CENTER
    lines = []
    if committee.parent is not None:
        lines.append((committee.parent.name.upper(), False))
    lines.append((committee.name.upper(), True))
    first = True
    for text, bold in lines:
        paragraph = left.paragraphs[0] if first else left.add_paragraph()
        first = False
        run = paragraph.add_run(text)
        run.bold, run.font.size = bold, HEADER_SIZE
        paragraph.alignment = centre
        paragraph.paragraph_format.space_after = Pt(0)
    _paragraph(left, "*", align=centre, size=HEADER_SIZE, space_after=Pt(0))
    _paragraph(left, _("No.: ……-BC"), align=centre, size=HEADER_SIZE)

    heading = right.paragraphs[0]
    motto = _("COMMUNIST PARTY OF VIET NAM")
    run = heading.add_run(motto)
    # 15 pt as Hướng dẫn 36 asks; a longer translation (English) smaller, to stay on one line.
    size = MOTTO_SIZE if len(motto) <= MOTTO_FITS else HEADER_SIZE
    run.bold, run.underline, run.font.size = True, True, size
    heading.alignment = centre
    today = timezone.localdate()
    _paragraph(
        right,
        _("%(place)s, day %(day)s month %(month)s year %(year)s")
        % {
            "place": settings.REPORT_PLACE,
            "day": f"{today.day:02d}",
            "month": f"{today.month:02d}",
            "year": today.year,
        },
        italic=True,
        align=centre,
    )
    _paragraph(document, space_after=Pt(6))


def _title(document, result: CommitteeProgress) -> None:
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, _("REPORT"), bold=True, size=Pt(15), align=centre, space_after=Pt(0))
    _paragraph(document, document_title(result), bold=True, align=centre, space_after=Pt(0))
    _paragraph(
        document,
        _(
            "Congress %(congress)s, term %(term)s; figures to the end of quarter "
            "%(quarter)s/%(year)s"
        )
        % {
            "congress": result.term.congress_roman,
            "term": result.term.label,
            "quarter": result.quarter,
            "year": result.year,
        },
        italic=True,
        align=centre,
        space_after=Pt(12),
    )


def _summary(document, result: CommitteeProgress) -> None:
    _paragraph(document, _("I. OVERALL RESULTS"), bold=True)
    summary = result.summary
    year_label = _("Year %(year)s") % {"year": result.year}
    indent = Cm(1.27)
    _paragraph(
        document,
        summary_sentence(year_label, summary.annual, summary.targets) + ".",
        first_line_indent=indent,
    )
    _paragraph(
        document,
        summary_sentence(_("Term"), summary.term, summary.targets) + ".",
        first_line_indent=indent,
    )


def _targets_table(document, result: CommitteeProgress, midterm: Midterm) -> None:
    # The table has a landscape page of its own, as wide tables in party documents do: the
    # text area of A4 across, within the same margins, is 25.2 cm wide.
    _new_section(document, landscape=True)
    _paragraph(document, _("II. RESULTS BY TARGET"), bold=True)
    year = result.year
    headers = [
        _("Code"),
        _("Target"),
        _("Value %(year)s") % {"year": year},
        _("Plan %(year)s") % {"year": year},
        _("%% of plan %(year)s") % {"year": year},
        _("Term value"),
        _("Term target"),
        _("%% of term target") % {},
        _("Status"),
    ]
    widths = [Cm(1.6), Cm(7.4), Cm(2.6), Cm(2.2), Cm(1.8), Cm(2.6), Cm(2.6), Cm(1.8), Cm(2.6)]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=True):
        _cell_text(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        cell.width = width
    _repeat_as_header(table.rows[0])
    right = WD_ALIGN_PARAGRAPH.RIGHT
    for label, rows in midterm.groups:
        group_row = table.add_row().cells
        merged = group_row[0].merge(group_row[-1])
        _cell_text(merged, label, bold=True, italic=True)
        for item in rows:
            target, progress = item.row.target, item.row.progress
            term_target = figure(progress.term_target)
            if progress.original_term_target is not None:
                term_target += " " + _("(originally %(original)s)") % {
                    "original": figure(progress.original_term_target)
                }
            name = f"{target.name} ({target.unit})" if target.unit else target.name
            cells = table.add_row().cells
            values = [
                (target.code, None),
                (name, None),
                (counted(progress.year_value, progress.year_counts), right),
                (figure(progress.annual_plan), right),
                (pct(progress.annual_pct), right),
                (counted(progress.term_value, progress.term_counts), right),
                (term_target, right),
                (pct(progress.term_pct), right),
                (str(STATUS_LABELS[progress.term_status]), None),
            ]
            for cell, (text, align), width in zip(cells, values, widths, strict=True):
                _cell_text(cell, text, align=align)
                cell.width = width
    _new_section(document, landscape=False)


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _revisions(document, midterm: Midterm) -> None:
    if not midterm.revisions:
        return
    _paragraph(document, _("III. REVISIONS OF TARGETS"), bold=True)
    for target, change in midterm.revisions:
        what = (
            _("the plan %(year)s") % {"year": change.plan_year}
            if change.plan_year
            else _("the term target")
        )
        _paragraph(
            document,
            _(
                "%(code)s %(name)s: %(what)s revised from %(original)s to %(value)s from "
                "quarter %(quarter)s/%(year)s, by %(basis)s."
            )
            % {
                "code": target.code,
                "name": target.name,
                "what": what,
                "original": figure(change.original),
                "value": figure(change.value),
                "quarter": change.from_quarter,
                "year": change.from_year,
                "basis": change.basis,
            },
            first_line_indent=Cm(1.27),
        )


def _assessment(document, quarterly_report) -> None:
    if quarterly_report is None or not quarterly_report.assessment:
        return
    _paragraph(document, _("IV. ASSESSMENT"), bold=True)
    for line in quarterly_report.assessment.splitlines():
        if line.strip():
            _paragraph(document, line.strip(), first_line_indent=Cm(1.27))


def _closing(document, result: CommitteeProgress) -> None:
    _paragraph(document, space_after=Pt(6))
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(8), Cm(8.5)
    recipients = left.paragraphs[0]
    run = recipients.add_run(_("Recipients:"))
    run.bold, run.italic, run.underline, run.font.size = True, True, True, Pt(12)
    parent = result.committee.parent
    if parent is not None:
        _paragraph(
            left,
            _("- %(committee)s (to report),") % {"committee": parent.name},
            size=Pt(12),
            space_after=Pt(0),
        )
    _paragraph(left, _("- Filed at the office."), size=Pt(12), space_after=Pt(0))
    centre = WD_ALIGN_PARAGRAPH.CENTER
    behalf = right.paragraphs[0]
    run = behalf.add_run(_("ON BEHALF OF THE STANDING COMMITTEE"))
    run.bold = True
    behalf.alignment = centre
    behalf.paragraph_format.space_after = Pt(0)
    _paragraph(right, _("SECRETARY"), align=centre, space_after=Pt(60))

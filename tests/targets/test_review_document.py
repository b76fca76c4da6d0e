"""The review document (?format=docx): a Word file in the party's layout that LibreOffice
opens; converted to PDF and read back, it carries the header, the summary and every target."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document
from docx.shared import Pt

from targets.labels import STATUS_LABELS, summary_sentence
from targets.midterm.docx import midterm_document
from targets.midterm.rows import midterm_rows
from targets.selectors import committee_progress
from targets.templatetags.figures import counted, pct
from tests.factories import (
    make_figure,
    make_plan,
    make_ratio_figure,
    make_ratio_target,
    make_report,
    make_revision,
    make_target,
    make_user,
)

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def filed(tayho_term):
    """Tây Hồ at the mid-term (2022 Q4): revenue with plans, growth (an average), the schools
    as a ratio (26/27) and a revised term target, and the quarter's assessment."""
    revenue = make_target(tayho_term, code="CT02", name="Thu ngân sách nhà nước", term_target=20000)
    for year, value, plan in ((2020, 4012, 2750), (2021, 4325, 2850), (2022, 4656, "3004.6")):
        make_plan(revenue, year, plan)
        make_figure(revenue, year, 4, value)
    growth = make_target(
        tayho_term, code="CT01", name="Tốc độ tăng trưởng", unit="%", aggregation="average",
        term_target=14, baseline=12,
    )  # fmt: skip
    for year, value in ((2020, "12.10"), (2021, "13.50"), (2022, "14.84")):
        make_figure(growth, year, 4, value)
    schools = make_ratio_target(tayho_term, code="CT15", term_target=100)
    make_ratio_figure(schools, 2022, 4, 26, 27)
    make_revision(revenue, 16000, 2022, 2, basis="Nghị quyết số 15-NQ/QU ngày 07/4/2022")
    make_report(tayho_term, 2022, 4, assessment="Hoàn thành vượt mức dự toán thu ngân sách.")
    return tayho_term


def pdf_text(content: bytes, tmp_path: Path, layout: bool = True) -> str:
    """The document converted by LibreOffice headless, read back with pdftotext (in its
    physical layout, or in reading order: a cell's wrapped lines one after the other)."""
    source = tmp_path / "review.docx"
    source.write_bytes(content)
    profile = tmp_path / "profile"
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "review.pdf"
    assert pdf.exists()
    result = subprocess.run(
        ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def test_it_is_downloaded_from_the_report_page(client, filed, tayho_editor):
    client.force_login(tayho_editor)
    response = client.get("/committees/TAYHO/report/?year=2022&quarter=4&format=docx")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert 'filename="bao-cao-TAYHO-2022-Q4.docx"' in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 2) == 3.0
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Normal"].font.size == Pt(14)


def test_another_committee_s_document_is_404(client, filed, hoangmai_term):
    outsider = make_user("outsider")
    client.force_login(outsider)
    assert client.get("/committees/TAYHO/report/?format=docx").status_code == 404


def test_libreoffice_reads_the_header_summary_and_every_target(filed, tmp_path):
    result = committee_progress(filed.committee, filed, 2022, 4)
    content = midterm_document(result, midterm_rows(result), filed.reports.get())
    layout = pdf_text(content, tmp_path)
    text = " ".join(layout.split())
    for line in [
        "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI",
        "ĐẢNG BỘ QUẬN TÂY HỒ",
        "Số: ……-BC",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        f"Hà Nội, ngày {timezone.localdate():%d} tháng {timezone.localdate():%m} năm",
        "BÁO CÁO",
        "sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội, nhiệm kỳ 2020–2025",
    ]:
        assert line in text
    summary = result.summary
    for label, counts in (("Năm 2022", summary.annual), ("Nhiệm kỳ", summary.term)):
        assert summary_sentence(label, counts, summary.targets) + "." in text
    assert "Năm 2022: 1/3 chỉ tiêu đạt, trong đó 1 vượt." in text
    # Every target's row: its code, name and values on one line, as the report page prints
    # them (a ratio's percentage may wrap under its counts).
    lines = layout.splitlines()
    assert_rows_printed(lines, result)
    assert "12.993" in text and "96,3 %" in text
    assert "(96,3 %)" in text  # under the schools' 26/27
    # The revised term target beside its original (which wraps inside its cell).
    revenue = next(line for line in lines if line.strip().startswith("CT02"))
    assert "16.000 (ban" in revenue and "đầu 20.000)" in text
    assert "Nghị quyết số 15-NQ/QU ngày 07/4/2022" in text
    assert "Hoàn thành vượt mức dự toán thu ngân sách." in text
    assert "Nơi nhận:" in text
    assert "T/M BAN THƯỜNG VỤ" in text and "BÍ THƯ" in text
    assert any("ĐẢNG CỘNG SẢN VIỆT NAM" in line for line in layout.splitlines())


def test_libreoffice_reads_the_english_document_too(
    client, filed, tayho_editor, tmp_path, settings
):
    from django.utils import translation

    client.force_login(tayho_editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/committees/TAYHO/report/?year=2022&quarter=4&format=docx")
    assert response.status_code == 200
    layout = pdf_text(response.content, tmp_path)
    text = " ".join(layout.split())
    # The header's two columns wrap differently in English: read them in reading order.
    (tmp_path / "raw").mkdir()
    reading = " ".join(pdf_text(response.content, tmp_path / "raw", layout=False).split())
    today = timezone.localdate()
    for line in [
        "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI ĐẢNG BỘ QUẬN TÂY HỒ",  # the committees' names are their own
        "No.: ……-BC",
        "COMMUNIST PARTY OF VIET NAM",
        f"Hà Nội, {today:%d}/{today:%m}/{today.year}",
        "REPORT",
        "mid-term review of the resolution of the congress, term 2020–2025",
        "Congress VI, term 2020-2025; figures to the end of quarter 4/2022",
        "I. OVERALL RESULTS",
        "II. RESULTS BY TARGET",
        "III. REVISIONS OF TARGETS",
        "IV. ASSESSMENT",
        "Recipients:",
        "ON BEHALF OF THE STANDING COMMITTEE",
        "SECRETARY",
    ]:
        assert line in reading
    assert "ĐẢNG CỘNG SẢN" not in text and "BÁO CÁO" not in text
    # The motto stays on one line in English too (a smaller size than Vietnamese's 15 pt).
    assert any("COMMUNIST PARTY OF VIET NAM" in line for line in layout.splitlines())
    result = committee_progress(filed.committee, filed, 2022, 4)
    summary = result.summary
    with translation.override("en"):
        for label, counts in (("Year 2022", summary.annual), ("Term", summary.term)):
            assert summary_sentence(label, counts, summary.targets) + "." in text
        assert "Year 2022: 1/3 targets achieved, of which 1 exceeded." in text
        # Every target's row, its numbers written the English way (12,993; 96.3 %).
        lines = layout.splitlines()
        assert_rows_printed(lines, result)
    assert "12,993" in text and "96.3 %" in text
    revenue = next(line for line in lines if line.strip().startswith("CT02"))
    assert "16,000" in revenue and "20,000)" in text
    assert "Nghị quyết số 15-NQ/QU ngày 07/4/2022" in text


def assert_rows_printed(lines: list[str], result) -> None:
    """Every target's row of the document: its code, name and values on one line, written as
    the report page writes them in the active language."""
    for row in result.rows:
        target, progress = row.target, row.progress
        line = next(line for line in lines if line.strip().startswith(target.code))
        line = line.replace("\xa0", " ")
        assert target.name.split()[0] in line
        assert counted(progress.year_value, progress.year_counts).split(" (")[0] in line
        assert counted(progress.term_value, progress.term_counts).split(" (")[0] in line
        assert pct(progress.term_pct).replace("\xa0", " ") in line
        assert str(STATUS_LABELS[progress.term_status]) in line

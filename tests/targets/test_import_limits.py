"""Imports that cannot be used to exhaust the server: limits on the upload, the rows of a sheet
and the errors listed; rows read whatever dimension a file declares; hostile files refused
before they are read; text that looks like a formula written as text in every export and read
back unchanged."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from bench.management.commands.benchmark_hostile_import import (
    empty_rows,
    far_corner,
    figure_headers,
    one_cell_rows,
    raw_workbook,
    row_xml,
)
from districts.models import Committee
from targets.models import Figure, Target
from targets.workbook import reading, writing
from targets.workbook.contract import FIGURES, CellError
from targets.workbook.exports import term_workbook
from targets.workbook.reading import read_workbook
from targets.workbook.rows import more_errors_message
from targets.workbook.service import workbook_import
from tests.workbooks import xlsx as make_xlsx

FIGURE_ROW = ["TAYHO", "2020-2025", "CT02", 2023, 1, "10", None, None]
HYPERLINK = '=HYPERLINK("http://example.com","xem")'


@pytest.fixture
def login(client, demo_module, db):
    def login(username: str):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return login


def post_workbook(client, content: bytes):
    upload = SimpleUploadedFile("w.xlsx", content, content_type="application/octet-stream")
    return client.post("/admin/workbook/import/", {"workbook": upload})


def post_sheet(client, content: bytes, name="figures.xlsx", format_index="0"):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(
        "/admin/targets/figure/import/", {"import_file": upload, "format": format_index}
    )


class TestUploadSize:
    def test_a_workbook_over_the_limit_is_refused_unread(self, login, settings):
        settings.IMPORT_MAX_UPLOAD_MB = 1
        before = Figure.objects.count()
        response = post_workbook(login("admin"), b"\0" * (1024 * 1024 + 1))
        html = response.content.decode()
        assert "Tệp nặng 1,0 MB; chỉ nhập được tệp tối đa 1 MB." in html
        assert 'name="confirm"' not in html
        assert Figure.objects.count() == before

    def test_a_sheet_over_the_limit_is_refused_in_the_admin(self, login, settings):
        settings.IMPORT_MAX_UPLOAD_MB = 1
        response = post_sheet(login("admin"), b"\0" * (2 * 1024 * 1024))
        assert "Tệp nặng 2,0 MB; chỉ nhập được tệp tối đa 1 MB." in response.content.decode()
        assert response.context.get("confirm_form") is None


class TestRowLimit:
    def test_a_workbook_with_more_rows_than_the_limit_writes_nothing(self, login, settings):
        settings.IMPORT_MAX_ROWS = 3
        before = Figure.objects.count()
        rows = [[*FIGURE_ROW[:4], quarter, *FIGURE_ROW[5:]] for quarter in (1, 2, 3, 4)]
        response = post_workbook(login("admin"), make_xlsx({FIGURES: rows}))
        html = response.content.decode()
        assert reading.too_many_rows_message(4) in html
        assert "Một trang tính có 4 dòng dưới dòng tiêu đề; chỉ nhập được tối đa 3 dòng." in html
        assert Figure.objects.count() == before

    def test_a_sheet_with_more_rows_than_the_limit_is_refused_in_the_admin(self, login, settings):
        settings.IMPORT_MAX_ROWS = 3
        rows = [[*FIGURE_ROW[:4], quarter, *FIGURE_ROW[5:]] for quarter in (1, 2, 3, 4)]
        for content, name, index in (
            (make_xlsx({FIGURES: rows}), "f.xlsx", "0"),
            (figures_csv(rows), "f.csv", "1"),
        ):
            response = post_sheet(login("admin"), content, name, index)
            assert reading.too_many_rows_message(4) in response.content.decode()
            assert response.context.get("confirm_form") is None

    def test_the_command_refuses_too_many_rows(self, tmp_path, settings, db):
        settings.IMPORT_MAX_ROWS = 1
        path = tmp_path / "w.xlsx"
        path.write_bytes(make_xlsx({FIGURES: [FIGURE_ROW, FIGURE_ROW]}))
        with pytest.raises(CommandError, match="tối đa 1 dòng"):
            call_command("import_workbook", str(path), "--system")

    def test_a_sheet_reaching_far_beyond_its_cells_is_refused_before_it_is_read(self):
        with pytest.raises(CellError) as refused:
            read_workbook(io.BytesIO(far_corner()))
        assert str(refused.value) == reading.too_many_rows_message(1048575)


def figures_csv(rows) -> bytes:
    header = "Mã đảng bộ,Nhiệm kỳ,Mã chỉ tiêu,Năm,Quý,Giá trị,Ghi chú,Số ước"
    lines = [",".join("" if cell is None else str(cell) for cell in row) for row in rows]
    return "\n".join([header, *lines]).encode()


class TestErrorLimit:
    def test_past_the_limit_the_report_ends_with_the_count_of_the_others(self, login, settings):
        settings.IMPORT_MAX_ERRORS = 3
        before = Figure.objects.count()
        rows = [[*FIGURE_ROW[:4], "V", *FIGURE_ROW[5:]] for _ in range(10)]
        response = post_workbook(login("admin"), make_xlsx({FIGURES: rows}))
        html = response.content.decode()
        assert html.count("không phải quý hợp lệ") == 3
        assert more_errors_message(7) in html
        assert "… và 7 lỗi khác" in html
        assert "10 lỗi: sẽ không nhập gì" in html
        assert Figure.objects.count() == before

    def test_the_admin_s_sheet_preview_ends_with_the_count_of_the_others(self, login, settings):
        settings.IMPORT_MAX_ERRORS = 2
        rows = [[*FIGURE_ROW[:4], "V", *FIGURE_ROW[5:]] for _ in range(5)]
        response = post_sheet(login("admin"), make_xlsx({FIGURES: rows}))
        html = response.content.decode()
        assert html.count("không phải quý hợp lệ") == 2
        assert "… và 3 lỗi khác" in html
        assert response.context.get("confirm_form") is None

    def test_the_command_prints_the_count_of_the_others(self, tmp_path, settings, db, capsys):
        settings.IMPORT_MAX_ERRORS = 1
        path = tmp_path / "w.xlsx"
        bad = [*FIGURE_ROW[:4], "V", *FIGURE_ROW[5:]]
        path.write_bytes(make_xlsx({FIGURES: [bad, bad, bad]}))
        with pytest.raises(CommandError, match="3 lỗi"):
            call_command("import_workbook", str(path), "--system")
        printed = capsys.readouterr().err.strip().splitlines()
        assert len(printed) == 2
        assert printed[-1] == "… và 2 lỗi khác"


class TestHostileFiles:
    def test_one_cell_rows_cost_a_bounded_answer(self, login, settings):
        settings.IMPORT_MAX_ERRORS = 50
        response = post_workbook(login("admin"), one_cell_rows(2000))
        html = response.content.decode()
        assert response.status_code == 200
        assert html.count("<li>Kết quả quý, dòng") == 50
        # Term, target, quarter and value are empty in each of the 2,000 rows (the year is
        # checked against a term only).
        assert "… và 7950 lỗi khác" in html
        assert len(response.content) < 100_000

    def test_empty_rows_are_skipped(self, db):
        sheets = read_workbook(io.BytesIO(empty_rows(5000)))
        assert [(sheet.name, sheet.rows) for sheet in sheets] == [(FIGURES, [])]

    def test_rows_beyond_the_declared_dimension_are_read(self, demo):
        rows = [
            row_xml(number, list(enumerate(["TAYHO", "2020-2025", "CT02", 2023, quarter, 10], 1)))
            for number, quarter in zip(range(2, 6), (1, 2, 3, 4), strict=True)
        ]
        content = raw_workbook(FIGURES, [figure_headers(), *rows], dimension="A1:A2")
        result = workbook_import(sheets=read_workbook(io.BytesIO(content)))
        assert result.ok and result.counts[FIGURES].created == 4
        assert Figure.objects.filter(year=2023, target__code="CT02").count() == 4

    def test_a_file_that_is_not_a_workbook_is_named_so(self, login):
        response = post_workbook(login("admin"), b"PK\x03\x04 not really a zip")
        assert "Tệp không phải tệp .xlsx" in response.content.decode()


class TestFormulaLikeText:
    """A note typed as =HYPERLINK(...) is text in every export and comes back unchanged."""

    def test_the_term_export_writes_it_as_text_and_imports_it_back(self, demo):
        figure = Figure.objects.filter(target__term__committee__code="TAYHO").first()
        Figure.objects.filter(pk=figure.pk).update(note=HYPERLINK)
        Target.objects.filter(pk=figure.target_id).update(name="+ thu ngân sách", unit="@")
        term = figure.target.term
        content = term_workbook(term.committee, term)
        sheet = load_workbook(io.BytesIO(content))[FIGURES]
        notes = [row[6] for row in sheet.iter_rows(min_row=2) if row[6].value == HYPERLINK]
        assert len(notes) == 1
        assert notes[0].data_type == "s" and notes[0].quotePrefix
        result = workbook_import(sheets=read_workbook(io.BytesIO(content)))
        assert result.ok
        assert sum(counts.created + counts.updated for counts in result.counts.values()) == 0
        figure.refresh_from_db()
        assert figure.note == HYPERLINK

    def test_a_negative_number_stays_a_number(self):
        workbook = Workbook()
        writing.append(workbook.active, [-5, "-5", "=1+1", "@x", "plain"])
        cells = list(workbook.active.iter_rows())[0]
        assert [cell.data_type for cell in cells] == ["n", "s", "s", "s", "s"]
        assert [cell.value for cell in cells] == [-5, "-5", "=1+1", "@x", "plain"]

    def test_the_admin_s_sheet_export_writes_it_as_text(self, login):
        figure = Figure.objects.filter(target__term__committee__code="TAYHO").first()
        Figure.objects.filter(pk=figure.pk).update(note=HYPERLINK)
        fields = {f"figureresource_{key}": "on" for key in ("committee", "note")}
        response = login("admin").post("/admin/targets/figure/export/", {"format": "0", **fields})
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = [row[1] for row in sheet.iter_rows(min_row=2) if row[1].value == HYPERLINK]
        assert len(cells) == 1 and cells[0].data_type == "s"

    def test_the_template_and_the_report_write_it_as_text(self, login):
        Committee.objects.filter(code="TAYHO").update(name="=Tây Hồ")
        client = login("admin")
        report = client.get("/committees/TAYHO/report/?format=xlsx")
        assert report.status_code == 200
        first = load_workbook(io.BytesIO(report.content)).active["A1"]
        assert (first.value, first.data_type) == ("=Tây Hồ", "s")
        template = client.get("/admin/workbook/template.xlsx")
        assert template.status_code == 200
        for sheet in load_workbook(io.BytesIO(template.content)).worksheets:
            assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)

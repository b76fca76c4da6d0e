"""Import and export in the admin: one sheet at a time through django-import-export (with its
preview), the whole workbook with a dry run and a confirmation, the template and the export of
a committee's term; each limited to the committees of the user's memberships."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from targets.models import Figure
from tests.workbooks import xlsx

FORMATS = {"xlsx": "0", "csv": "1"}  # the order of WorkbookSheetAdmin.import_formats


@pytest.fixture
def login(client, demo_module, db):
    def login(username: str):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return login


def upload(name: str, content: bytes, kind: str):
    content_type = "text/csv" if kind == "csv" else "application/octet-stream"
    return SimpleUploadedFile(name, content, content_type=content_type)


def figures_csv(rows: list[str]) -> bytes:
    header = "Mã đảng bộ,Nhiệm kỳ,Mã chỉ tiêu,Năm,Quý,Giá trị,Ghi chú,Số ước"
    return ("\ufeff" + "\n".join([header, *rows]) + "\n").encode()


class TestSheetImport:
    def test_the_preview_shows_each_row_s_errors_and_writes_nothing(self, login):
        client = login("admin")
        before = Figure.objects.count()
        content = figures_csv(
            ['TAYHO,2020-2025,CT02,2023,5,"1.075,5",,', "TAYHO,2020-2025,CT02,2023,1,abc,,"]
        )
        response = client.post(
            "/admin/targets/figure/import/",
            {"import_file": upload("figures.csv", content, "csv"), "format": FORMATS["csv"]},
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "“5” không phải quý hợp lệ (1–4)." in html
        assert "“abc” không phải là số (viết như 1.075,5)." in html
        assert response.context.get("confirm_form") is None
        assert Figure.objects.count() == before

    def test_the_invalid_rows_show_the_cells_as_typed_never_a_year_as_2_021_0(self, login):
        client = login("admin")
        content = xlsx({"Kết quả quý": [["TAYHO", "2020-2025", "CT02", 2021, 5, 12.5, "", ""]]})
        response = client.post(
            "/admin/targets/figure/import/",
            {"import_file": upload("figures.xlsx", content, "xlsx"), "format": FORMATS["xlsx"]},
        )
        html = response.content.decode()
        assert "“5” không phải quý hợp lệ (1–4)." in html
        assert "<td>2021</td>" in html and "<td>12,5</td>" in html
        assert "2.021" not in html and "12.5" not in html

    def test_a_valid_sheet_is_previewed_then_imported_on_confirmation(self, login):
        client = login("admin")
        content = xlsx(
            {"Kết quả quý": [["TAYHO", "2020-2025", "CT02", 2023, 1, "1.075,5", "mới", "x"]]}
        )
        response = client.post(
            "/admin/targets/figure/import/",
            {"import_file": upload("figures.xlsx", content, "xlsx"), "format": FORMATS["xlsx"]},
        )
        confirm = response.context["confirm_form"]
        assert confirm is not None
        assert not Figure.objects.filter(year=2023).exists()
        response = client.post(
            "/admin/targets/figure/process_import/",
            {**confirm.initial, "confirm": "1"},
        )
        assert response.status_code == 302
        figure = Figure.objects.get(target__term__committee__code="TAYHO", year=2023)
        assert (figure.value, figure.is_estimate, figure.note) == (1075.5, True, "mới")

    def test_an_editor_cannot_import_another_committee_s_rows(self, login):
        client = login("tayho")
        content = figures_csv(["HOANGMAI,2020-2025,CT01,2023,1,100,,"])
        response = client.post(
            "/admin/targets/figure/import/",
            {"import_file": upload("figures.csv", content, "csv"), "format": FORMATS["csv"]},
        )
        assert "Bạn không được nhập dữ liệu của đảng bộ “HOANGMAI”." in response.content.decode()
        assert not Figure.objects.filter(year=2023).exists()

    def test_a_viewer_may_not_import(self, login):
        assert login("thanhuy").get("/admin/targets/figure/import/").status_code == 403


class TestSheetExport:
    def test_an_editor_exports_only_their_committee_in_the_contract_s_columns(self, login):
        client = login("tayho")
        response = client.post(
            "/admin/targets/figure/export/",
            {"format": FORMATS["xlsx"], **{f"figureresource_{key}": "on" for key in
             ("committee", "term", "target", "year", "quarter", "value", "note", "is_estimate")}},
        )  # fmt: skip
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == [
            "Mã đảng bộ", "Nhiệm kỳ", "Mã chỉ tiêu", "Năm", "Quý", "Giá trị", "Ghi chú", "Số ước",
        ]  # fmt: skip
        # Tây Hồ's editor: the district (2020–2025) and the ward of its name (2025–2030).
        assert {row[0] for row in rows[1:]} == {"TAYHO", "PTAYHO"}
        assert (
            len(rows)
            == 1
            + Figure.objects.filter(target__term__committee__code__in=["TAYHO", "PTAYHO"]).count()
        )

    def test_a_csv_export_writes_numbers_the_vietnamese_way_and_imports_back(self, login):
        client = login("admin")
        fields = {f"targetresource_{key}": "on" for key in (
            "committee", "term", "code", "name", "group", "programme", "unit", "aggregation",
            "direction", "baseline", "term_target", "parent")}  # fmt: skip
        response = client.post(
            "/admin/targets/target/export/", {"format": FORMATS["csv"], **fields}
        )
        text = response.content.decode("utf-8-sig")
        assert "Kinh tế - xã hội" in text and "Cộng dồn" in text
        assert ",20.000," in text  # Tây Hồ's revenue term target
        response = client.post(
            "/admin/targets/target/import/",
            {"import_file": upload("targets.csv", text.encode(), "csv"), "format": FORMATS["csv"]},
        )
        result = response.context["result"]
        assert not result.has_validation_errors()
        assert result.totals["update"] == 0 and result.totals["new"] == 0


class TestWholeWorkbook:
    def test_a_bad_workbook_shows_every_error_and_writes_nothing(self, login):
        client = login("admin")
        before = Figure.objects.count()
        content = xlsx({"Kết quả quý": [
            ["TAYHO", "2020-2025", "CT02", 2023, 1, "10", None, None],
            ["NOWHERE", "2020-2025", "CT02", 2023, 1, "10", None, None],
            ["TAYHO", "2020-2025", "CT02", 2023, "V", "10", None, None],
        ]})  # fmt: skip
        response = client.post(
            "/admin/workbook/import/", {"workbook": upload("b.xlsx", content, "xlsx")}
        )
        html = response.content.decode()
        assert "2 lỗi: sẽ không nhập gì" in html
        assert "Kết quả quý, dòng 3, cột Mã đảng bộ: Không có đảng bộ nào mã “NOWHERE”." in html
        assert "Kết quả quý, dòng 4, cột Quý: “V” không phải quý hợp lệ (1–4)." in html
        assert 'name="confirm"' not in html
        assert Figure.objects.count() == before

    def test_a_good_workbook_is_checked_then_imported_on_confirmation(self, login):
        client = login("admin")
        content = xlsx({"Kết quả quý": [["TAYHO", "2020-2025", "CT02", 2023, 1, "10", None, None]]})
        response = client.post(
            "/admin/workbook/import/", {"workbook": upload("g.xlsx", content, "xlsx")}
        )
        assert "Chạy thử: bảng tính hợp lệ" in response.content.decode()
        assert not Figure.objects.filter(year=2023).exists()
        response = client.post(
            "/admin/workbook/import/", {"confirm": "1", "token": response.context["token"]}
        )
        assert response.status_code == 302
        assert Figure.objects.filter(year=2023).count() == 1
        # The confirmation cannot be replayed.
        client.post("/admin/workbook/import/", {"confirm": "1", "token": "x"})
        assert Figure.objects.filter(year=2023).count() == 1

    def test_the_template_and_a_term_export_download(self, login):
        client = login("tayho")
        response = client.get("/admin/workbook/template.xlsx")
        assert load_workbook(io.BytesIO(response.content)).sheetnames == [
            "Đảng bộ", "Nhiệm kỳ", "Chương trình", "Chỉ tiêu", "Kế hoạch năm", "Kết quả quý",
            "Điều chỉnh",
        ]  # fmt: skip
        page = client.get("/admin/workbook/export/")
        terms = page.context["terms"]
        assert sorted(term.committee.code for term in terms) == ["PTAYHO", "TAYHO"]
        district = next(term for term in terms if term.committee.code == "TAYHO")
        response = client.get(f"/admin/workbook/export/?term={district.pk}")
        assert "chi-tieu-TAYHO-2020-2025.xlsx" in response["Content-Disposition"]

    def test_another_committee_s_term_cannot_be_exported(self, login):
        from districts.models import Term

        hoangmai = Term.objects.get(committee__code="HOANGMAI")
        response = login("tayho").get(f"/admin/workbook/export/?term={hoangmai.pk}")
        assert response.status_code == 404

    def test_a_viewer_may_not_open_the_workbook_import(self, login):
        assert login("thanhuy").get("/admin/workbook/import/").status_code == 403


def test_the_import_screens_speak_vietnamese(login):
    html = login("admin").get("/admin/targets/figure/import/").content.decode()
    assert "Sẽ nhập các cột sau" in html and "Tệp cần nhập" in html
    assert "Mã đảng bộ, Nhiệm kỳ, Mã chỉ tiêu, Năm, Quý, Giá trị, Ghi chú, Số ước" in html

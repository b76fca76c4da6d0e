"""The workbook import as admins meet it through `manage.py import_workbook`: the seed figures,
every kind of bad row reported at once with nothing written, dry runs, re-imports, locked
quarters, committees outside one's memberships, and the export → import round trip."""

import io
import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from districts.models import Committee, Membership
from targets.cycle import quarter_refusal
from targets.models import AnnualPlan, Figure, QuarterlyReport, Revision, Target
from targets.workbook.exports import template_workbook, term_workbook
from targets.workbook.reading import read_workbook
from targets.workbook.service import workbook_import
from tests.factories import make_membership, make_user
from tests.workbooks import SEED_SHEETS, write, xlsx

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    """Every row of every table of ours (history included), to show nothing changed."""
    tables = {}
    for model in apps.get_models():
        if model._meta.app_label in ("districts", "targets"):
            tables[model._meta.label] = sorted(map(repr, model.objects.order_by().values_list()))
    return tables


def run_import(path, *args) -> str:
    """The command as an administrator runs it, as the system unless a --user is given."""
    out, err = io.StringIO(), io.StringIO()
    if "--user" not in args:
        args = (*args, "--system")
    try:
        call_command("import_workbook", str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        raise ImportFailed(err.getvalue(), str(error)) from None
    return out.getvalue()


class ImportFailed(Exception):
    def __init__(self, printed: str, message: str):
        super().__init__(message)
        self.lines = printed.strip().splitlines()
        self.message = message


def progress(committee: str, year: int, quarter: int, capsys, term="2020-2025") -> dict:
    capsys.readouterr()
    call_command(
        "progress", "--committee", committee, "--term", term, "--year", str(year),
        "--quarter", str(quarter),
    )  # fmt: skip
    document = json.loads(capsys.readouterr().out, parse_float=Decimal)
    return {target["code"]: target for target in document["targets"]}


class TestSeedWorkbook:
    def test_the_seed_checks_hold_on_the_imported_figures(self, tmp_path, capsys):
        out = run_import(write(tmp_path, SEED_SHEETS))
        assert "Kết quả quý: 8 mới, 0 cập nhật, 0 không đổi" in out
        tayho = progress("TAYHO", 2022, 4, capsys)
        assert tayho["CT01"]["term_pct"] == Decimal("96.3")
        assert tayho["CT02"]["to_date_pct"] == Decimal("151.0")
        assert tayho["CT01"]["estimate"] is True
        assert progress("HOANGMAI", 2020, 4, capsys)["CT01"]["annual_pct"] == Decimal("102.0")
        assert progress("THUONGTIN", 2022, 4, capsys)["CT02"]["term_pct"] == Decimal("76.8")

    def test_it_reads_choices_numbers_quarters_and_parents_as_the_contract_says(self, tmp_path):
        run_import(write(tmp_path, SEED_SHEETS))
        revenue = Target.objects.get(term__committee__code="TAYHO", code="CT02")
        assert revenue.aggregation == "sum" and revenue.direction == "up"
        assert revenue.parent.code == "TP01" and revenue.parent.term.committee.code == "HANOI"
        assert revenue.programme.number == 2
        assert AnnualPlan.objects.get(target=revenue, year=2022).value == Decimal("3004.6")
        assert AnnualPlan.objects.get(target=revenue, year=2021).value == Decimal("2850")
        assert Committee.objects.get(code="HOANGMAI").level == "urban_district"
        assert Committee.objects.get(code="TAYHO").terms.get().congress == 6
        growth = Figure.objects.get(target__code="CT01", target__term__committee__code="TAYHO",
                                         year=2022)  # fmt: skip
        assert (growth.quarter, growth.value, growth.is_estimate) == (4, Decimal("14.84"), True)
        assert growth.note == "ước cả năm"

    def test_re_importing_the_same_file_changes_nothing(self, tmp_path):
        path = write(tmp_path, SEED_SHEETS)
        run_import(path)
        before = snapshot()
        out = run_import(path)
        assert "Kết quả quý: 0 mới, 0 cập nhật, 8 không đổi" in out
        assert "Chỉ tiêu: 0 mới, 0 cập nhật, 5 không đổi" in out
        assert snapshot() == before

    def test_a_dry_run_reports_the_same_and_writes_nothing(self, tmp_path):
        before = snapshot()
        out = run_import(write(tmp_path, SEED_SHEETS), "--dry-run")
        assert "Kết quả quý: 8 mới" in out
        assert "Chạy thử: không ghi gì." in out
        assert snapshot() == before

    def test_a_changed_figure_is_updated_with_its_history(self, tmp_path):
        run_import(write(tmp_path, SEED_SHEETS))
        sheets = {**SEED_SHEETS, "Kết quả quý": [["HOANGMAI", "2020-2025", "CT01", 2020, 4,
                                                  "6.200", "sửa", None]]}  # fmt: skip
        out = run_import(write(tmp_path, sheets, name="again.xlsx"))
        assert "Kết quả quý: 0 mới, 1 cập nhật, 0 không đổi" in out
        figure = Figure.objects.get(target__term__committee__code="HOANGMAI")
        assert figure.value == Decimal("6200")
        assert [h.value for h in figure.history.order_by("history_date")] == [
            Decimal("6160"),
            Decimal("6200"),
        ]


BAD_FIGURES = [
    ["NOWHERE", "2020-2025", "CT02", 2021, 1, "10", None, None],  # row 2: unknown committee
    ["TAYHO", "2020-2025", "CT99", 2021, 1, "10", None, None],  # row 3: unknown target
    ["TAYHO", "2020-2025", "CT02", 2021, 5, "10", None, None],  # row 4: quarter 5
    ["TAYHO", "2020-2025", "CT02", 2027, 1, "10", None, None],  # row 5: year outside the term
    ["TAYHO", "2020-2025", "CT02", 2021, 2, "mười", None, None],  # row 6: not a number
    ["TAYHO", "2020-2025", "CT02", 2021, 3, "10", None, None],  # row 7: fine
    ["TAYHO", "2020-2025", "CT02", 2021, "III", "11", None, None],  # row 8: repeats row 7
]
BAD_TARGETS = [
    ["TAYHO", "2020-2025", "CT03", "Chi ngân sách", "Kinh tế", None, "tỷ đồng", "Cộng dồn",
     "Tăng", None, None, None],  # row 2: unknown group
]  # fmt: skip
EXPECTED_ERRORS = [
    "Chỉ tiêu, dòng 2, cột Nhóm: “Kinh tế” không phải một trong các giá trị: Xây dựng Đảng, "
    "Kinh tế - xã hội, Quốc phòng - an ninh, Khác.",
    "Kết quả quý, dòng 2, cột Mã đảng bộ: Không có đảng bộ nào mã “NOWHERE”.",
    "Kết quả quý, dòng 3, cột Mã chỉ tiêu: Nhiệm kỳ 2020-2025 của TAYHO không có chỉ tiêu “CT99”.",
    "Kết quả quý, dòng 4, cột Quý: “5” không phải quý hợp lệ (1–4).",
    "Kết quả quý, dòng 5, cột Năm: Năm 2027 nằm ngoài nhiệm kỳ 2020-2025.",
    "Kết quả quý, dòng 6, cột Giá trị: “mười” không phải là số (viết như 1.075,5).",
    "Kết quả quý, dòng 8, cột Quý: Dòng này trùng với dòng 7 (cùng khóa).",
]


class TestBadRows:
    def test_every_error_is_reported_with_sheet_row_and_column_and_nothing_is_written(
        self, tmp_path
    ):
        run_import(write(tmp_path, SEED_SHEETS))
        before = snapshot()
        path = write(tmp_path, {"Chỉ tiêu": BAD_TARGETS, "Kết quả quý": BAD_FIGURES}, "bad.xlsx")
        with pytest.raises(ImportFailed) as failed:
            run_import(path)
        assert failed.value.lines == EXPECTED_ERRORS
        assert failed.value.message == "7 lỗi: không nhập gì."
        assert snapshot() == before

    def test_from_the_command_line_it_exits_non_zero_without_a_traceback(self, tmp_path, capsys):
        from targets.management.commands.import_workbook import Command

        path = write(tmp_path, {"Kết quả quý": BAD_FIGURES[:1]})
        with pytest.raises(SystemExit) as exited:
            Command().run_from_argv(["manage.py", "import_workbook", str(path), "--system"])
        assert exited.value.code != 0
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert err.splitlines()[0].startswith("Kết quả quý, dòng 2, cột Mã đảng bộ:")

    def test_a_missing_column_is_reported_on_row_1(self, tmp_path):
        headers = {"Kế hoạch năm": ["Mã đảng bộ", "Nhiệm kỳ", "Mã chỉ tiêu", "Kế hoạch"]}
        path = write(tmp_path, {"Kế hoạch năm": [["TAYHO", "2020-2025", "CT02", 1]]},
                     headers=headers)  # fmt: skip
        with pytest.raises(ImportFailed) as failed:
            run_import(path)
        assert failed.value.lines == ["Kế hoạch năm, dòng 1, cột Năm: Thiếu cột “Năm”."]

    def test_a_file_that_is_not_a_workbook_is_refused(self, tmp_path):
        path = tmp_path / "figures.xlsx"
        path.write_text("Mã,Tên\n")
        with pytest.raises(ImportFailed) as failed:
            run_import(path)
        assert "không phải tệp .xlsx" in failed.value.message

    def test_a_figure_of_an_approved_quarter_is_refused(self, tmp_path):
        run_import(write(tmp_path, SEED_SHEETS))
        term = Committee.objects.get(code="TAYHO").terms.get()
        report = QuarterlyReport.objects.create(
            committee=term.committee, term=term, year=2022, quarter=4,
            status=QuarterlyReport.Status.APPROVED,
        )  # fmt: skip
        changed = [["TAYHO", "2020-2025", "CT02", 2022, 4, "4.700", None, None]]
        with pytest.raises(ImportFailed) as failed:
            run_import(write(tmp_path, {"Kết quả quý": changed}, "locked.xlsx"))
        # The cycle's own message, as the entry page and the admin give it.
        assert failed.value.lines == [f"Kết quả quý, dòng 2, cột Quý: {quarter_refusal(report)}"]
        assert quarter_refusal(report).startswith("Quý 4/2022 đã được — duyệt lúc — và đã khóa")
        # The same figure again is not a change: an export of approved quarters imports back.
        same = [["TAYHO", "2020-2025", "CT02", 2022, 4, "4.656", "Lũy kế 12.993 tỷ đồng", None]]
        assert "0 mới, 0 cập nhật, 1 không đổi" in run_import(
            write(tmp_path, {"Kết quả quý": same}, "same.xlsx")
        )


class TestMemberships:
    def test_a_user_cannot_import_rows_of_another_committee(self, tmp_path):
        run_import(write(tmp_path, SEED_SHEETS))
        editor = make_user("tayho", is_staff=True)
        make_membership(editor, Committee.objects.get(code="TAYHO"), Membership.Role.EDITOR)
        from django.contrib.auth.models import Permission

        editor.user_permissions.add(
            *Permission.objects.filter(codename__in=["add_figure", "change_figure"])
        )
        before = snapshot()
        rows = [
            ["TAYHO", "2020-2025", "CT02", 2021, 1, "1.000", None, None],
            ["HOANGMAI", "2020-2025", "CT01", 2021, 1, "1.500", None, None],
        ]
        sheets = read_workbook(io.BytesIO(xlsx({"Kết quả quý": rows})))
        result = workbook_import(sheets=sheets, user=editor)
        assert [str(error) for error in result.errors] == [
            "Kết quả quý, dòng 3, cột Mã đảng bộ: Bạn không được nhập dữ liệu của đảng bộ "
            "“HOANGMAI”."
        ]
        assert snapshot() == before
        # Their own committee's row alone goes in, recorded as theirs.
        result = workbook_import(sheets=read_workbook(io.BytesIO(xlsx({"Kết quả quý": rows[:1]}))),
                                 user=editor)  # fmt: skip
        assert result.ok
        figure = Figure.objects.get(target__term__committee__code="TAYHO", year=2021, quarter=1)
        assert figure.updated_by == editor
        assert figure.history.get().history_user == editor

    def test_an_editor_may_not_change_targets(self, tmp_path):
        run_import(write(tmp_path, SEED_SHEETS))
        editor = make_user("tayho2")
        make_membership(editor, Committee.objects.get(code="TAYHO"), Membership.Role.EDITOR)
        renamed = [row[:3] + ["Tên mới"] + row[4:] for row in SEED_SHEETS["Chỉ tiêu"][1:2]]
        result = workbook_import(sheets=read_workbook(io.BytesIO(xlsx({"Chỉ tiêu": renamed}))),
                                 user=editor)  # fmt: skip
        assert [str(error) for error in result.errors] == [
            "Chỉ tiêu, dòng 2: Bạn không có quyền thêm hoặc sửa chỉ tiêu."
        ]


class TestExport:
    def test_a_committee_s_term_exports_and_imports_back_unchanged(self, demo, tmp_path):
        committee = Committee.objects.get(code="TAYHO")
        data = term_workbook(committee, committee.terms.get())
        before = snapshot()
        path = tmp_path / "tayho.xlsx"
        path.write_bytes(data)
        out = run_import(path)
        assert "Kết quả quý: 0 mới, 0 cập nhật, 300 không đổi" in out
        assert snapshot() == before

    def test_a_present_term_with_every_kind_exports_and_imports_back_unchanged(
        self, demo, tmp_path, capsys
    ):
        # Phường Tây Hồ, 2025–2030: sums, levels, ratios (counts), targets reported every
        # quarter, half-year and year, and a plan revised by resolution.
        committee = Committee.objects.get(code="PTAYHO")
        term = committee.terms.get()
        kinds = term.targets.values_list("aggregation", "frequency")
        assert {kind for kind, _often in kinds} >= {"sum", "latest", "ratio"}
        assert {often for _kind, often in kinds} == {"quarter", "half_year", "year"}
        assert Revision.objects.filter(target__term=term).exists()
        path = tmp_path / "ptayho.xlsx"
        path.write_bytes(term_workbook(committee, term))
        before = snapshot()
        out = run_import(path)
        assert "Điều chỉnh: 0 mới, 0 cập nhật, 2 không đổi" in out
        assert snapshot() == before
        # Deleted, the term comes back from its export with the same progress.
        original = progress("PTAYHO", 2026, 3, capsys, term="2025-2030")
        term.delete()
        out = run_import(path)
        assert "Điều chỉnh: 2 mới" in out
        assert progress("PTAYHO", 2026, 3, capsys, term="2025-2030") == original
        assert committee.terms.get().start_quarter == 4  # the term reports from 2025 Q4
        schools = Figure.objects.filter(target__term__committee=committee).exclude(numerator=None)
        assert schools.exists()

    def test_an_export_rebuilds_a_deleted_term(self, demo, tmp_path, capsys):
        committee = Committee.objects.get(code="TAYHO")
        term = committee.terms.get()
        original = progress("TAYHO", 2022, 4, capsys)
        path = tmp_path / "tayho.xlsx"
        path.write_bytes(term_workbook(committee, term))
        term.delete()
        out = run_import(path)
        assert "Kết quả quý: 300 mới" in out
        assert progress("TAYHO", 2022, 4, capsys) == original

    def test_the_template_has_every_sheet_and_imports_cleanly(self, tmp_path):
        sheets = read_workbook(io.BytesIO(template_workbook()))
        assert [sheet.name for sheet in sheets] == [
            "Đảng bộ", "Nhiệm kỳ", "Chương trình", "Chỉ tiêu", "Kế hoạch năm", "Kết quả quý",
            "Điều chỉnh",
        ]  # fmt: skip
        assert all(sheet.rows for sheet in sheets)
        result = workbook_import(sheets=sheets, dry_run=True)
        assert result.ok, [str(error) for error in result.errors]


def test_a_database_refusal_is_reported_and_rolls_everything_back(tmp_path, monkeypatch):
    from django.db import IntegrityError

    from targets.workbook.writer import Writer

    def refuse(self):
        Committee.objects.create(code="HALFWAY", name="x", level="ward")
        raise IntegrityError("targets_measurement_year_in_term")

    monkeypatch.setattr(Writer, "write", refuse)
    with pytest.raises(ImportFailed) as failed:
        run_import(write(tmp_path, SEED_SHEETS))
    assert failed.value.lines == [
        "Cơ sở dữ liệu từ chối việc nhập, không ghi gì: targets_measurement_year_in_term"
    ]
    assert not Committee.objects.exists()

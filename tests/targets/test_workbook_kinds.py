"""The workbook's ratio targets (Tử số, Mẫu số), reporting frequency (Kỳ báo cáo) and revisions
(sheet Điều chỉnh), as IMPORT_FORMAT.md describes them: imported, and refused with every error
and nothing written."""

import io
from decimal import Decimal

import pytest

from districts.models import Committee, Membership
from targets.counts import COUNTS_NOT_ALLOWED, COUNTS_REQUIRED
from targets.cycle import NOT_A_REVIEWER
from targets.models import Figure, Revision, Target
from targets.workbook.reading import read_workbook
from targets.workbook.service import workbook_import
from tests.factories import make_membership, make_user
from tests.workbooks import xlsx

pytestmark = pytest.mark.django_db

BASE = {
    "Đảng bộ": [
        ["HANOI", "Đảng bộ thành phố Hà Nội", "Thành phố", None],
        ["TAYHO", "Đảng bộ quận Tây Hồ", "Quận", "HANOI"],
    ],
    "Nhiệm kỳ": [["HANOI", "2020-2025", "XVII"], ["TAYHO", "2020-2025", "VI"]],
    "Chỉ tiêu": [
        ["TAYHO", "2020-2025", "CT02", "Thu ngân sách", "Kinh tế - xã hội", None, "tỷ đồng",
         "Cộng dồn", "Tăng", 0, 20000, None, None],
        ["TAYHO", "2020-2025", "CT15", "Trường công lập đạt chuẩn quốc gia", "Kinh tế - xã hội",
         None, "trường", "Ty le", "Tăng", 85, 100, None, "Năm"],
        ["TAYHO", "2020-2025", "CT16", "Kết nạp đảng viên mới", "Xây dựng Đảng", None,
         "đảng viên", "Cộng dồn", "Tăng", None, None, None, "6 thang"],
    ],
}  # fmt: skip


def run(sheets: dict, user=None, dry_run=False):
    return workbook_import(
        sheets=read_workbook(io.BytesIO(xlsx({**BASE, **sheets}))), user=user, dry_run=dry_run
    )


def messages(result) -> list[str]:
    return [str(error) for error in result.errors]


def test_ratio_counts_frequency_and_a_revision_are_imported():
    result = run(
        {
            "Kết quả quý": [
                ["TAYHO", "2020-2025", "CT15", 2022, 4, None, "26/27 trường", None, 26, 27],
                ["TAYHO", "2020-2025", "CT15", 2021, 4, "92,6", None, None, 25, 27],
                ["TAYHO", "2020-2025", "CT02", 2022, 4, "4.656"],
            ],
            "Điều chỉnh": [
                [
                    "TAYHO",
                    "2020-2025",
                    "CT02",
                    None,
                    16000,
                    "2/2023",
                    "Nghị quyết số 15-NQ/QU ngày 07/4/2023",
                ],
            ],
        }  # fmt: skip
    )
    assert result.ok, messages(result)
    schools = Target.objects.get(code="CT15")
    assert (schools.aggregation, schools.frequency) == ("ratio", "year")
    assert Target.objects.get(code="CT16").frequency == "half_year"
    assert Target.objects.get(code="CT02").frequency == "quarter"  # empty means Quý
    figure = Figure.objects.get(target=schools, year=2022)
    assert (figure.numerator, figure.denominator, figure.value) == (26, 27, Decimal("96.2963"))
    revision = Revision.objects.get()
    assert (revision.plan_year, revision.from_year, revision.from_quarter) == (None, 2023, 2)
    assert revision.value == 16000
    assert revision.basis == "Nghị quyết số 15-NQ/QU ngày 07/4/2023"
    assert revision.target.term_target == 20000  # the original stays
    assert revision.history.count() == 1


def test_every_bad_count_and_revision_is_reported_and_nothing_written():
    result = run(
        {
            "Kết quả quý": [
                ["TAYHO", "2020-2025", "CT15", 2022, 4, None, None, None, 26, None],
                ["TAYHO", "2020-2025", "CT15", 2021, 4, "90", None, None, 25, 27],
                ["TAYHO", "2020-2025", "CT15", 2020, 4, None, None, None, 3, 0],
                ["TAYHO", "2020-2025", "CT02", 2022, 4, "4.656", None, None, 1, 2],
                ["TAYHO", "2020-2025", "CT02", 2021, 4, None],
            ],
            "Điều chỉnh": [
                ["TAYHO", "2020-2025", "CT02", None, 16000, "5/2023", "NQ 15"],
                ["TAYHO", "2020-2025", "CT02", 2027, 16000, "2/2023", "NQ 15"],
                ["TAYHO", "2020-2025", "CT02", None, 16000, "2/2023", None],
            ],
        }
    )
    assert messages(result) == [
        f"Kết quả quý, dòng 2, cột Mẫu số: {COUNTS_REQUIRED}",
        "Kết quả quý, dòng 3, cột Giá trị: “90” không khớp với 25/27 (92,6).",
        "Kết quả quý, dòng 4, cột Mẫu số: Mẫu số phải lớn hơn 0.",
        f"Kết quả quý, dòng 5, cột Tử số: {COUNTS_NOT_ALLOWED}",
        "Kết quả quý, dòng 6, cột Giá trị: Ô này không được để trống.",
        "Điều chỉnh, dòng 2, cột Hiệu lực từ: “5/2023” không phải quý và năm như 2/2023.",
        "Điều chỉnh, dòng 3, cột Năm kế hoạch: Năm 2027 nằm ngoài nhiệm kỳ 2020-2025.",
        "Điều chỉnh, dòng 4, cột Căn cứ: Ô này không được để trống.",
    ]
    assert not Committee.objects.exists()
    assert not Revision.objects.exists()


def test_an_editor_may_not_import_a_revision():
    run({})
    editor = make_user("tayho_editor")
    make_membership(editor, Committee.objects.get(code="TAYHO"), Membership.Role.EDITOR)
    sheet = {"Điều chỉnh": [["TAYHO", "2020-2025", "CT02", None, 16000, "2/2023", "NQ 15"]]}
    result = workbook_import(sheets=read_workbook(io.BytesIO(xlsx(sheet))), user=editor)
    assert messages(result) == [
        "Điều chỉnh, dòng 2, cột Mã chỉ tiêu: "
        + str(NOT_A_REVIEWER) % {"committee": "Đảng bộ quận Tây Hồ"}
    ]
    assert not Revision.objects.exists()

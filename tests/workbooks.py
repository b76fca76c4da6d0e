"""Building workbooks for import tests: sheets of the contract with their headers and rows."""

import io

from openpyxl import Workbook

from targets.workbook.contract import SHEETS


def xlsx(sheets: dict[str, list[list]], headers: dict[str, list[str]] | None = None) -> bytes:
    """An .xlsx file with these sheets: the contract's headers (or the ones given), then rows."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        sheet.append((headers or {}).get(name) or [column.header for column in SHEETS[name]])
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write(tmp_path, sheets, name="workbook.xlsx", **kwargs):
    path = tmp_path / name
    path.write_bytes(xlsx(sheets, **kwargs))
    return path


# The seed figures of DESIGN.md "Checks against the seeds", as an admin would type them.
SEED_SHEETS = {
    "Đảng bộ": [
        ["HANOI", "Đảng bộ thành phố Hà Nội", "Thành phố", None],
        ["TAYHO", "Đảng bộ quận Tây Hồ", "Quận", "HANOI"],
        ["HOANGMAI", "Đảng bộ quận Hoàng Mai", "quan", "HANOI"],
        ["THUONGTIN", "Đảng bộ huyện Thường Tín", "Huyện", "HANOI"],
    ],
    "Nhiệm kỳ": [
        ["HANOI", "2020-2025", "XVII"],
        ["TAYHO", "2020-2025", "VI"],
        ["HOANGMAI", "2020 – 2025", 4],
        ["THUONGTIN", "2020-2025", "XXV"],
    ],
    "Chương trình": [
        ["TAYHO", "2020-2025", 2, "Phát triển kinh tế nhanh, bền vững"],
    ],
    "Chỉ tiêu": [
        ["HANOI", "2020-2025", "TP01", "Thu ngân sách nhà nước", "Kinh tế - xã hội", None,
         "tỷ đồng", "Cộng dồn", "Tăng", None, None, None],
        ["TAYHO", "2020-2025", "CT01", "Tốc độ tăng giá trị sản xuất bình quân",
         "Kinh te - xa hoi", 2, "%", "Bình quân", "Tăng", 12, 14, None],
        ["TAYHO", "2020-2025", "CT02", "Thu ngân sách nhà nước trên địa bàn",
         "Kinh tế - xã hội", 2, "tỷ đồng", "cong don", "tang", 0, 20000, "TP01"],
        ["HOANGMAI", "2020-2025", "CT01", "Thu ngân sách nhà nước trên địa bàn",
         "Kinh tế - xã hội", None, "tỷ đồng", "Cộng dồn", "Tăng", None, None, "TP01"],
        ["THUONGTIN", "2020-2025", "CT02", "Thu nhập bình quân đầu người",
         "Kinh tế - xã hội", None, "triệu đồng/người/năm", "Giá trị cuối", "Tăng", 45, 82,
         None],
    ],
    "Kế hoạch năm": [
        ["TAYHO", "2020-2025", "CT02", 2020, 2750],
        ["TAYHO", "2020-2025", "CT02", 2021, "2.850"],
        ["TAYHO", "2020-2025", "CT02", 2022, "3.004,6"],
        ["HOANGMAI", "2020-2025", "CT01", 2020, 6040],
    ],
    "Kết quả quý": [
        ["TAYHO", "2020-2025", "CT01", 2020, 4, "12,1", None, None],
        ["TAYHO", "2020-2025", "CT01", 2021, "Q4", "13,5", None, None],
        ["TAYHO", "2020-2025", "CT01", 2022, "IV", 14.84, "ước cả năm", "x"],
        ["TAYHO", "2020-2025", "CT02", 2020, 4, "4.012", None, None],
        ["TAYHO", "2020-2025", "CT02", 2021, 4, "4.325", None, None],
        ["TAYHO", "2020-2025", "CT02", 2022, 4, "4.656", "Lũy kế 12.993 tỷ đồng", None],
        ["HOANGMAI", "2020-2025", "CT01", 2020, 4, "6.160", None, None],
        ["THUONGTIN", "2020-2025", "CT02", 2022, 4, 63, None, None],
    ],
}  # fmt: skip

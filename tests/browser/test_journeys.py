"""The main journeys in a real browser, checked by what a person sees."""

import re

import pytest
from playwright.sync_api import expect

from tests.workbooks import xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENTRY = "/committees/TAYHO/entry/2023/1/"


def test_an_editor_submits_a_quarter_the_reviewer_approves_it_and_it_locks(visit):
    editor, reviewer = visit("editor"), visit("reviewer")
    submits_the_first_quarter_of_2023(editor)
    approves_it(reviewer)
    finds_it_locked(editor)


def submits_the_first_quarter_of_2023(editor) -> None:
    """(a) The editor of Tây Hồ fills the first quarter of 2023, with one bad number, corrects
    it with the keyboard alone and submits."""
    editor.log_in("tayho")
    # Since the 2025 reform the editor opens on the ward of the same name, in the present term.
    expect(editor.page).to_have_url(re.compile("/committees/PTAYHO/$"))
    expect(editor.page.locator("h1")).to_have_text("Đảng bộ phường Tây Hồ")
    editor.goto(ENTRY)
    expect(editor.page.locator("h1")).to_have_text("Số liệu quý 1/2023")
    inputs = editor.page.locator("#entry-table input[name$='-value']")
    count = inputs.count()
    assert count == 23  # and two ratio targets, which take two counts each
    for index in range(count):
        inputs.nth(index).fill(f"{index + 1},5")
    for code, numerator, denominator in (("CT04", "26", "27"), ("CT05", "8", "8")):
        editor.page.get_by_label(f"Tử số của {code}").fill(numerator)
        editor.page.get_by_label(f"Mẫu số của {code}").fill(denominator)
    editor.page.get_by_label("Kết quả của CT02").fill("14.84")  # a dot is not a decimal mark
    editor.shoot("entry-filled")
    editor.page.get_by_role("button", name="Gửi duyệt").click()
    editor.page.wait_for_load_state("networkidle")
    row = editor.page.locator("tr[data-target='CT02']")
    expect(row.locator(".invalid-feedback")).to_have_text(
        "“14.84” không phải là số (viết như 1.075,5)."
    )
    expect(editor.page.get_by_role("alert").first).to_contain_text("Chưa lưu gì")
    editor.shoot("entry-error")
    # Corrected with the keyboard alone: into the field, type, Tab on to its estimate mark.
    field = editor.page.get_by_label("Kết quả của CT02")
    field.focus()
    editor.page.keyboard.press("Control+A")
    editor.page.keyboard.type("1.350,25")
    editor.page.keyboard.press("Tab")
    expect(editor.page.get_by_label("CT02 là số ước")).to_be_focused()
    editor.page.get_by_label("Đánh giá chung của quý").fill("Hoàn thành kế hoạch quý.")
    editor.page.get_by_role("button", name="Gửi duyệt").focus()
    editor.page.keyboard.press("Enter")
    editor.page.wait_for_load_state("networkidle")
    expect(editor.page.get_by_role("status").first).to_have_text("Đã gửi duyệt quý.")
    expect(editor.page.locator(".report-submitted")).to_have_text("Đã gửi duyệt")
    expect(editor.page.locator("#locked")).to_contain_text("đang chờ duyệt")
    editor.shoot("entry-submitted")


def approves_it(reviewer) -> None:
    """(b) The city's reviewer approves it."""
    reviewer.log_in("tonghop")
    reviewer.page.get_by_role("link", name="Duyệt báo cáo").click()
    reviewer.page.wait_for_load_state("networkidle")
    expect(reviewer.page.locator("h1")).to_have_text("Các quý chờ duyệt")
    row = reviewer.page.locator("#review-table tr[data-moment='2023-1']")
    row.get_by_role("link", name="Đảng bộ quận Tây Hồ").click()
    reviewer.page.wait_for_load_state("networkidle")
    figure = reviewer.page.locator("tr[data-target='CT02'] td.num").nth(1)
    expect(figure).to_have_text("1.350,25")
    reviewer.shoot("review-detail")
    reviewer.page.get_by_role("button", name="Duyệt (khóa quý)").click()
    reviewer.page.wait_for_load_state("networkidle")
    expect(reviewer.page.get_by_role("status").first).to_have_text("Đã duyệt quý; quý này đã khóa.")
    expect(reviewer.page.locator(".report-approved").first).to_have_text("Đã duyệt")
    reviewer.shoot("review-approved")


def finds_it_locked(editor) -> None:
    """(c) The editor finds the quarter locked, saying by whom."""
    editor.goto(ENTRY)
    expect(editor.page.locator("#locked")).to_contain_text("đã được")
    expect(editor.page.locator("#locked")).to_contain_text("duyệt lúc")
    expect(editor.page.locator("#locked")).to_contain_text("đã khóa")
    expect(editor.page.get_by_label("Kết quả của CT02")).to_be_disabled()
    expect(editor.page.get_by_role("button", name="Lưu nháp")).to_have_count(0)
    expect(editor.page.locator("#steps")).to_contain_text("Đã duyệt")
    editor.shoot("entry-locked")


def test_a_city_leader_sorts_the_overview_and_opens_a_committee_and_a_target(visit):
    # (d) Opened today, the overview shows the present term: the wards and communes, not the
    # old districts.
    leader = visit("leader")
    leader.log_in("thanhuy")
    expect(leader.page).to_have_url(re.compile("/committees/HANOI/overview/$"))
    expect(leader.page.locator("h1")).to_contain_text("tổng quan")
    names = leader.page.locator("#overview-table tbody th")
    expect(names).to_have_text(
        [
            "Đảng bộ phường Cầu Giấy",
            "Đảng bộ phường Hoàng Mai",
            "Đảng bộ phường Phú Thượng",
            "Đảng bộ phường Tây Hồ",
            "Đảng bộ xã Thường Tín",
        ]
    )
    expect(leader.page.locator("#overview-table")).not_to_contain_text("quận")
    leader.shoot("overview-present")
    # The history is one choice away: the term 2020–2025 in the picker.
    with leader.page.expect_navigation():
        leader.page.locator("#pick-term").select_option("2020-2025")  # submits at once
    leader.page.wait_for_load_state("networkidle")
    expect(names.first).to_have_text("Đảng bộ huyện Thường Tín")
    leader.shoot("overview")
    leader.page.get_by_role("link", name="Đảng bộ ▲").click()  # sort by name, descending
    leader.page.wait_for_load_state("networkidle")
    expect(names.first).to_have_text("Đảng bộ quận Tây Hồ")
    expect(leader.page.locator("th[aria-sort='descending']")).to_contain_text("Đảng bộ")
    leader.shoot("overview-sorted")
    leader.page.locator("#overview-table").get_by_role("link", name="Đảng bộ quận Tây Hồ").click()
    leader.page.wait_for_load_state("networkidle")
    expect(leader.page.locator("h1")).to_have_text("Đảng bộ quận Tây Hồ")
    growth = leader.page.locator("tr[data-target='CT01']")
    expect(growth.locator("[data-field='term_pct']")).to_have_text("96,3\xa0%")
    expect(leader.page.locator("tr[data-target='CT02'] [data-field='to_date_pct']")).to_have_text(
        "151\xa0%"
    )
    leader.shoot("dashboard")
    growth.get_by_role("link").click()
    leader.page.wait_for_load_state("networkidle")
    expect(leader.page.locator("h1")).to_contain_text("CT01.")
    expect(leader.page.locator("[data-field='term_pct']")).to_have_text("96,3\xa0%")
    drawn = leader.page.evaluate(
        "() => Chart.getChart('target-chart-year').data.datasets.map(d => d.label)"
    )
    assert drawn == ["Kết quả quý", "Lũy kế năm", "Kế hoạch năm", "Mức cần đạt đến nay (năm)"]
    leader.shoot("target")
    # The review document of the mid-term, downloaded from the report page.
    leader.goto("/committees/TAYHO/report/?term=2020-2025&year=2022&quarter=4")
    with leader.page.expect_download() as download:
        leader.page.get_by_role("link", name="Tải báo cáo (.docx)").click()
    assert download.value.suggested_filename == "bao-cao-TAYHO-2022-Q4.docx"


def test_an_admin_sees_the_dry_run_errors_of_a_bad_workbook(visit, tmp_path):
    # (e)
    admin = visit("admin")
    admin.log_in("admin")
    admin.goto("/admin/")
    admin.page.get_by_role("link", name="Nhập dữ liệu từ bảng tính").click()
    admin.page.wait_for_load_state("networkidle")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx({"Kết quả quý": [
        ["TAYHO", "2020-2025", "CT02", 2023, 1, "10", None, None],
        ["NOWHERE", "2020-2025", "CT02", 2023, 1, "10", None, None],
        ["TAYHO", "2020-2025", "CT02", 2023, "V", "mười", None, None],
    ]}))  # fmt: skip
    admin.page.get_by_label("Bảng tính (.xlsx)").set_input_files(str(bad))
    admin.page.get_by_role("button", name="Kiểm tra bảng tính (chạy thử)").click()
    admin.page.wait_for_load_state("networkidle")
    expect(admin.page.locator("h2", has_text="lỗi")).to_have_text("3 lỗi: sẽ không nhập gì")
    errors = admin.page.locator("#import-errors li")
    expect(errors).to_have_text([
        "Kết quả quý, dòng 3, cột Mã đảng bộ: Không có đảng bộ nào mã “NOWHERE”.",
        "Kết quả quý, dòng 4, cột Quý: “V” không phải quý hợp lệ (1–4).",
        "Kết quả quý, dòng 4, cột Giá trị: “mười” không phải là số (viết như 1.075,5).",
    ])  # fmt: skip
    expect(admin.page.get_by_role("button", name="Xác nhận nhập")).to_have_count(0)
    admin.shoot("import-errors")

"""The present term in a real browser: ratio targets entered as counts, targets not due in a
quarter left out, in Vietnamese and in English."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Phường Hoàng Mai's 2026 Q3 is a draft in the demo; CT10 (safe residential areas) is a ratio
# target reported every quarter.
DRAFT_ENTRY = "/committees/PHOANGMAI/entry/2026/3/"


def test_an_editor_enters_a_ratio_target_s_counts_and_sees_its_percentage(visit):
    editor = visit("ratio-entry")
    editor.log_in("hoangmai")
    expect(editor.page).to_have_url(re.compile("/committees/PHOANGMAI/$"))
    editor.goto(DRAFT_ENTRY)
    row = editor.page.locator("tr[data-target='CT10']")
    editor.page.get_by_label("Tử số của CT10").fill("45")
    editor.page.get_by_label("Mẫu số của CT10").fill("50")
    editor.page.get_by_role("button", name="Lưu nháp").click()
    editor.page.wait_for_load_state("networkidle")
    expect(row.locator("[data-field='counts_pct']")).to_have_text("= 90\xa0%")
    expect(editor.page.get_by_label("Tử số của CT10")).to_have_value("45")
    editor.shoot("ratio-saved")
    # A denominator of 0 is refused beside the field; nothing changes.
    editor.page.get_by_label("Mẫu số của CT10").fill("0")
    editor.page.get_by_role("button", name="Lưu nháp").click()
    editor.page.wait_for_load_state("networkidle")
    expect(row.locator(".invalid-feedback")).to_have_text("Mẫu số phải lớn hơn 0.")
    editor.shoot("ratio-refused")

    # The same in English.
    english = visit("ratio-entry-en")
    english.log_in("hoangmai")
    with english.page.expect_navigation():
        english.page.locator("#language-choice").select_option("en")
    english.goto(DRAFT_ENTRY)
    english.page.get_by_label("Numerator of CT10").fill("46")
    english.page.get_by_label("Denominator of CT10").fill("50")
    english.page.get_by_role("button", name="Save draft").click()
    english.page.wait_for_load_state("networkidle")
    row = english.page.locator("tr[data-target='CT10']")
    expect(row.locator("[data-field='counts_pct']")).to_have_text("= 92\xa0%")
    english.shoot("ratio-saved-en")


def test_an_editor_s_first_quarter_of_2026_does_not_ask_for_a_yearly_target(visit):
    editor = visit("not-due")
    editor.log_in("tayho")
    expect(editor.page).to_have_url(re.compile("/committees/PTAYHO/$"))
    editor.goto("/committees/PTAYHO/entry/2026/1/")
    expect(editor.page.locator("tr[data-target='CT01']")).to_have_count(1)  # quarterly
    for yearly in ("CT02", "CT04", "CT09"):
        expect(editor.page.locator(f"tr[data-target='{yearly}']")).to_have_count(0)
    expect(editor.page.locator("tr[data-target='CT03']")).to_have_count(0)  # half-yearly
    editor.shoot("q1-without-yearly")
    # The fourth quarter asks for them.
    editor.goto("/committees/PTAYHO/entry/2025/4/")
    expect(editor.page.locator("tr[data-target='CT02']")).to_have_count(1)
    # The dashboard says the yearly targets are not due yet.
    editor.goto("/committees/PTAYHO/?year=2026&quarter=1")
    expect(editor.page.locator("tr[data-target='CT02']").get_by_text("chưa đến kỳ")).to_have_count(
        1
    )

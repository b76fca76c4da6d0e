"""The present term in a real browser: ratio targets entered as counts, targets not due in a
quarter left out, the plan in force at a quarter, the new wards not chased for the quarters
before they existed, and the leader's overview of the wards, in Vietnamese and in English."""

import re

import pytest
from django.conf import settings
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


def logged_in(visitor, username: str, language: str):
    """The visitor logged in (the login page speaks Vietnamese), then speaking `language`."""
    visitor.log_in(username)
    visitor.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": visitor.base}]
    )
    return visitor


@pytest.mark.parametrize("language", ["vi", "en"])
def test_an_editor_s_2026_q1_page_in_english_too_does_not_ask_for_a_yearly_target(visit, language):
    editor = logged_in(visit(f"not-due-{language}"), "tayho", language)
    editor.goto("/committees/PTAYHO/entry/2026/1/")
    expect(editor.page.locator("tr[data-target='CT01']")).to_have_count(1)
    for not_due in ("CT02", "CT03", "CT04", "CT09"):
        expect(editor.page.locator(f"tr[data-target='{not_due}']")).to_have_count(0)
    editor.shoot("q1-without-yearly")


PLAN_IN_FORCE = {
    "vi": {"plan": "1.089 đc", "title": "Điều chỉnh theo Kết luận số 03-KL/ĐU ngày 20/01/2026",
           "original": "ban đầu 990", "save": "Lưu nháp"},
    "en": {"plan": "1,089 rev.", "title": "Revised by Kết luận số 03-KL/ĐU ngày 20/01/2026",
           "original": "originally 990", "save": "Save draft"},
}  # fmt: skip


@pytest.mark.parametrize("language", ["vi", "en"])
def test_an_editor_s_2026_q1_page_shows_the_plan_revised_in_force(visit, language):
    # Phường Tây Hồ's 2026 plan of new jobs (CT07, 990) was raised to 1.089 by a conclusion of
    # January, in force from 2026 Q1; its revenue plan was lowered only from 2026 Q3.
    words = PLAN_IN_FORCE[language]
    for width in (1280, 390):
        editor = logged_in(visit(f"plan-in-force-{language}-{width}", width), "tayho", language)
        editor.goto("/committees/PTAYHO/entry/2026/1/")
        plan = editor.page.locator("tr[data-target='CT07'] td.plan")
        expect(plan).to_contain_text(words["plan"])
        mark = plan.locator("abbr.revised-mark")
        expect(mark).to_have_attribute("title", re.compile(re.escape(words["title"])))
        expect(mark).to_have_attribute("title", re.compile(words["original"]))
        revenue = editor.page.locator("tr[data-target='CT01'] td.plan")
        expect(revenue.locator("abbr.revised-mark")).to_have_count(0)
        editor.shoot("plan-in-force")
    # In 2026 Q3 both revisions are in force.
    editor.goto("/committees/PTAYHO/entry/2026/3/")
    expect(editor.page.locator("tr[data-target='CT01'] td.plan abbr.revised-mark")).to_have_count(1)


OVERDUE = {
    "vi": {"late": "2 đảng bộ chậm báo cáo, tổng cộng 2 quý quá hạn tính đến quý 3/2026.",
           "quarter": "quý 3/2026", "one": "1 quý quá hạn"},
    "en": {"late": "2 committees are late, 2 quarters overdue in all up to quarter 3/2026.",
           "quarter": "quarter 3/2026", "one": "1 quarter overdue"},
}  # fmt: skip


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_new_ward_is_not_chased_for_the_quarters_before_it_existed(visit, language):
    # The wards report from 2025 Q4: only Phường Hoàng Mai's draft and Xã Thường Tín's missing
    # 2026 Q3 are overdue, never 2025 Q1–Q3.
    words = OVERDUE[language]
    leader = logged_in(visit(f"ward-overdue-leader-{language}"), "thanhuy", language)
    leader.goto("/")  # the home page: the overview, opened on the present
    expect(leader.page).to_have_url(re.compile("/committees/HANOI/overview/$"))
    expect(leader.page.locator("#not-reported-counts")).to_contain_text(words["late"])
    leader.page.locator("#not-reported summary").click()
    late = leader.page.locator("#not-reported li")
    expect(late.filter(has_text="phường Hoàng Mai")).to_contain_text(words["one"])
    row = leader.page.locator("#overview-table tbody tr").filter(has_text="phường Hoàng Mai")
    expect(row.locator("[title]").last).to_have_attribute("title", words["quarter"])
    leader.shoot("ward-overdue-overview")

    editor = logged_in(visit(f"ward-overdue-editor-{language}", 390), "hoangmai", language)
    editor.goto("/")  # the home page: the ward's dashboard
    expect(editor.page).to_have_url(re.compile("/committees/PHOANGMAI/$"))
    overdue = editor.page.locator("#overdue")
    expect(overdue).to_contain_text(words["one"])
    expect(overdue.get_by_role("link")).to_have_text([words["quarter"]])
    expect(overdue).not_to_contain_text("2025")
    editor.shoot("ward-overdue-dashboard")
    overdue.get_by_role("link", name=words["quarter"]).click()
    editor.page.wait_for_load_state("networkidle")
    expect(editor.page).to_have_url(re.compile("/committees/PHOANGMAI/entry/2026/3/$"))


WARDS = [
    "Đảng bộ phường Cầu Giấy",
    "Đảng bộ phường Hoàng Mai",
    "Đảng bộ phường Phú Thượng",
    "Đảng bộ phường Tây Hồ",
    "Đảng bộ xã Thường Tín",
]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_leader_opens_the_present_overview_and_sees_the_wards(visit, language):
    leader = logged_in(visit(f"present-overview-{language}"), "thanhuy", language)
    leader.goto("/")
    expect(leader.page).to_have_url(re.compile("/committees/HANOI/overview/$"))
    expect(leader.page.locator("#pick-term")).to_have_value("2025-2030")
    expect(leader.page.locator("#overview-table tbody th")).to_have_text(WARDS)
    expect(leader.page.locator("#overview-table")).not_to_contain_text("quận")
    expect(leader.page.locator("#overview-table")).not_to_contain_text("huyện")
    leader.shoot("present-overview")


ADMIN = {
    "vi": {"field": "Báo cáo từ quý", "save": "Lưu lại", "error": "nhỏ hơn hoặc bằng với 4",
           "changes": "Thay đổi kết quả, kế hoạch và điều chỉnh của chỉ tiêu",
           "revision": "Điều chỉnh kế hoạch năm 2026, hiệu lực từ quý 3/2026"},
    "en": {"field": "Reports from quarter", "save": "Save", "error": "less than or equal to 4",
           "changes": "Changes of its figures, plans and revisions",
           "revision": "Revision of the plan 2026, in force from quarter 3/2026"},
}  # fmt: skip


@pytest.mark.parametrize("language", ["vi", "en"])
def test_an_admin_sets_a_term_s_start_quarter_and_reads_a_target_s_history(visit, language):
    from districts.models import Term
    from targets.models import Target

    words = ADMIN[language]
    term = Term.objects.get(committee__code="PTAYHO")
    target = Target.objects.get(term=term, code="CT01")
    admin = logged_in(visit(f"admin-start-quarter-{language}"), "admin", language)
    admin.goto(f"/admin/districts/term/{term.pk}/change/")
    field = admin.page.get_by_label(words["field"])
    expect(field).to_have_value("4")
    field.fill("5")
    admin.page.get_by_role("button", name=words["save"], exact=True).click()
    admin.page.wait_for_load_state("networkidle")
    expect(admin.page.locator(".errorlist")).to_contain_text(words["error"])
    admin.shoot("start-quarter-refused")
    admin.page.get_by_label(words["field"]).fill("3")
    admin.page.get_by_role("button", name=words["save"], exact=True).click()
    admin.page.wait_for_load_state("networkidle")
    term.refresh_from_db()
    assert term.start_quarter == 3
    # The target's history beside its own versions: its figures, plans and revisions.
    admin.goto(f"/admin/targets/target/{target.pk}/history/")
    changes = admin.page.locator("#target-changes")
    expect(changes.get_by_role("heading")).to_have_text(words["changes"])
    revision = changes.locator("tr[data-kind='revision']")
    expect(revision).to_contain_text(words["revision"])
    expect(revision).to_contain_text("Nghị quyết số 12-NQ/ĐU ngày 15/7/2026")
    expect(revision).to_contain_text("tonghop")
    expect(changes.locator("tr[data-kind='figure']")).to_have_count(4)
    admin.shoot("target-history")

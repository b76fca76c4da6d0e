"""The moment picker pressed as people press it: the term, the year and the quarter chosen with
the mouse and with the keyboard, in Vietnamese and in English, on every page that has it."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from districts.models import Committee
from tests.factories import make_target, make_term

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The pages with a picker, for the city's leader.
PAGES = [
    "/committees/HANOI/overview/",
    "/committees/TAYHO/",
    "/committees/TAYHO/targets/CT02/",
    "/committees/TAYHO/report/",
]
WORDS = {
    "vi": {"term": "Nhiệm kỳ", "year": "Năm", "quarter": "Quý", "show": "Xem"},
    "en": {"term": "Term", "year": "Year", "quarter": "Quarter", "show": "Show"},
}


def an_earlier_term():
    """The previous term of the city and of Tây Hồ, with the target the pages open."""
    make_term(Committee.objects.get(code="HANOI"), 2015, 2019, congress=16)
    make_target(make_term(Committee.objects.get(code="TAYHO"), 2015, 2019, congress=5), "CT02")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_leader_moves_every_page_with_the_picker(visit, language):
    an_earlier_term()
    leader = visit(f"picker-{language}")
    leader.log_in("thanhuy")
    leader.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": leader.base}]
    )
    words = WORDS[language]
    page = leader.page
    picker = page.locator("#moment-picker")
    term = picker.get_by_label(words["term"], exact=True)
    year = picker.get_by_label(words["year"], exact=True)
    quarter = picker.get_by_label(words["quarter"], exact=True)
    for path in PAGES:
        # The demo opens on the present term; the journey walks the 2020–2025 history.
        leader.goto(f"{path}?term=2020-2025")
        # The mouse: a year and a quarter, then the button.
        year.select_option("2021")
        quarter.select_option("2")
        picker.get_by_role("button", name=words["show"]).click()
        page.wait_for_load_state("networkidle")
        expect(page).to_have_url(re.compile(r"year=2021&quarter=2"))
        expect(year).to_have_value("2021")
        expect(quarter).to_have_value("2")
        # The keyboard: a year later, a quarter earlier, Tab to the button and Enter.
        year.focus()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        expect(quarter).to_be_focused()
        page.keyboard.press("ArrowUp")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_load_state("networkidle")
        expect(page).to_have_url(re.compile(r"year=2022&quarter=1"))
        expect(year).to_have_value("2022")
        expect(quarter).to_have_value("1")
        # The term: the keyboard moves to the earlier one, which applies at once ...
        term.focus()
        page.keyboard.press("ArrowDown")
        page.wait_for_load_state("networkidle")
        expect(page).to_have_url(re.compile(r"term=2015-2019"))
        expect(term).to_have_value("2015-2019")
        expect(year).to_have_value("2019")
        # ... and the mouse back to the present one.
        term.select_option("2020-2025")
        page.wait_for_load_state("networkidle")
        expect(page).to_have_url(re.compile(r"term=2020-2025$"))
        expect(term).to_have_value("2020-2025")
    leader.shoot("picker")


def test_one_draft_in_a_new_quarter_does_not_move_the_leaders_overview(visit):
    editor = visit("draft-editor")
    editor.log_in("tayho")
    editor.goto("/committees/TAYHO/entry/2023/1/")
    editor.page.get_by_label("Kết quả của CT02").fill("1.200")
    editor.page.get_by_role("button", name="Lưu nháp").click()
    editor.page.wait_for_load_state("networkidle")
    expect(editor.page.locator("tr[data-target='CT02'] input[name$='-value']")).to_have_value(
        "1200"
    )
    # The editor's own dashboard opens on the draft's quarter ...
    editor.goto("/committees/TAYHO/")
    expect(editor.page.locator("main p").first).to_contain_text("quý 1/2023")

    # ... the city's leaders stay on the last quarter most committees handed in.
    leader = visit("draft-leader")
    leader.log_in("thanhuy")
    expect(leader.page).to_have_url(re.compile("/committees/HANOI/overview/$"))
    # The demo opens on the present term; the draft is in the 2020–2025 history.
    leader.goto("/committees/HANOI/overview/?term=2020-2025")
    expect(leader.page.locator("main p").first).to_contain_text("quý 4/2022")
    expect(leader.page.locator("#moment-picker").get_by_label("Năm", exact=True)).to_have_value(
        "2022"
    )
    leader.shoot("overview-after-a-draft")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_picker_offers_a_ward_s_term_from_its_start_quarter(visit, language):
    # The term 2025–2030 reports from 2025 Q4: in 2025 the picker offers Q4 alone.
    leader = visit(f"start-quarter-{language}", width=390)
    leader.log_in("thanhuy")
    leader.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": leader.base}]
    )
    words = WORDS[language]
    page = leader.page
    picker = page.locator("#moment-picker")
    year = picker.get_by_label(words["year"], exact=True)
    quarter = picker.get_by_label(words["quarter"], exact=True)
    leader.goto("/committees/PHOANGMAI/?year=2026&quarter=2")
    expect(quarter.locator("option:disabled")).to_have_count(0)
    # Choosing 2025 moves the quarter to the term's first and greys out Q1–Q3 ...
    year.select_option("2025")
    expect(quarter).to_have_value("4")
    expect(quarter.locator("option:disabled")).to_have_text(["1", "2", "3"])
    picker.get_by_role("button", name=words["show"]).click()
    page.wait_for_load_state("networkidle")
    expect(page).to_have_url(re.compile(r"year=2025&quarter=4"))
    # ... and the page served for 2025 offers them greyed out too (without JavaScript).
    expect(quarter).to_have_value("4")
    expect(quarter.locator("option:disabled")).to_have_text(["1", "2", "3"])
    # Back to 2026: every quarter again.
    year.select_option("2026")
    expect(quarter.locator("option:disabled")).to_have_count(0)
    quarter.select_option("1")
    picker.get_by_role("button", name=words["show"]).click()
    page.wait_for_load_state("networkidle")
    expect(page).to_have_url(re.compile(r"year=2026&quarter=1"))
    leader.shoot("picker-start-quarter")

"""The city leader's overview in a real browser: finding a committee by typing part of its name."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "vi": {"search": "Tìm đảng bộ", "shown": "Đang hiện 1/5 đảng bộ",
           "download": "Tải bảng tính (.xlsx)"},
    "en": {"search": "Find a committee", "shown": "Showing 1 of 5 committees",
           "download": "Download as a spreadsheet (.xlsx)"},
}  # fmt: skip


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_leader_filters_the_overview_by_typing_part_of_a_name(visit, language):
    leader = visit(f"search-{language}")
    leader.log_in("thanhuy")
    leader.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": leader.base}]
    )
    # The demo opens on the present term; these committees are in the 2020–2025 history.
    leader.goto("/committees/HANOI/overview/?term=2020-2025")
    rows = leader.page.locator("#overview-table tbody tr")
    expect(rows).to_have_count(5)
    search = leader.page.get_by_label(WORDS[language]["search"])
    search.focus()
    leader.page.keyboard.type("tay h")  # without accents, as people type in a hurry
    expect(rows.locator("visible=true")).to_have_count(1)
    expect(rows.locator("visible=true").locator("th")).to_have_text("Đảng bộ quận Tây Hồ")
    expect(leader.page.locator("#overview-search-count")).to_have_text(WORDS[language]["shown"])
    leader.shoot("overview-filtered")
    search.fill("")
    expect(rows.locator("visible=true")).to_have_count(5)
    # The names of the committees that have not handed the quarter in are one click away.
    names = leader.page.locator("#not-reported li")
    expect(names.first).to_be_hidden()
    leader.page.locator("#not-reported summary").click()
    expect(names.first).to_be_visible()
    # The same table as a spreadsheet.
    with leader.page.expect_download() as download:
        leader.page.get_by_role("link", name=WORDS[language]["download"]).click()
    assert download.value.suggested_filename == "tong-quan-HANOI-2022-Q4.xlsx"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_heat_map_opens_a_target_on_enter(visit, language):
    leader = visit(f"heat-{language}")
    leader.log_in("thanhuy")
    leader.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": leader.base}]
    )
    # The demo opens on the present term; these committees are in the 2020–2025 history.
    leader.goto("/committees/HANOI/overview/?term=2020-2025")
    cells = leader.page.locator("#heat-map tr[data-committee='TAYHO'] td.heat a")
    first = cells.first
    first.focus()
    expect(first).to_be_focused()
    # The keyboard goes from cell to cell; a screen reader hears the target and its status.
    leader.page.keyboard.press("Shift+Tab")
    leader.page.keyboard.press("Tab")
    expect(first).to_be_focused()
    label = first.get_attribute("aria-label")
    code = label.split(":")[0]
    leader.shoot("heat-map")
    leader.page.keyboard.press("Enter")
    leader.page.wait_for_load_state("networkidle")
    expect(leader.page).to_have_url(re.compile(rf"/committees/TAYHO/targets/{code}/\?term="))
    expect(leader.page.locator("h1")).to_contain_text(f"{code}.")


PAGES = {
    "vi": {"next": "Trang sau ›", "previous": "‹ Trang trước", "page": "Trang {}",
           "range": "{}–{} trên 5 đảng bộ", "name": "Đảng bộ", "share": "% đạt (gồm vượt)"},
    "en": {"next": "Next ›", "previous": "‹ Previous", "page": "Page {}",
           "range": "{}–{} of 5 committees", "name": "Committee",
           "share": "% achieved (incl. exceeded)"},
}  # fmt: skip


@pytest.mark.parametrize(("language", "width"), [("vi", 1280), ("en", 390)])
def test_the_leader_pages_through_the_committees_and_sorts_them(visit, settings, language, width):
    settings.OVERVIEW_PAGE_SIZE = 2  # the demo's five committees of 2020–2025 on three pages
    words = PAGES[language]
    leader = visit(f"pages-{language}", width=width)
    leader.log_in_speaking("thanhuy", language)
    leader.goto("/committees/HANOI/overview/?term=2020-2025")
    page = leader.page
    rows = page.locator("#overview-table tbody tr")
    codes = lambda: [row.get_attribute("data-committee") for row in rows.all()]  # noqa: E731
    expect(rows).to_have_count(2)
    expect(page.locator("#overview-range")).to_have_text(words["range"].format(1, 2))
    leader.shoot("overview-page-1")
    by_name = codes()
    pager = page.locator("#overview-pages")
    pager.get_by_role("link", name=words["next"]).click()
    expect(page).to_have_url(re.compile(r"[?&]page=2(&|$)"))
    expect(page.locator("#overview-range")).to_have_text(words["range"].format(3, 4))
    by_name += codes()
    pager.get_by_role("link", name=words["page"].format(3)).click()
    expect(rows).to_have_count(1)
    expect(pager.locator("[aria-current=page]")).to_have_text("3")
    by_name += codes()
    assert len(set(by_name)) == 5  # every committee once, in the order of their names
    leader.shoot("overview-page-3")
    pager.get_by_role("link", name=words["previous"]).click()
    expect(page.locator("#overview-range")).to_have_text(words["range"].format(3, 4))
    # Sorting starts again at the first page, across all five committees.
    name = re.compile(rf"^{words['name']}( [▲▼])?$")  # the arrow of the order in force
    page.locator("#overview-table thead").get_by_role("link", name=name).click()
    expect(page).to_have_url(re.compile(r"sort=-name"))
    expect(page.locator("#overview-range")).to_have_text(words["range"].format(1, 2))
    backwards = codes()
    pager.get_by_role("link", name=words["next"]).click()
    expect(page.locator("#overview-range")).to_have_text(words["range"].format(3, 4))
    backwards += codes()
    pager.get_by_role("link", name=words["next"]).click()
    backwards += codes()
    assert backwards == by_name[::-1]
    # A computed column: the year's share achieved, lowest first, then highest first.
    share = page.locator("#overview-table thead").get_by_role("link", name=words["share"])
    share.first.click()
    expect(page).to_have_url(re.compile(r"sort=annual_share"))
    expect(page.locator("#overview-table th[aria-sort=ascending]")).to_have_count(1)
    lowest = codes()
    page.locator("#overview-table thead").get_by_role("link", name=words["share"]).first.click()
    expect(page).to_have_url(re.compile(r"sort=-annual_share"))
    pager.get_by_role("link", name=words["page"].format(3)).click()
    expect(rows).to_have_count(1)
    assert codes()[0] in lowest  # the lowest share is last when the highest come first
    leader.shoot("overview-sorted-last-page")

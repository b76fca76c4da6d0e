"""The review in a real browser, in Vietnamese and in English: a reviewer returns one quarter
with a comment and approves another, and an administrator reopens the approved one with a
reason. Each button posts to its own view, with its own form."""

import pytest
from playwright.sync_api import expect

from targets.models import QuarterlyReport
from tests.browser.language import open_in, say

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def status(visitor):
    return visitor.page.get_by_role("status").first


def opens_waiting(reviewer, moment: str, committee: str) -> None:
    """From the list of waiting quarters, one committee's quarter."""
    reviewer.goto("/review/")
    row = reviewer.page.locator(f"#review-table tr[data-moment='{moment}']")
    row.get_by_role("link", name=committee).click()
    reviewer.page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_reviewer_returns_and_approves_and_an_admin_reopens(visit, language):
    reviewer = open_in(visit, "reviewer", language, "tonghop")
    opens_waiting(reviewer, "2022-4", "Đảng bộ quận Tây Hồ")
    reviewer.page.get_by_label(say(language, "What needs correcting")).fill("CT02 quá thấp")
    reviewer.shoot("review-return")
    reviewer.page.get_by_role("button", name=say(language, "Return to the committee")).click()
    reviewer.page.wait_for_load_state("networkidle")
    expect(status(reviewer)).to_have_text(
        say(language, "The quarter was returned to the committee.")
    )
    expect(reviewer.page.locator(".alert-warning").first).to_have_text("CT02 quá thấp")
    returned = QuarterlyReport.objects.get(committee__code="TAYHO", year=2022, quarter=4)
    assert (returned.status, returned.review_comment) == ("returned", "CT02 quá thấp")

    opens_waiting(reviewer, "2026-3", "Đảng bộ phường Tây Hồ")
    approved_page = reviewer.page.url
    reviewer.page.get_by_role("button", name=say(language, "Approve (locks the quarter)")).click()
    reviewer.page.wait_for_load_state("networkidle")
    expect(status(reviewer)).to_have_text(
        say(language, "The quarter was approved and is now locked.")
    )

    admin = open_in(visit, "admin-reopen", language, "admin")
    admin.page.goto(approved_page)
    admin.page.wait_for_load_state("networkidle")
    admin.page.get_by_label(say(language, "Reason for reopening")).fill("Sai số liệu CT01")
    admin.shoot("review-reopen")
    admin.page.get_by_role("button", name=say(language, "Reopen the quarter")).click()
    admin.page.wait_for_load_state("networkidle")
    expect(status(admin)).to_have_text(say(language, "The quarter was reopened."))
    reopened = QuarterlyReport.objects.get(committee__code="PTAYHO", year=2026, quarter=3)
    assert reopened.status == "returned" and "Sai số liệu CT01" in reopened.review_comment

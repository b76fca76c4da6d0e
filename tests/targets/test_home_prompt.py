"""The home page's main button opens the next quarter an editor can still enter, never one
already submitted or approved; a returned quarter comes first, with the reviewer's comment."""

import datetime
import re

import pytest

from targets import deadlines, selectors
from targets.models import QuarterlyReport
from tests.factories import make_report, make_target

D = datetime.date
Status = QuarterlyReport.Status


def test_the_quarters_begun_by_a_day_are_the_ones_that_started_on_or_before_it():
    assert deadlines.quarters_begun(2021, 2025, D(2021, 3, 31)) == [(2021, 1)]
    assert deadlines.quarters_begun(2021, 2025, D(2021, 4, 1)) == [(2021, 1), (2021, 2)]
    assert deadlines.quarters_begun(2021, 2025, D(2020, 12, 31)) == []


@pytest.mark.django_db
class TestEntryPrompt:
    def test_it_skips_submitted_and_approved_quarters(self, tayho_term):
        make_report(tayho_term, 2020, 1, status=Status.APPROVED)
        make_report(tayho_term, 2020, 2, status=Status.SUBMITTED)
        make_report(tayho_term, 2020, 3, status=Status.DRAFT)
        prompt = selectors.entry_prompt(tayho_term, [], today=D(2021, 2, 1))
        assert prompt.next_quarter == (2020, 3)  # a draft is still open
        assert prompt.returned == []
        assert selectors.entry_prompt(tayho_term, [], today=D(2019, 12, 31)).next_quarter is None

    def test_a_returned_quarter_comes_before_older_open_ones(self, tayho_term):
        make_report(tayho_term, 2021, 2, status=Status.RETURNED, review_comment="Sửa CT02")
        make_report(tayho_term, 2021, 1, status=Status.RETURNED, review_comment="Sửa CT01")
        prompt = selectors.entry_prompt(tayho_term, [], today=D(2022, 1, 1))
        assert prompt.next_quarter == (2021, 1)
        assert [report.review_comment for report in prompt.returned] == ["Sửa CT01", "Sửa CT02"]

    def test_imported_history_counts_as_handed_in(self, tayho_term):
        # Figures of Q1 and Q2 2020 without a report came from an import: not chased.
        prompt = selectors.entry_prompt(tayho_term, [(2020, 1), (2020, 2)], today=D(2021, 1, 1))
        assert prompt.next_quarter == (2020, 3)

    def test_nothing_to_enter_when_every_quarter_begun_is_handed_in(self, tayho_term):
        for quarter in (1, 2):
            make_report(tayho_term, 2020, quarter, status=Status.APPROVED)
        assert selectors.entry_prompt(tayho_term, [], today=D(2020, 5, 1)).next_quarter is None
        assert selectors.entry_prompt(tayho_term, [], today=D(2020, 7, 1)).next_quarter == (2020, 3)


def button(html: str) -> str | None:
    found = re.search(r'<a class="btn btn-sm btn-primary" id="enter-next" href="([^"]+)"', html)
    return found.group(1) if found else None


@pytest.mark.django_db
class TestHomePage:
    @pytest.fixture
    def quarters(self, tayho_term, reviewer_user):
        """Tây Hồ with figures to Q2 2020: Q1 approved, Q2 submitted (so the dashboard shows
        Q2), nothing started after."""
        make_target(tayho_term, code="CT01")
        make_report(tayho_term, 2020, 1, status=Status.APPROVED)
        make_report(tayho_term, 2020, 2, status=Status.SUBMITTED)
        return tayho_term

    @pytest.fixture
    def reviewer_user(self, city_reviewer):
        return city_reviewer

    def test_its_button_opens_the_next_quarter_still_open(self, client, quarters, tayho_editor):
        client.force_login(tayho_editor)
        response = client.get("/", follow=True)
        assert response.redirect_chain == [("/committees/TAYHO/", 302)]
        html = response.content.decode()
        assert button(html) == "/committees/TAYHO/entry/2020/3/"
        assert "Nhập số liệu quý 3/2020" in html
        assert 'class="alert alert-warning"' not in html  # nothing returned

    def test_a_returned_quarter_is_shown_first_with_the_reviewer_s_comment(
        self, client, quarters, tayho_editor, reviewer_user
    ):
        make_report(quarters, 2020, 3, status=Status.APPROVED)
        make_report(quarters, 2021, 1, status=Status.RETURNED, reviewed_by=reviewer_user,
                    reviewed_at=datetime.datetime(2021, 4, 20, 3, 0, tzinfo=datetime.UTC),
                    review_comment="CT01 chưa khớp với báo cáo tháng")  # fmt: skip
        client.force_login(tayho_editor)
        html = client.get("/", follow=True).content.decode()
        assert button(html) == "/committees/TAYHO/entry/2021/1/"
        alert = html.split('id="returned-2021-1"')[1].split("</div>")[0]
        assert "Quý 1/2021 bị tonghop trả lại lúc 10:00 20/04/2021:" in alert
        assert "CT01 chưa khớp với báo cáo tháng" in alert
        assert 'href="/committees/TAYHO/entry/2021/1/"' in alert
        # It comes first: before the overdue quarters and the figures.
        assert html.index('id="returned-2021-1"') < html.index('id="overdue"')
        assert html.index('id="returned-2021-1"') < html.index('id="summary"')

    def test_in_english_too(self, client, quarters, tayho_editor, reviewer_user, settings):
        make_report(quarters, 2021, 1, status=Status.RETURNED, reviewed_by=reviewer_user,
                    reviewed_at=datetime.datetime(2021, 4, 20, 3, 0, tzinfo=datetime.UTC),
                    review_comment="CT01 does not match")  # fmt: skip
        client.force_login(tayho_editor)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        html = client.get("/", follow=True).content.decode()
        assert "Quarter 1/2021 was returned by tonghop on 04/20/2021 10 a.m.:" in html
        assert "Enter the figures of 1/2021" in html

    def test_a_viewer_has_no_button_and_sees_what_was_returned(
        self, client, quarters, city_viewer, reviewer_user
    ):
        make_report(quarters, 2021, 1, status=Status.RETURNED, reviewed_by=reviewer_user,
                    review_comment="Sửa CT01")  # fmt: skip
        client.force_login(city_viewer)
        html = client.get("/committees/TAYHO/").content.decode()
        assert button(html) is None
        alert = html.split('id="returned-2021-1"')[1].split("</div>")[0]
        assert "Sửa CT01" in alert and "/entry/" not in alert

    @pytest.mark.parametrize("how_many", [3, 30])
    def test_its_query_count_does_not_grow_with_the_targets(
        self, client, quarters, tayho_editor, django_assert_num_queries, how_many
    ):
        for index in range(how_many):
            make_target(quarters, code=f"X{index:02d}")
        client.force_login(tayho_editor)
        # The home page: session with its user, the user's memberships (where they stand).
        with django_assert_num_queries(2):
            assert client.get("/").status_code == 302
        # The dashboard it opens: session with its user, read with the committee (and whether
        # it has committees below) with its terms, the user's memberships (rights, header) and
        # the header's count; the engine's targets, plans, figures and revisions (not cached yet),
        # the quarter's report, its handed-in quarters (for the overdue ones), the term's
        # reports (the returned and the next quarter to enter), the targets to show (their
        # tables not cached yet).
        with django_assert_num_queries(9):
            assert client.get("/committees/TAYHO/").status_code == 200

"""When quarters are due and which are late, and the screens that say so (the e-mails that
chase them: test_reminders.py)."""

import datetime

import pytest

from targets import deadlines
from tests.factories import make_figure

D = datetime.date


@pytest.mark.parametrize(
    ("year", "quarter", "due"),
    [(2021, 1, D(2021, 4, 15)), (2021, 2, D(2021, 7, 15)), (2021, 3, D(2021, 10, 15)),
     (2021, 4, D(2022, 1, 15))],
)  # fmt: skip
def test_a_quarter_is_due_fifteen_days_after_it_ends(year, quarter, due):
    assert deadlines.due_date(year, quarter, 15) == due


def test_overdue_quarters_are_past_due_and_not_handed_in():
    today = D(2021, 10, 16)  # Q3 2021 became due yesterday
    assert deadlines.overdue(2021, 2025, [(2021, 2)], today, 15) == [(2021, 1), (2021, 3)]
    assert deadlines.overdue(2021, 2025, [], D(2021, 4, 15), 15) == []  # due today: not late
    assert deadlines.overdue(2021, 2025, [], D(2021, 4, 16), 15) == [(2021, 1)]


def test_overdue_counts_only_quarters_up_to_the_moment_shown():
    today = D(2024, 1, 1)
    shown = (2021, 2)
    late = deadlines.overdue(2020, 2025, [], today, 15, up_to=shown)
    assert late == [(2020, 1), (2020, 2), (2020, 3), (2020, 4), (2021, 1), (2021, 2)]
    assert deadlines.overdue(2020, 2025, [], D(2021, 5, 1), 15, up_to=shown)[-1] == (2021, 1)


def test_imported_history_counts_as_handed_in():
    reports = {(2020, 1): True, (2020, 2): False}  # approved; a draft or returned quarter
    with_figures = [(2020, 2), (2020, 3), (2020, 3)]  # 2020 Q3: figures without a report
    assert deadlines.handed_in(reports, with_figures) == {(2020, 1), (2020, 3)}


@pytest.mark.django_db
class TestOverdue:
    def test_the_dashboard_lists_the_overdue_quarters_with_links_to_enter_them(
        self, client, late_tayho, tayho_editor, settings
    ):
        client.force_login(tayho_editor)
        html = client.get("/committees/TAYHO/?year=2020&quarter=4").content.decode()
        overdue = html.split('id="overdue"')[1].split("</div>")[0]
        assert "quý quá hạn" in overdue
        assert 'href="/committees/TAYHO/entry/2020/2/">quý 2/2020</a>' in overdue  # returned
        assert "1/2020" not in overdue  # approved

    def test_the_overview_counts_each_committee_s_overdue_quarters(
        self, client, late_tayho, city_viewer, city
    ):
        from tests.factories import make_term

        make_term(city, 2020, 2025, congress=17)
        client.force_login(city_viewer)
        response = client.get("/committees/HANOI/overview/?year=2020&quarter=4")
        row = response.context["rows"][0]
        assert row.committee.code == "TAYHO"
        assert (2020, 1) not in row.overdue and (2020, 2) in row.overdue
        assert "quý quá hạn" in response.content.decode()

    @pytest.mark.parametrize(
        ("language", "moment", "line"),
        [
            ("vi", "year=2020&quarter=3", "1 đảng bộ chậm báo cáo, tổng cộng 2 quý quá hạn"),
            ("en", "year=2020&quarter=3", "1 committee is late, 2 quarters overdue in all"),
            ("en", "year=2020&quarter=2", "1 committee is late, 1 quarter overdue in all"),
        ],
    )
    def test_the_overview_s_late_line_counts_committees_and_quarters_each_in_its_number(
        self, client, late_tayho, city_viewer, city, language, moment, line
    ):
        from tests.factories import make_term

        make_term(city, 2020, 2025, congress=17)
        client.force_login(city_viewer)
        client.cookies["django_language"] = language
        html = client.get(f"/committees/HANOI/overview/?{moment}").content.decode()
        assert line in html

    def test_the_screens_never_count_a_quarter_after_the_moment_shown(
        self, client, late_tayho, city_viewer, city
    ):
        from tests.factories import make_term

        make_term(city, 2020, 2025, congress=17)
        client.force_login(city_viewer)
        for year, quarter in [(2020, 1), (2020, 3), (2021, 2), (2023, 4)]:
            response = client.get(f"/committees/HANOI/overview/?year={year}&quarter={quarter}")
            (row,) = response.context["rows"]
            assert all(key <= (year, quarter) for key in row.overdue)
            # 2020 Q1 was approved; every quarter after it is late, up to the one shown.
            assert row.overdue[-1:] == ([] if quarter == 1 else [(year, quarter)])
            assert response.context["result"].overdue_count == len(row.overdue)
            response = client.get(f"/committees/TAYHO/?year={year}&quarter={quarter}")
            assert response.context["overdue"] == row.overdue

    def test_imported_figures_are_not_overdue(self, client, late_tayho, tayho_editor):
        target = late_tayho.targets.get()
        for quarter in (1, 2, 3, 4):
            make_figure(target, 2021, quarter, 5)  # no report: brought in by import
        client.force_login(tayho_editor)
        overdue = client.get("/committees/TAYHO/?year=2021&quarter=4").context["overdue"]
        assert overdue == [(2020, 2), (2020, 3), (2020, 4)]

"""Loading a committee's progress: a fixed number of queries, and the moment it looks at."""

import datetime

import pytest

from targets.progress import Status
from targets.selectors import MomentError, committee_progress, current_term, resolve_moment
from tests.factories import make_figure, make_plan, make_programme, make_target, make_term

pytestmark = pytest.mark.django_db


def build_targets(term, how_many: int) -> None:
    programme = make_programme(term, 1)
    for index in range(how_many):
        target = make_target(term, code=f"CT{index:03d}", programme=programme)
        for year in (2020, 2021):
            make_plan(target, year, 100)
            for quarter in (1, 2, 3, 4):
                make_figure(target, year, quarter, 30, is_estimate=quarter == 4)


@pytest.mark.parametrize("how_many", [5, 50])
def test_it_loads_a_committee_s_progress_in_four_queries(
    tayho_term, django_assert_num_queries, how_many
):
    build_targets(tayho_term, how_many)
    # 1. the targets with their programme and parent, 2. their annual plans,
    # 3. their quarterly figures, 4. their revisions. Nothing else, however many targets.
    with django_assert_num_queries(4):
        result = committee_progress(tayho_term.committee, tayho_term, 2021, 4)
        rows = [(row.target.programme.number, row.progress.year_value) for row in result.rows]
    assert len(rows) == how_many
    assert result.summary.annual.achieved == how_many


def test_without_a_moment_it_shows_the_latest_quarter_with_figures(tayho_term):
    target = make_target(tayho_term)
    make_figure(target, 2021, 3, 5)
    make_figure(target, 2020, 4, 5)
    result = committee_progress(tayho_term.committee, tayho_term)
    assert (result.year, result.quarter) == (2021, 3)
    assert result.rows[0].progress.annual_status == Status.NO_PLAN


def test_targets_come_in_programme_order_with_the_unprogrammed_last(tayho_term):
    make_target(tayho_term, code="CT01")
    make_target(tayho_term, code="CT02", programme=make_programme(tayho_term, 2))
    make_target(tayho_term, code="CT03", programme=make_programme(tayho_term, 1))
    result = committee_progress(tayho_term.committee, tayho_term, 2020, 1)
    assert [row.target.code for row in result.rows] == ["CT03", "CT02", "CT01"]


class TestResolveMoment:
    def test_a_year_alone_takes_its_latest_reported_quarter(self, tayho_term):
        assert resolve_moment(tayho_term, [[(2021, 2), (2022, 1)]], 2021, None) == (2021, 2)
        assert resolve_moment(tayho_term, [[]], 2021, None) == (2021, 4)

    @pytest.mark.parametrize(("year", "quarter"), [(2019, 1), (2026, 1), (2021, 5), (2021, 0)])
    def test_it_refuses_a_moment_outside_the_term(self, tayho_term, year, quarter):
        with pytest.raises(MomentError):
            resolve_moment(tayho_term, [[]], year, quarter)

    def test_a_quarter_needs_a_year(self, tayho_term):
        with pytest.raises(MomentError):
            resolve_moment(tayho_term, [[]], None, 2)

    def test_without_figures_it_takes_the_last_ended_quarter_within_the_term(self, tayho_term):
        assert resolve_moment(tayho_term, [[]], None, None, datetime.date(2023, 5, 1)) == (2023, 1)
        assert resolve_moment(tayho_term, [[]], None, None, datetime.date(2023, 2, 1)) == (2022, 4)
        assert resolve_moment(tayho_term, [[]], None, None, datetime.date(2030, 2, 1)) == (2025, 4)
        assert resolve_moment(tayho_term, [[]], None, None, datetime.date(2019, 2, 1)) == (2020, 1)

    def test_an_overview_opens_on_the_latest_quarter_most_committees_handed_in(self, tayho_term):
        handed_in = [{(2022, 4), (2023, 1)}, {(2022, 4)}, {(2022, 3)}, set()]
        # 2023 Q1: one committee of four; 2022 Q4: two of four, which is half.
        assert resolve_moment(tayho_term, handed_in, None, None) == (2022, 4)
        assert resolve_moment(tayho_term, handed_in, 2022, None) == (2022, 4)
        assert resolve_moment(tayho_term, handed_in, 2023, None) == (2023, 1)  # only one: it

    def test_it_ignores_quarters_outside_the_term(self, tayho_term):
        assert resolve_moment(tayho_term, [[(2019, 4), (2026, 1)]], None, None) != (2026, 1)


class TestCurrentTerm:
    def test_it_finds_a_term_by_label(self, tayho_term):
        assert current_term(tayho_term.committee, "2020-2025") == tayho_term

    def test_without_a_label_it_takes_the_running_term(self, tayho):
        old = make_term(tayho, 2015, 2020, congress=5)
        new = make_term(tayho, 2021, 2026, congress=6)
        assert current_term(tayho, today=datetime.date(2023, 1, 1)) == new
        assert current_term(tayho, today=datetime.date(2017, 1, 1)) == old
        assert current_term(tayho, today=datetime.date(2040, 1, 1)) == new

    def test_an_unknown_term_is_an_error(self, tayho_term):
        with pytest.raises(MomentError):
            current_term(tayho_term.committee, "2025-2030")

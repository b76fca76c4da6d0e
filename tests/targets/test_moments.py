"""Which term is current and which quarter a page opens on (targets.moments, no database)."""

import datetime
from dataclasses import dataclass

from targets import deadlines, moments

D = datetime.date


@dataclass(frozen=True)
class T:
    start_year: int
    end_year: int


class TestCurrentTerm:
    def test_it_takes_the_running_term(self):
        old, new = T(2015, 2020), T(2020, 2025)
        assert moments.current_term([old, new], D(2017, 1, 1)) == old
        assert moments.current_term([new, old], D(2023, 1, 1)) == new

    def test_of_two_running_terms_it_takes_the_one_that_started_last(self):
        # A term's last year is the next one's first: in 2020 both run; the new one counts.
        old, new = T(2015, 2020), T(2020, 2025)
        assert moments.current_term([old, new], D(2020, 6, 1)) == new
        assert moments.current_term([new, old], D(2020, 6, 1)) == new

    def test_without_a_running_term_it_takes_the_latest(self):
        assert moments.current_term([T(2010, 2015), T(2020, 2025)], D(2040, 1, 1)) == T(2020, 2025)
        assert moments.current_term([T(2020, 2025)], D(2000, 1, 1)) == T(2020, 2025)
        assert moments.current_term([], D(2020, 1, 1)) is None


class TestLatestHandedIn:
    def test_a_single_committee_opens_on_its_latest_quarter(self):
        assert moments.latest_handed_in([[(2021, 1), (2022, 3)]], 2020, 2025) == (2022, 3)

    def test_one_early_committee_does_not_move_the_others(self):
        handed_in = [{(2022, 4), (2023, 1)}, {(2022, 4)}, {(2022, 4)}]
        assert moments.latest_handed_in(handed_in, 2020, 2025) == (2022, 4)

    def test_exactly_half_is_enough(self):
        assert moments.latest_handed_in([{(2023, 1)}, set()], 2020, 2025) == (2023, 1)

    def test_without_a_majority_it_takes_the_latest_of_any(self):
        handed_in = [{(2021, 1)}, {(2022, 2)}, {(2020, 4)}, set(), set()]
        assert moments.latest_handed_in(handed_in, 2020, 2025) == (2022, 2)

    def test_it_keeps_to_the_term_and_the_year(self):
        handed_in = [{(2019, 4), (2021, 2), (2026, 1)}]
        assert moments.latest_handed_in(handed_in, 2020, 2025) == (2021, 2)
        assert moments.latest_handed_in(handed_in, 2020, 2025, year=2022) is None

    def test_nothing_is_none(self):
        assert moments.latest_handed_in([], 2020, 2025) is None
        assert moments.latest_handed_in([set(), set()], 2020, 2025) is None


class TestWithoutFigures:
    def test_it_takes_the_last_ended_quarter_within_the_term(self):
        assert moments.without_figures(2020, 2025, D(2023, 5, 1)) == (2023, 1)
        assert moments.without_figures(2020, 2025, D(2023, 1, 1)) == (2022, 4)
        assert moments.without_figures(2020, 2025, D(2030, 1, 1)) == (2025, 4)
        assert moments.without_figures(2020, 2025, D(2019, 1, 1)) == (2020, 1)

    def test_a_year_asked_for_opens_on_its_last_quarter(self):
        assert moments.without_figures(2020, 2025, D(2023, 5, 1), year=2021) == (2021, 4)


class TestQuarterOfADate:
    def test_each_month_falls_in_its_quarter(self):
        quarters = [deadlines.quarter_of(D(2021, month, 1))[1] for month in range(1, 13)]
        assert quarters == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]
        assert deadlines.quarter_of(D(2021, 12, 31)) == (2021, 4)

    def test_the_last_ended_quarter_is_the_one_before_today_s(self):
        assert deadlines.last_ended_quarter(D(2021, 4, 1)) == (2021, 1)
        assert deadlines.last_ended_quarter(D(2021, 3, 31)) == (2020, 4)

"""The progress engine on its own: plain values in, numbers and statuses out."""

from decimal import Decimal as D

import pytest

from targets.numbers import decimal_text
from targets.progress import (
    Aggregation,
    Contribution,
    Counts,
    Direction,
    Frequency,
    Progress,
    ReviewFlags,
    Revision,
    Status,
    StatusCounts,
    Summary,
    TargetFigures,
    annual_percent,
    bar_share,
    classify,
    combine,
    count_statuses,
    displayed,
    expected_term_value,
    expected_year_value,
    latest_moment,
    own_counts,
    percent,
    plans_at,
    progress,
    quarterly_series,
    ratio_figures,
    review_flags,
    revision_changes,
    rollup,
    share_achieved,
    share_of,
    share_trend,
    summarize,
    term_elapsed_share,
    term_target_at,
    term_value,
    timeline,
    trend_quarters,
    year_counts,
    year_value,
    year_values,
)

SUM, LATEST, AVERAGE = Aggregation.SUM, Aggregation.LATEST, Aggregation.AVERAGE
RATIO = Aggregation.RATIO
UP, DOWN = Direction.UP, Direction.DOWN
QUARTER, HALF_YEAR, YEAR = Frequency.QUARTER, Frequency.HALF_YEAR, Frequency.YEAR


def target(aggregation=SUM, direction=UP, figures=None, plans=None, **fields) -> TargetFigures:
    """A target of the term 2020–2025. A ratio target's figures are (numerator, denominator)
    pairs, whose percentages the engine computes, as the selectors build them."""
    fields.setdefault("start_year", 2020)
    fields.setdefault("end_year", 2025)
    figures = figures or {}
    if aggregation == RATIO:
        counts = {key: Counts(D(str(n)), D(str(d))) for key, (n, d) in figures.items()}
        fields["counts"] = counts
        values = ratio_figures(counts)
    else:
        values = {key: D(str(value)) for key, value in figures.items()}
    return TargetFigures(
        aggregation=aggregation,
        direction=direction,
        figures=values,
        plans={year: D(str(value)) for year, value in (plans or {}).items()},
        **fields,
    )


class TestSeedChecks:
    """DESIGN.md "Checks against the seeds": these must hold exactly."""

    def test_tay_ho_growth_is_96_3_pct_of_the_term_target(self):
        growth = target(
            AVERAGE,
            figures={(2020, 4): "12.10", (2021, 4): "13.50", (2022, 4): "14.84"},
            baseline=D(12),
            term_target=D(14),
        )
        result = progress(growth, 2022, 4)
        assert result.term_value == D("13.48")
        assert result.term_pct == D("96.3")

    def test_tay_ho_revenue_is_151_pct_of_the_plans_to_date(self):
        revenue = target(
            SUM,
            figures={(2020, 4): 4012, (2021, 4): 4325, (2022, 4): 4656},
            plans={2020: 2750, 2021: 2850, 2022: "3004.6"},
        )
        result = progress(revenue, 2022, 4)
        assert result.term_value == D(12993)
        assert result.to_date_plan == D("8604.6")
        assert result.to_date_pct == D("151.0")

    def test_hoang_mai_revenue_2020_is_102_pct_of_the_year_plan(self):
        quarters = {(2020, 1): 1355, (2020, 2): 1478, (2020, 3): 1540, (2020, 4): 1787}
        revenue = target(SUM, figures=quarters, plans={2020: 6040})
        result = progress(revenue, 2020, 4)
        assert result.year_value == D(6160)
        assert result.annual_pct == D("102.0")
        assert result.annual_status == Status.EXCEEDED

    def test_thuong_tin_income_is_76_8_pct_of_the_congress_goal(self):
        income = target(
            LATEST,
            figures={(2020, 4): 54, (2021, 4): "57.5", (2022, 4): 63},
            baseline=D(52),
            term_target=D(82),
        )
        result = progress(income, 2022, 4)
        assert result.term_value == D(63)
        assert result.term_pct == D("76.8")


class TestValues:
    FIGURES = {
        (2020, 1): D(10),
        (2020, 2): D(20),
        (2020, 3): D(30),
        (2020, 4): D(40),
        (2021, 1): D(5),
        (2021, 2): D(7),
    }

    @pytest.mark.parametrize(
        ("aggregation", "up_to", "expected"),
        [
            (SUM, 4, D(100)),
            (SUM, 2, D(30)),
            (LATEST, 4, D(40)),
            (LATEST, 3, D(30)),
            (AVERAGE, 4, D(40)),
            (AVERAGE, 1, D(10)),
        ],
    )
    def test_it_computes_the_year_value_by_aggregation(self, aggregation, up_to, expected):
        assert year_value(aggregation, self.FIGURES, 2020, up_to) == expected

    def test_year_value_is_none_without_figures(self):
        assert year_value(SUM, self.FIGURES, 2022) is None

    def test_latest_takes_the_latest_quarter_that_has_a_figure(self):
        figures = {(2020, 1): D(3), (2020, 3): D(5)}
        assert year_value(LATEST, figures, 2020, 4) == D(5)
        assert year_value(LATEST, figures, 2020, 2) == D(3)

    @pytest.mark.parametrize(
        ("aggregation", "expected"),
        [
            (SUM, D(112)),  # 100 + 12
            (LATEST, D(7)),  # the latest year value
            (AVERAGE, D("23.5")),  # mean of 40 and 7
        ],
    )
    def test_it_computes_the_term_value_by_aggregation(self, aggregation, expected):
        assert term_value(aggregation, self.FIGURES, 2020, 2021, 2) == expected

    def test_term_value_of_average_is_rounded_to_stored_precision(self):
        figures = {(2020, 4): D(1), (2021, 4): D(1), (2022, 4): D(2)}
        assert term_value(AVERAGE, figures, 2020, 2022, 4) == D("1.3333")

    def test_figures_after_the_moment_are_ignored(self):
        result = progress(target(SUM, figures=self.FIGURES, plans={2021: 40}), 2021, 1)
        assert result.year_value == D(5)
        assert result.term_value == D(105)

    def test_figures_before_the_term_are_ignored(self):
        figures = {(2019, 4): 1000, (2020, 1): 10}
        result = progress(target(SUM, figures=figures), 2020, 4)
        assert result.term_value == D(10)

    def test_to_date_plan_adds_the_plans_of_the_years_so_far(self):
        result = progress(
            target(SUM, figures={(2021, 1): 50}, plans={2020: 100, 2021: 200, 2022: 300}),
            2021,
            1,
        )
        assert result.to_date_plan == D(300)
        assert result.to_date_pct == D("16.7")

    @pytest.mark.parametrize("aggregation", [LATEST, AVERAGE])
    def test_to_date_is_only_for_sums(self, aggregation):
        result = progress(target(aggregation, figures={(2020, 4): 5}, plans={2020: 5}), 2020, 4)
        assert result.to_date_plan is None
        assert result.to_date_pct is None


class TestPercentages:
    def test_it_rounds_half_up_to_one_decimal(self):
        assert percent(D("96.25"), D(100)) == D("96.3")
        assert percent(D("96.35"), D(100)) == D("96.4")
        assert percent(D("96.249"), D(100)) == D("96.2")

    @pytest.mark.parametrize(
        ("value", "reference"), [(None, D(1)), (D(1), None), (D(1), D(0)), (D(0), D(0))]
    )
    def test_it_is_none_when_there_is_nothing_to_divide(self, value, reference):
        assert percent(value, reference) is None

    def test_lower_is_better_targets_show_no_percentage(self):
        accidents = target(SUM, DOWN, figures={(2020, 4): 30}, plans={2020: 40}, term_target=D(200))
        result = progress(accidents, 2020, 4)
        assert (result.annual_pct, result.term_pct, result.to_date_pct) == (None, None, None)
        assert result.to_date_plan == D(40)

    def test_a_lower_is_better_target_of_zero_divides_by_nothing(self):
        poor = target(
            LATEST, DOWN, figures={(2022, 4): 0}, plans={2022: 0}, baseline=D(0), term_target=D(0)
        )
        result = progress(poor, 2022, 4)
        assert result.annual_status == Status.ACHIEVED
        assert result.term_status == Status.ACHIEVED
        assert result.term_pct is None

    def test_a_lower_is_better_target_of_zero_missed(self):
        poor = target(LATEST, DOWN, figures={(2022, 4): 3}, baseline=D(10), term_target=D(0))
        result = progress(poor, 2022, 4)
        # Expected by mid-term: 10 → 0 halfway is 5; 3 households is on track.
        assert result.term_status == Status.ON_TRACK

    def test_a_plan_of_zero_for_a_higher_is_better_target_has_no_pct_but_a_status(self):
        result = progress(target(SUM, figures={(2020, 4): 0}, plans={2020: 0}), 2020, 4)
        assert result.annual_pct is None
        assert result.annual_status == Status.ACHIEVED


# Annual statuses at 2022 Q2: half the year has elapsed, so a sum is expected at half its plan.
ANNUAL_CASES = [
    # aggregation, direction, figures of 2022, plan, status
    (SUM, UP, {1: 60, 2: 50}, 100, Status.EXCEEDED),
    (SUM, UP, {1: 50, 2: 50}, 100, Status.ACHIEVED),
    (SUM, UP, {1: 30, 2: 30}, 100, Status.ON_TRACK),
    (SUM, UP, {1: 20, 2: 20}, 100, Status.BEHIND),
    (SUM, UP, {}, 100, Status.NO_DATA),
    (SUM, UP, {1: 20}, None, Status.NO_PLAN),
    (SUM, DOWN, {1: 40, 2: 50}, 100, Status.EXCEEDED),
    (SUM, DOWN, {1: 50, 2: 50}, 100, Status.ACHIEVED),
    (SUM, DOWN, {1: 70, 2: 50}, 100, Status.BEHIND),
    (SUM, DOWN, {}, 100, Status.NO_DATA),
    (SUM, DOWN, {1: 70}, None, Status.NO_PLAN),
    (LATEST, UP, {1: 40, 2: 55}, 50, Status.EXCEEDED),
    (LATEST, UP, {1: 40, 2: 50}, 50, Status.ACHIEVED),
    (LATEST, UP, {1: 60, 2: 45}, 50, Status.BEHIND),
    (LATEST, UP, {}, 50, Status.NO_DATA),
    (LATEST, UP, {2: 45}, None, Status.NO_PLAN),
    (LATEST, DOWN, {1: 3, 2: "1.5"}, 2, Status.EXCEEDED),
    (LATEST, DOWN, {2: 2}, 2, Status.ACHIEVED),
    (LATEST, DOWN, {1: 1, 2: "2.5"}, 2, Status.BEHIND),
    (LATEST, DOWN, {}, 2, Status.NO_DATA),
    (LATEST, DOWN, {2: 2}, None, Status.NO_PLAN),
    (AVERAGE, UP, {1: 12, 2: "14.5"}, 14, Status.EXCEEDED),
    (AVERAGE, UP, {2: 14}, 14, Status.ACHIEVED),
    (AVERAGE, UP, {1: 15, 2: "13.9"}, 14, Status.BEHIND),
    (AVERAGE, UP, {}, 14, Status.NO_DATA),
    (AVERAGE, UP, {2: 14}, None, Status.NO_PLAN),
    (AVERAGE, DOWN, {2: "2.9"}, 3, Status.EXCEEDED),
    (AVERAGE, DOWN, {2: 3}, 3, Status.ACHIEVED),
    (AVERAGE, DOWN, {2: "3.1"}, 3, Status.BEHIND),
    (AVERAGE, DOWN, {}, 3, Status.NO_DATA),
    (AVERAGE, DOWN, {2: 3}, None, Status.NO_PLAN),
    # Ratios: counts (26 of 27) against a plan in %; the latest quarter counts.
    (RATIO, UP, {1: (20, 27), 2: (26, 27)}, 95, Status.EXCEEDED),
    (RATIO, UP, {2: (27, 27)}, 100, Status.ACHIEVED),
    (RATIO, UP, {1: (27, 27), 2: (25, 27)}, 100, Status.BEHIND),
    (RATIO, UP, {}, 100, Status.NO_DATA),
    (RATIO, UP, {2: (8, 8)}, None, Status.NO_PLAN),
    (RATIO, DOWN, {2: (1, 50)}, 5, Status.EXCEEDED),
    (RATIO, DOWN, {2: (1, 20)}, 5, Status.ACHIEVED),
    (RATIO, DOWN, {1: (1, 50), 2: (3, 20)}, 5, Status.BEHIND),
    (RATIO, DOWN, {}, 5, Status.NO_DATA),
    (RATIO, DOWN, {2: (3, 20)}, None, Status.NO_PLAN),
]


@pytest.mark.parametrize(("aggregation", "direction", "quarters", "plan", "status"), ANNUAL_CASES)
def test_annual_status(aggregation, direction, quarters, plan, status):
    figures = {(2022, quarter): value for quarter, value in quarters.items()}
    plans = {2022: plan} if plan is not None else {}
    result = progress(target(aggregation, direction, figures=figures, plans=plans), 2022, 2)
    assert result.annual_status == status


# Term statuses at 2022 Q4: half the 2020–2025 term has elapsed, so the expected value is
# halfway along the straight line from the baseline (0 for sums) to the term target.
TERM_CASES = [
    # aggregation, direction, year values 2020–2022, baseline, term target, status
    (SUM, UP, (400, 400, 300), None, 1000, Status.EXCEEDED),
    (SUM, UP, (300, 300, 400), None, 1000, Status.ACHIEVED),
    (SUM, UP, (200, 200, 200), None, 1000, Status.ON_TRACK),
    (SUM, UP, (100, 100, 200), None, 1000, Status.BEHIND),
    (SUM, UP, (), None, 1000, Status.NO_DATA),
    (SUM, UP, (100,), None, None, Status.NO_PLAN),
    (SUM, DOWN, (30, 30, 30), None, 100, Status.EXCEEDED),
    (SUM, DOWN, (40, 30, 30), None, 100, Status.ACHIEVED),
    (SUM, DOWN, (40, 40, 40), None, 100, Status.BEHIND),
    (SUM, DOWN, (), None, 100, Status.NO_DATA),
    (SUM, DOWN, (40,), None, None, Status.NO_PLAN),
    (LATEST, UP, (90, 95, 105), 80, 100, Status.EXCEEDED),
    (LATEST, UP, (90, 95, 100), 80, 100, Status.ACHIEVED),
    (LATEST, UP, (85, 88, 92), 80, 100, Status.ON_TRACK),
    (LATEST, UP, (85, 88, 90), 80, 100, Status.ON_TRACK),  # exactly the expected 90
    (LATEST, UP, (85, 88, 85), 80, 100, Status.BEHIND),
    (LATEST, UP, (), 80, 100, Status.NO_DATA),
    (LATEST, UP, (85,), 80, None, Status.NO_PLAN),
    (LATEST, DOWN, (8, 5, 1), 10, 2, Status.EXCEEDED),
    (LATEST, DOWN, (8, 5, 2), 10, 2, Status.ACHIEVED),
    (LATEST, DOWN, (9, 7, 5), 10, 2, Status.ON_TRACK),
    (LATEST, DOWN, (9, 8, 8), 10, 2, Status.BEHIND),
    (LATEST, DOWN, (), 10, 2, Status.NO_DATA),
    (LATEST, DOWN, (8,), 10, None, Status.NO_PLAN),
    (AVERAGE, UP, (14, 15, 16), 12, 14, Status.EXCEEDED),
    (AVERAGE, UP, (13, 14, 15), 12, 14, Status.ACHIEVED),
    (AVERAGE, UP, ("12.10", "13.50", "14.84"), 12, 14, Status.ON_TRACK),
    (AVERAGE, UP, (12, 12, 13), 12, 14, Status.BEHIND),
    (AVERAGE, UP, (), 12, 14, Status.NO_DATA),
    (AVERAGE, UP, (12,), 12, None, Status.NO_PLAN),
    (AVERAGE, DOWN, (3, 2, 2), 5, 3, Status.EXCEEDED),
    (AVERAGE, DOWN, (4, 3, 2), 5, 3, Status.ACHIEVED),
    (AVERAGE, DOWN, (4, 4, "3.5"), 5, 3, Status.ON_TRACK),
    (AVERAGE, DOWN, (5, 5, 4), 5, 3, Status.BEHIND),
    (AVERAGE, DOWN, (), 5, 3, Status.NO_DATA),
    (AVERAGE, DOWN, (4,), 5, None, Status.NO_PLAN),
    # Ratios in % of the counts, from a baseline of 80 % to 95 % (or 100 %).
    (RATIO, UP, ((80, 100), (90, 100), (98, 100)), 80, 95, Status.EXCEEDED),
    (RATIO, UP, ((80, 100), (90, 100), (19, 20)), 80, 95, Status.ACHIEVED),
    (RATIO, UP, ((80, 100), (88, 100), (92, 100)), 80, 100, Status.ON_TRACK),
    (RATIO, UP, ((80, 100), (88, 100), (85, 100)), 80, 100, Status.BEHIND),
    (RATIO, UP, (), 80, 100, Status.NO_DATA),
    (RATIO, UP, ((85, 100),), 80, None, Status.NO_PLAN),
    (RATIO, DOWN, ((8, 100), (5, 100), (1, 100)), 10, 2, Status.EXCEEDED),
    (RATIO, DOWN, ((8, 100), (5, 100), (1, 50)), 10, 2, Status.ACHIEVED),
    (RATIO, DOWN, ((9, 100), (7, 100), (5, 100)), 10, 2, Status.ON_TRACK),
    (RATIO, DOWN, ((9, 100), (8, 100), (8, 100)), 10, 2, Status.BEHIND),
    (RATIO, DOWN, (), 10, 2, Status.NO_DATA),
    (RATIO, DOWN, ((8, 100),), 10, None, Status.NO_PLAN),
]


@pytest.mark.parametrize(
    ("aggregation", "direction", "values", "baseline", "term_target", "status"), TERM_CASES
)
def test_term_status(aggregation, direction, values, baseline, term_target, status):
    figures = {(2020 + index, 4): value for index, value in enumerate(values)}
    item = target(
        aggregation,
        direction,
        figures=figures,
        baseline=None if baseline is None else D(baseline),
        term_target=None if term_target is None else D(term_target),
    )
    assert progress(item, 2022, 4).term_status == status


def test_every_aggregation_direction_and_status_is_covered():
    annual = {(a, d, s) for a, d, _f, _p, s in ANNUAL_CASES}
    term = {(a, d, s) for a, d, _v, _b, _t, s in TERM_CASES}
    for aggregation in Aggregation:
        for direction in Direction:
            # not_due needs a target not reported every quarter: see TestFrequency.
            for status in set(Status) - {Status.NOT_DUE}:
                reachable_in_year = status != Status.ON_TRACK or (
                    aggregation == SUM and direction == UP
                )
                reachable_in_term = status != Status.ON_TRACK or not (
                    aggregation == SUM and direction == DOWN
                )
                if reachable_in_year:
                    assert (aggregation, direction, status) in annual
                if reachable_in_term:
                    assert (aggregation, direction, status) in term


class TestExpectedLine:
    def test_a_term_runs_from_january_of_its_start_to_december_of_its_end(self):
        assert term_elapsed_share(2020, 2025, 2020, 1) == D(1) / D(24)
        assert term_elapsed_share(2020, 2025, 2022, 4) == D("0.5")
        assert term_elapsed_share(2020, 2025, 2025, 4) == D(1)

    def test_the_share_is_clamped_to_the_term(self):
        assert term_elapsed_share(2020, 2025, 2019, 4) == D(0)
        assert term_elapsed_share(2020, 2025, 2027, 1) == D(1)

    def test_sums_start_from_zero(self):
        assert expected_term_value(SUM, D(500), D(1000), 2020, 2025, 2022, 4) == D(500)

    def test_levels_start_from_the_baseline(self):
        assert expected_term_value(LATEST, D(80), D(100), 2020, 2025, 2022, 4) == D(90)

    def test_a_missing_baseline_counts_as_zero(self):
        assert expected_term_value(LATEST, None, D(100), 2020, 2025, 2022, 4) == D(50)

    def test_no_target_means_no_line(self):
        assert expected_term_value(LATEST, D(1), None, 2020, 2025, 2022, 4) is None

    def test_within_a_year_sums_expect_the_elapsed_share_of_the_plan(self):
        assert expected_year_value(SUM, D(100), 1) == D(25)
        assert expected_year_value(SUM, D(100), 3) == D(75)
        assert expected_year_value(LATEST, D(100), 1) == D(100)
        assert expected_year_value(AVERAGE, D(100), 1) == D(100)
        assert expected_year_value(SUM, None, 1) is None


class TestMoments:
    @pytest.mark.parametrize(("year", "quarter"), [(2022, 0), (2022, 5), (2019, 4), (2026, 1)])
    def test_it_refuses_a_moment_outside_the_term(self, year, quarter):
        with pytest.raises(ValueError):
            progress(target(), year, quarter)

    def test_latest_moment_is_the_latest_reported_quarter(self):
        assert latest_moment([(2021, 4), (2022, 1), (2020, 3)]) == (2022, 1)
        assert latest_moment([]) is None

    def test_quarterly_series_lists_every_quarter_with_gaps(self):
        series = quarterly_series(target(figures={(2020, 2): 5}), 2020, 3)
        assert series == [(2020, 1, None), (2020, 2, D(5)), (2020, 3, None)]


class TestEstimates:
    def test_a_sum_is_an_estimate_if_any_counted_quarter_is(self):
        item = target(figures={(2022, 1): 1, (2022, 2): 1}, estimates=frozenset({(2022, 1)}))
        assert progress(item, 2022, 2).estimate is True

    def test_a_later_estimate_does_not_mark_an_earlier_moment(self):
        item = target(figures={(2022, 1): 1, (2022, 2): 1}, estimates=frozenset({(2022, 2)}))
        assert progress(item, 2022, 1).estimate is False

    def test_a_level_is_an_estimate_only_if_its_latest_figure_is(self):
        item = target(
            LATEST, figures={(2022, 1): 1, (2022, 2): 2}, estimates=frozenset({(2022, 1)})
        )
        assert progress(item, 2022, 2).estimate is False


class TestSummary:
    def test_achieved_counts_include_exceeded(self):
        counts = count_statuses(
            [Status.EXCEEDED, Status.ACHIEVED, Status.EXCEEDED, Status.BEHIND, Status.NO_DATA]
        )
        assert counts.achieved == 3
        assert counts.exceeded == 2
        assert counts.behind == 1
        assert counts.no_data == 1
        assert counts.on_track == counts.no_plan == 0

    def test_it_reads_like_the_reports(self):
        # Hoàng Mai 2020: "15/15 chỉ tiêu đạt, trong đó 7 chỉ tiêu vượt".
        plans = {2020: 100}
        exceeded = [target(figures={(2020, 4): 101}, plans=plans)] * 7
        achieved = [target(figures={(2020, 4): 100}, plans=plans)] * 8
        summary = summarize([progress(item, 2020, 4) for item in exceeded + achieved])
        assert summary.targets == 15
        assert summary.annual.achieved == 15
        assert summary.annual.exceeded == 7
        assert summary.as_dict()["annual"]["achieved"] == 15

    def test_share_achieved(self):
        counts = count_statuses([Status.ACHIEVED, Status.BEHIND, Status.EXCEEDED])
        assert share_achieved(counts, 3) == D("66.7")
        assert share_achieved(count_statuses([]), 0) is None


class TestRollup:
    def _child(self, code, figures, plan=None, term_target=None, aggregation=SUM, direction=UP):
        item = target(
            aggregation,
            direction,
            figures=figures,
            plans={2022: plan} if plan else {},
            term_target=None if term_target is None else D(term_target),
        )
        return Contribution(committee=code, progress=progress(item, 2022, 4))

    def test_sums_add_up_and_rank_best_first(self):
        children = [
            self._child("A", {(2022, 4): 100}, plan=120, term_target=1000),
            self._child("B", {(2021, 4): 400, (2022, 4): 300}, plan=250, term_target=1000),
            self._child("C", {}, plan=100, term_target=1000),
        ]
        result = rollup(SUM, UP, children)
        assert result.year_total == D(400)
        assert result.term_total == D(800)
        assert [item.committee for item in result.contributions] == ["B", "A", "C"]
        assert result.holding_back == ("A", "C")

    def test_other_aggregations_list_without_a_total(self):
        children = [
            self._child("A", {(2022, 4): 5}, plan=4, term_target=6, aggregation=LATEST),
            self._child("B", {(2022, 4): 7}, plan=4, term_target=6, aggregation=LATEST),
        ]
        result = rollup(LATEST, UP, children)
        assert result.year_total is None
        assert result.term_total is None
        assert [item.committee for item in result.contributions] == ["B", "A"]
        assert result.holding_back == ()

    def test_lower_is_better_ranks_the_lowest_first(self):
        children = [
            self._child("A", {(2022, 4): 3}, term_target=5, aggregation=LATEST, direction=DOWN),
            self._child("B", {(2022, 4): 1}, term_target=5, aggregation=LATEST, direction=DOWN),
        ]
        result = rollup(LATEST, DOWN, children)
        assert [item.committee for item in result.contributions] == ["B", "A"]


class TestClassify:
    def test_no_data_wins_over_no_plan(self):
        assert classify(None, None, None, UP) == Status.NO_DATA

    def test_equal_to_the_reference_is_achieved_in_both_directions(self):
        assert classify(D(5), D(5), None, UP) == Status.ACHIEVED
        assert classify(D(5), D(5), None, DOWN) == Status.ACHIEVED

    def test_on_track_without_an_expected_value_is_behind(self):
        assert classify(D(4), D(5), None, UP) == Status.BEHIND


class TestScreenHelpers:
    """What the dashboards need beyond one moment's progress."""

    def test_year_values_are_each_year_s_value_up_to_the_moment(self):
        revenue = target(SUM, figures={(2020, 1): 5, (2020, 4): 5, (2021, 1): 7, (2021, 2): 1})
        assert year_values(revenue, 2021, 1) == {2020: D(10), 2021: D(7)}
        level = target(LATEST, figures={(2020, 2): 3, (2020, 3): 4, (2022, 1): 9})
        assert year_values(level, 2022, 4) == {2020: D(4), 2022: D(9)}

    @pytest.mark.parametrize(
        ("direction", "value", "expected"),
        [(UP, "102", D("102.0")), (UP, None, None), (DOWN, "50", None)],
    )
    def test_annual_percent_is_against_that_year_s_plan(self, direction, value, expected):
        item = target(SUM, direction, plans={2021: 100})
        assert annual_percent(item, None if value is None else D(value), 2021) == expected
        assert annual_percent(item, D(1), 2020) is None

    def test_the_timeline_gives_the_progress_at_every_quarter(self):
        revenue = target(
            SUM, figures={(2020, 1): 30, (2020, 3): 30}, plans={2020: 100}, term_target=D(600)
        )
        points = timeline(revenue, 2020, 4)
        assert [(p.year, p.quarter, p.figure) for p in points] == [
            (2020, 1, D(30)), (2020, 2, None), (2020, 3, D(30)), (2020, 4, None),
        ]  # fmt: skip
        assert [p.progress.year_value for p in points] == [D(30), D(30), D(60), D(60)]
        assert [p.progress.expected_year_value for p in points] == [D(25), D(50), D(75), D(100)]
        assert points[3].progress.expected_term_value == D(100)
        assert points[2].progress.annual_status == Status.BEHIND

    @pytest.mark.parametrize(
        ("fields", "share"),
        [
            ({"to_date_pct": D("151.0"), "term_pct": D("65.0")}, D(100)),
            ({"term_pct": D("96.3"), "annual_pct": D("10")}, D("96.3")),
            ({"annual_pct": D("0.0")}, D("0.0")),
            ({"term_pct": D("-5.0")}, D(0)),
            ({}, None),
        ],
    )
    def test_the_progress_bar_takes_the_most_telling_percentage(self, fields, share):
        base = dict.fromkeys(
            ["year_value", "annual_plan", "annual_pct", "expected_year_value", "term_value",
             "term_target", "term_pct", "expected_term_value", "to_date_plan", "to_date_pct"],
        )  # fmt: skip
        base.update(fields)
        item = Progress(
            annual_status=Status.NO_DATA, term_status=Status.NO_DATA, estimate=False, **base
        )
        assert bar_share(item) == share

    def test_combine_adds_up_the_summaries_of_several_committees(self):
        first = summarize([progress(target(SUM, figures={(2020, 1): 5}, plans={2020: 5}), 2020, 1)])
        second = summarize([progress(target(SUM), 2020, 1), progress(target(SUM), 2020, 1)])
        total = combine([first, second])
        assert total.targets == 3
        assert (total.annual.achieved, total.annual.no_data) == (1, 2)
        assert combine([]).targets == 0


class TestReviewFlags:
    def test_a_clean_quarter_has_no_flag(self):
        flags = review_flags([1, 2], {1: (D("10"), False), 2: (D("5"), False)},
                                    {1: D("9"), 2: D("4")})  # fmt: skip
        assert flags == ReviewFlags() and not flags.any

    def test_it_counts_each_kind_of_flag(self):
        figures = {
            1: (D("10"), True),  # an estimate
            2: (D("5"), False),  # unchanged from last quarter
            3: (D("40"), False),  # from 20 to 40: +100 %
            4: (D("1"), False),  # not due this quarter: not looked at
        }
        previous = {2: D("5.0"), 3: D("20"), 4: D("100")}
        flags = review_flags([1, 2, 3, 5], figures, previous)
        assert flags == ReviewFlags(missing=1, estimates=1, unchanged=1, large_changes=1)
        assert flags.any

    def test_the_threshold_is_strict(self):
        just = review_flags([1], {1: (D("150"), False)}, {1: D("100")})
        assert just.large_changes == 0  # exactly +50 % is not above the threshold
        above = review_flags([1], {1: (D("150.1"), False)}, {1: D("100")})
        assert above.large_changes == 1


class TestOwnCounts:
    def test_each_target_counts_once_so_the_counts_add_up(self):
        counts = count_statuses(
            [Status.EXCEEDED, Status.EXCEEDED, Status.ACHIEVED, Status.BEHIND, Status.NO_PLAN]
        )
        own = own_counts(counts)
        assert own[Status.ACHIEVED] == 1 and own[Status.EXCEEDED] == 2
        assert counts.achieved == 3  # the reports' way: achieved includes exceeded
        assert sum(own.values()) == 5

    def test_a_share_of_a_total(self):
        assert share_of(1, 3) == D("33.3")
        assert share_of(0, 0) is None
        assert own_counts(StatusCounts()) == dict.fromkeys(own_counts(StatusCounts()), 0)


class TestDisplayed:
    @pytest.mark.parametrize(
        ("value", "unit", "expected"),
        [("13.5067", "%", "13.51"), ("13.505", "%/năm", "13.51"), ("96.3", "tỷ lệ", "96.3"),
         ("21180.212", "tỷ đồng", "21180.2"), ("21180.25", "tỷ đồng", "21180.3"),
         ("12993.0000", "tỷ đồng", "12993"), ("1234.5678", "người", "1234.5678"),
         ("63.25", "triệu đồng/người/năm", "63.25"), ("2.5", "lần", "2.5")],
    )  # fmt: skip
    def test_a_value_shows_the_precision_of_its_unit(self, value, unit, expected):
        assert displayed(D(value), unit) == D(expected)
        assert decimal_text(displayed(D(value), unit)) == expected


class TestShareTrend:
    def test_the_last_quarters_of_the_term_up_to_the_moment(self):
        assert trend_quarters(2020, 2021, 2, 4) == [(2020, 3), (2020, 4), (2021, 1), (2021, 2)]
        assert trend_quarters(2020, 2020, 2, 8) == [(2020, 1), (2020, 2)]  # the term began

    def test_the_share_achieved_at_each_quarter(self):
        early = summarize([])
        later = Summary(
            targets=4,
            annual=count_statuses(
                [Status.EXCEEDED, Status.ACHIEVED, Status.BEHIND, Status.NO_DATA]
            ),
            term=count_statuses([Status.ACHIEVED, Status.ON_TRACK, Status.BEHIND, Status.BEHIND]),
        )
        points = share_trend([((2021, 1), early), ((2021, 2), later)])
        assert [(p.year, p.quarter) for p in points] == [(2021, 1), (2021, 2)]
        assert points[0].annual_share is None  # no targets: nothing to share
        assert (points[1].annual_share, points[1].term_share) == (D("50.0"), D("25.0"))


class TestRatio:
    """Tỷ lệ: a figure is a count of a count; the engine computes the percentage."""

    def test_tay_ho_schools_26_of_27_are_96_3_pct(self):
        schools = target(RATIO, figures={(2022, 4): (26, 27)}, plans={2022: 100})
        result = progress(schools, 2022, 4)
        assert result.year_value == D("96.3")
        assert result.term_value == D("96.3")
        assert result.year_counts == result.term_counts == Counts(D(26), D(27))
        assert result.annual_pct == D("96.3")

    def test_the_latest_quarter_counts_like_a_latest_value(self):
        item = target(RATIO, figures={(2021, 4): (40, 44), (2022, 2): (42, 44), (2022, 1): (1, 2)})
        result = progress(item, 2022, 4)
        assert result.term_counts == Counts(D(42), D(44))
        assert result.term_value == D("95.5")
        assert progress(item, 2022, 1).year_counts == Counts(D(1), D(2))

    def test_the_percentage_is_computed_from_the_counts_not_rounded_first(self):
        # 26/27 = 96.296…; against a plan of 96.3 % it is just short, not achieved.
        item = target(RATIO, figures={(2022, 4): (26, 27)}, plans={2022: "96.3"})
        assert progress(item, 2022, 4).annual_status == Status.BEHIND

    def test_a_year_without_figures_has_no_year_counts_but_keeps_the_term_counts(self):
        item = target(RATIO, figures={(2021, 4): (8, 8)})
        result = progress(item, 2022, 2)
        assert result.year_counts is None
        assert result.term_counts == Counts(D(8), D(8))
        assert year_counts(item, 2022, 4) == {2021: Counts(D(8), D(8))}
        assert year_values(item, 2022, 4) == {2021: D("100.0")}

    @pytest.mark.parametrize(("numerator", "denominator"), [(1, 0), (-1, 5), (1, -2)])
    def test_it_refuses_counts_that_make_no_ratio(self, numerator, denominator):
        with pytest.raises(ValueError):
            ratio_figures({(2022, 1): Counts(D(numerator), D(denominator))})

    def test_other_aggregations_carry_no_counts(self):
        result = progress(target(SUM, figures={(2022, 1): 5}), 2022, 1)
        assert result.year_counts is None and result.term_counts is None

    def test_a_roll_up_adds_the_counts_never_averages_the_percentages(self):
        children = [
            Contribution(
                "A",
                progress(target(RATIO, figures={(2022, 4): (26, 27)}, term_target=D(100)), 2022, 4),
            ),
            Contribution(
                "B",
                progress(target(RATIO, figures={(2022, 4): (8, 8)}, term_target=D(100)), 2022, 4),
            ),
            Contribution("C", progress(target(RATIO, term_target=D(100)), 2022, 4)),
        ]
        result = rollup(RATIO, UP, children)
        assert result.term_counts == Counts(D(34), D(35))
        assert result.year_counts == Counts(D(34), D(35))
        # 34/35 = 97.1 %, not the mean of 96.3 % and 100 % (98.1 %).
        assert result.term_total == D("97.1")
        assert result.year_total == D("97.1")
        assert [item.committee for item in result.contributions] == ["B", "A", "C"]
        assert result.holding_back == ("C",)

    def test_a_roll_up_of_children_without_figures_has_no_total(self):
        result = rollup(RATIO, UP, [Contribution("A", progress(target(RATIO), 2022, 4))])
        assert result.term_counts is None and result.term_total is None

    def test_the_timeline_shows_each_quarter_s_counts_and_percentage(self):
        item = target(RATIO, figures={(2020, 2): (26, 27)})
        points = timeline(item, 2020, 2)
        assert [(p.figure, p.counts) for p in points] == [
            (None, None),
            (D("96.3"), Counts(D(26), D(27))),
        ]


# Every aggregation, with a figure that meets a plan of 100 and a term target of 100.
MEETING_FIGURE = {SUM: 100, LATEST: 100, AVERAGE: 100, RATIO: (27, 27)}
FIRST_DUE = {QUARTER: 1, HALF_YEAR: 2, YEAR: 4}


class TestFrequency:
    """Kỳ báo cáo: a target reported every half-year or once a year is not due before its
    first due quarter of the year."""

    @pytest.mark.parametrize("aggregation", list(Aggregation))
    @pytest.mark.parametrize("direction", list(Direction))
    @pytest.mark.parametrize("frequency", list(Frequency))
    def test_not_due_before_the_first_due_quarter_then_no_data_then_counted(
        self, aggregation, direction, frequency
    ):
        first = FIRST_DUE[frequency]
        empty = target(aggregation, direction, plans={2022: 100}, frequency=frequency)
        for quarter in range(1, first):
            assert progress(empty, 2022, quarter).annual_status == Status.NOT_DUE
        assert progress(empty, 2022, first).annual_status == Status.NO_DATA
        reported = target(
            aggregation,
            direction,
            figures={(2022, first): MEETING_FIGURE[aggregation]},
            plans={2022: 100},
            frequency=frequency,
        )
        status = progress(reported, 2022, 4).annual_status
        assert status == Status.ACHIEVED or (aggregation == SUM and direction == DOWN)

    def test_the_term_is_not_due_until_its_first_due_quarter(self):
        yearly = target(LATEST, frequency=YEAR, term_target=D(10))
        assert progress(yearly, 2020, 3).term_status == Status.NOT_DUE
        assert progress(yearly, 2020, 4).term_status == Status.NO_DATA
        assert progress(yearly, 2021, 1).term_status == Status.NO_DATA

    def test_a_half_yearly_sum_is_expected_at_the_share_of_its_due_halves(self):
        # At Q3 only the first half was due: half the plan is on track, not behind.
        item = target(SUM, figures={(2022, 2): 50}, plans={2022: 100}, frequency=HALF_YEAR)
        result = progress(item, 2022, 3)
        assert result.expected_year_value == D(50)
        assert result.annual_status == Status.ON_TRACK
        quarterly = target(SUM, figures={(2022, 2): 50}, plans={2022: 100})
        assert progress(quarterly, 2022, 3).annual_status == Status.BEHIND

    def test_a_yearly_target_s_term_line_waits_for_its_due_quarter(self):
        item = target(LATEST, baseline=D(0), term_target=D(24), frequency=YEAR)
        # At 2022 Q3 the last due quarter is 2021 Q4: 8 of 24 quarters.
        assert progress(item, 2022, 3).expected_term_value.quantize(D("0.0001")) == D(8)

    def test_summaries_count_not_due(self):
        yearly = target(LATEST, plans={2022: 1}, frequency=YEAR)
        quarterly = target(LATEST, plans={2022: 1})
        summary = summarize([progress(yearly, 2022, 1), progress(quarterly, 2022, 1)])
        assert summary.annual.not_due == 1
        assert summary.annual.no_data == 1
        assert summary.as_dict()["annual"]["not_due"] == 1
        assert sum(v for k, v in summary.as_dict()["annual"].items() if k != "exceeded") == 2

    def test_the_timeline_marks_the_quarters_a_figure_was_due(self):
        points = timeline(target(frequency=HALF_YEAR), 2020, 4)
        assert [point.due for point in points] == [False, True, False, True]


REVISED_TERM = Revision(
    value=D(16000), from_year=2023, from_quarter=2, basis="Nghị quyết số 15-NQ/QU ngày 07/4/2023"
)


class TestRevisions:
    """Điều chỉnh: the value in force at the moment is used; the original stays beside it."""

    def test_a_term_target_revised_mid_year_holds_from_its_quarter(self):
        item = target(
            SUM, figures={(2023, 1): 3000}, term_target=D(20000), revisions=(REVISED_TERM,)
        )
        before = progress(item, 2023, 1)
        assert before.term_target == D(20000)
        assert before.revised is False
        assert before.original_term_target is None
        assert before.revision_basis is None
        after = progress(item, 2023, 2)
        assert after.term_target == D(16000)
        assert after.revised is True
        assert after.original_term_target == D(20000)
        assert after.revision_basis == "Nghị quyết số 15-NQ/QU ngày 07/4/2023"
        assert after.term_pct == D("18.8")  # 3000 / 16000

    def test_an_annual_plan_revised_mid_year_changes_the_year_and_the_plans_to_date(self):
        revision = Revision(
            value=D(150), from_year=2022, from_quarter=3, basis="QĐ 7", plan_year=2022
        )
        item = target(
            SUM,
            figures={(2021, 4): 100, (2022, 2): 120},
            plans={2021: 100, 2022: 200},
            revisions=(revision,),
        )
        at_q2 = progress(item, 2022, 2)
        assert (at_q2.annual_plan, at_q2.revised, at_q2.original_annual_plan) == (
            D(200),
            False,
            None,
        )
        at_q3 = progress(item, 2022, 3)
        assert at_q3.annual_plan == D(150)
        assert at_q3.original_annual_plan == D(200)
        assert at_q3.annual_pct == D("80.0")
        assert at_q3.to_date_plan == D(250)
        assert at_q3.revision_basis == at_q3.annual_plan_basis == "QĐ 7"
        assert at_q3.term_target_basis is None
        # A revision of another year's plan does not mark this year's.
        assert progress(item, 2023, 1).revised is False
        assert progress(item, 2023, 1).to_date_plan == D(250)

    def test_the_latest_revision_in_force_wins(self):
        later = Revision(value=D(15000), from_year=2024, from_quarter=1, basis="NQ 20")
        item = target(term_target=D(20000), revisions=(later, REVISED_TERM))
        assert term_target_at(item, 2023, 4) == D(16000)
        assert term_target_at(item, 2024, 1) == D(15000)
        assert progress(item, 2024, 1).revision_basis == "NQ 20"
        assert progress(item, 2024, 1).original_term_target == D(20000)

    def test_a_plan_can_be_set_by_revision_where_there_was_none(self):
        item = target(revisions=(Revision(D(9), 2021, 1, "QĐ 1", plan_year=2021),))
        assert plans_at(item, 2020, 4) == {}
        assert plans_at(item, 2021, 1) == {2021: D(9)}

    def test_the_timeline_steps_to_the_revised_target(self):
        item = target(term_target=D(20000), revisions=(REVISED_TERM,))
        points = timeline(item, 2023, 3)
        assert [p.progress.term_target for p in points[-3:]] == [D(20000), D(16000), D(16000)]

    def test_the_annual_percent_of_a_past_year_uses_the_plan_in_force_at_the_moment(self):
        revision = Revision(D(50), 2021, 4, "QĐ 2", plan_year=2021)
        item = target(plans={2021: 100}, revisions=(revision,))
        assert annual_percent(item, D(50), 2021, at=(2021, 3)) == D("50.0")
        assert annual_percent(item, D(50), 2021, at=(2022, 4)) == D("100.0")

    @pytest.mark.parametrize("aggregation", list(Aggregation))
    @pytest.mark.parametrize("direction", list(Direction))
    @pytest.mark.parametrize("frequency", list(Frequency))
    def test_a_revision_changes_the_status_in_every_combination(
        self, aggregation, direction, frequency
    ):
        # A figure of 100 (27/27) against a term target of 200 (up) or 50 (down) falls short;
        # revised to 100 from 2022 Q1 it is achieved, and before it is still short.
        original = D(200) if direction == UP else D(50)
        revision = Revision(D(100), 2022, 1, "NQ 15")
        figures = {(2020 + index, 4): MEETING_FIGURE[aggregation] for index in range(3)}
        if aggregation == SUM:
            figures = {(2022, 4): 100}
        item = target(
            aggregation,
            direction,
            figures=figures,
            baseline=D(100),
            term_target=original,
            frequency=frequency,
            revisions=(revision,),
        )
        before = progress(item, 2021, 4)
        after = progress(item, 2022, 4)
        assert after.term_status == Status.ACHIEVED
        assert after.revised and after.original_term_target == original
        assert before.term_status not in (Status.ACHIEVED, Status.EXCEEDED)
        assert before.revised is False


def test_revision_changes_list_each_revision_with_the_value_it_replaced():
    later = Revision(value=D(15000), from_year=2024, from_quarter=1, basis="NQ 20")
    plan = Revision(value=D(90), from_year=2023, from_quarter=1, basis="QĐ 3", plan_year=2023)
    item = target(term_target=D(20000), plans={2023: 100}, revisions=(later, REVISED_TERM, plan))
    changes = revision_changes(item)
    assert [(c.plan_year, c.original, c.value, c.basis) for c in changes] == [
        (2023, D(100), D(90), "QĐ 3"),
        (None, D(20000), D(16000), "Nghị quyết số 15-NQ/QU ngày 07/4/2023"),
        (None, D(16000), D(15000), "NQ 20"),
    ]

"""The engine at many moments in one pass (progress_over, statuses_over, summaries_over) gives
at every moment what the engine gives for that moment alone, for every kind of target."""

import itertools
import random
from decimal import Decimal as D

import pytest

from targets.progress import (
    Aggregation,
    Counts,
    Direction,
    Frequency,
    Progress,
    Revision,
    Status,
    TargetFigures,
    classify,
    count_statuses,
    last_due_quarter,
    meets,
    own_counts,
    plans_at,
    progress,
    progress_over,
    ratio_figures,
    statuses_over,
    summaries_over,
    summarize,
    trend_quarters,
    validate_moment,
)
from targets.progress.statuses import classify_lazily, meeting
from targets.progress.target import _counts_part, _revisions_part, _term_part, _year_part
from targets.progress.values import (
    contributing_keys,
    reported_quarters,
    term_from_year_values,
    values_by_year,
)

START, END = 2020, 2025
EVERY_MOMENT = [(year, quarter) for year in range(START, END + 1) for quarter in range(1, 5)]


def one_moment(target: TargetFigures, year: int, quarter: int) -> Progress:
    """The engine's progress at one moment as it was computed before the one pass: the quarters
    that count and the year values read afresh from all the figures for this moment alone."""
    validate_moment(target.start_year, target.end_year, year, quarter)
    aggregation = Aggregation(target.aggregation)
    direction = Direction(target.direction)
    reported = reported_quarters(target.figures, target.start_year, year, quarter)
    values = values_by_year(aggregation, reported, target.figures)
    plans = plans_at(target, year, quarter)
    due = last_due_quarter(target.frequency, quarter)
    term_exact = term_from_year_values(aggregation, values)
    return Progress(
        **_year_part(aggregation, direction, values.get(year), plans.get(year), due),
        **_term_part(target, aggregation, direction, term_exact, plans, (year, quarter), due),
        **_counts_part(target, reported, year),
        **_revisions_part(target, year, quarter),
        estimate=bool(contributing_keys(aggregation, reported, year) & target.estimates),
    )


REVISIONS = {
    "none": (),
    "term target": (
        Revision(D(900), 2022, 3, "Nghị quyết số 15-NQ/QU", None),
        Revision(D(1100), 2024, 1, "Nghị quyết số 20-NQ/QU", None),
    ),
    "plans": (
        Revision(D(150), 2021, 2, "QĐ 7", 2021),
        Revision(D(210), 2023, 4, "QĐ 9", 2023),
        Revision(D(90), 2024, 1, "QĐ 11", 2023),  # a plan revised after its year
    ),
    "both": (
        Revision(D(150), 2021, 2, "QĐ 7", 2021),
        Revision(D(900), 2022, 3, "Nghị quyết số 15-NQ/QU", None),
    ),
}
# Which quarters have a figure: all, some missing, none in the first years, none at all.
PATTERNS = ("full", "gaps", "late", "empty")


def _kept(pattern: str, key: tuple[int, int], rng: random.Random) -> bool:
    year, _quarter = key
    if pattern == "gaps":
        return rng.random() < 0.6
    if pattern == "late":
        return year >= 2022
    return pattern == "full"


def make_target(aggregation, direction, frequency, revisions, pattern, seed) -> TargetFigures:
    """A target of the term 2020–2025 with figures around its plans (so that every status
    comes up, exact hits included), estimates here and there, and a stray figure of the year
    before the term."""
    rng = random.Random(seed)
    plans = {year: D(rng.choice([100, 200, 250])) for year in range(START, END + 1)}
    del plans[2022]  # a year without a plan
    keys = [
        (year, quarter)
        for year, quarter in EVERY_MOMENT
        if quarter
        in {Frequency.QUARTER: (1, 2, 3, 4), Frequency.HALF_YEAR: (2, 4)}.get(frequency, (4,))
        or rng.random() < 0.2  # now and then a figure in a quarter it is not due
    ]
    keys = [key for key in keys if _kept(pattern, key, rng)]
    if pattern != "empty":
        keys.append((START - 1, 4))
    term_target = rng.choice([None, D(1000), D(60)])
    counts, values = {}, {}
    for year, quarter in keys:
        plan = plans.get(year, D(200))
        if aggregation == Aggregation.RATIO:
            denominator = D(rng.randint(1, 40))
            counts[year, quarter] = Counts(D(rng.randint(0, 45)), denominator)
        elif rng.random() < 0.15:  # exactly the plan, or the term target
            values[year, quarter] = plan if aggregation != Aggregation.SUM else plan / 4
            if term_target is not None and rng.random() < 0.5:
                values[year, quarter] = term_target
        else:
            share = D(rng.randint(0, 13000)) / D(10000)
            values[year, quarter] = (plan * share).quantize(D("0.0001"))
    if aggregation == Aggregation.RATIO:
        values = ratio_figures(counts)
    return TargetFigures(
        aggregation=aggregation,
        direction=direction,
        start_year=START,
        end_year=END,
        baseline=rng.choice([None, D(0), D(40)]),
        term_target=term_target,
        plans=plans,
        figures=values,
        estimates=frozenset(key for key in keys if rng.random() < 0.2),
        frequency=frequency,
        counts=counts,
        revisions=revisions,
    )


KINDS = list(
    itertools.product(Aggregation, Direction, Frequency, REVISIONS, PATTERNS),
)


def every_kind(seed: int = 0) -> list[TargetFigures]:
    return [
        make_target(aggregation, direction, frequency, REVISIONS[revisions], pattern, seed + index)
        for index, (aggregation, direction, frequency, revisions, pattern) in enumerate(KINDS)
    ]


@pytest.mark.parametrize(("aggregation", "direction", "frequency", "revisions", "pattern"), KINDS)
def test_progress_over_is_the_progress_at_each_moment(
    aggregation, direction, frequency, revisions, pattern
):
    for seed in range(3):
        target = make_target(aggregation, direction, frequency, REVISIONS[revisions], pattern, seed)
        expected = [one_moment(target, *moment) for moment in EVERY_MOMENT]
        assert progress_over(target, EVERY_MOMENT) == expected
        assert [progress(target, *moment) for moment in EVERY_MOMENT] == expected
        statuses = [(item.annual_status, item.term_status) for item in expected]
        assert statuses_over(target, EVERY_MOMENT) == statuses


def test_the_kinds_bring_every_status_up():
    """The generated targets are varied enough for the comparisons above to mean something."""
    seen = {
        (item.annual_status, item.term_status)
        for target in every_kind()
        for item in progress_over(target, EVERY_MOMENT)
    }
    annual = {pair[0] for pair in seen}
    term = {pair[1] for pair in seen}
    assert annual == set(type(next(iter(annual))))  # all seven statuses
    assert term == set(type(next(iter(term))))
    assert any(item.estimate for item in progress_over(every_kind()[0], EVERY_MOMENT))


def test_moments_in_any_order_and_repeated_come_back_in_their_order():
    target = every_kind()[5]
    moments = [(2023, 2), (2020, 1), (2023, 2), (2021, 4), (2025, 4), (2020, 3)]
    assert progress_over(target, moments) == [one_moment(target, *each) for each in moments]
    assert statuses_over(target, moments) == [
        (item.annual_status, item.term_status) for item in progress_over(target, moments)
    ]


@pytest.mark.parametrize("moment", [(2019, 4), (2026, 1), (2022, 0), (2022, 5)])
def test_a_moment_outside_the_term_is_refused(moment):
    target = every_kind()[0]
    with pytest.raises(ValueError):
        progress_over(target, [(2022, 1), moment])
    with pytest.raises(ValueError):
        statuses_over(target, [moment])


@pytest.mark.parametrize("start_quarter", [1, 3])
@pytest.mark.parametrize("moment", [(2020, 1), (2020, 3), (2020, 4), (2021, 2), (2023, 4)])
def test_summaries_over_a_trend_are_the_summaries_at_each_quarter(start_quarter, moment):
    """The quarters of an overview's trend, for a term that starts in January and one that
    starts mid-year (Term.start_quarter)."""
    targets = every_kind(seed=7)
    quarters = trend_quarters(START, *moment, start_quarter=start_quarter)
    expected = [summarize([one_moment(item, *each) for item in targets]) for each in quarters]
    assert summaries_over(targets, quarters) == expected
    assert summaries_over(targets, quarters)[-1].targets == len(targets)


def test_summaries_over_no_targets_count_nothing():
    summaries = summaries_over([], [(2021, 1), (2021, 2)])
    assert [summary.targets for summary in summaries] == [0, 0]
    assert summaries == [summarize([]), summarize([])]


VALUES = [None, D(3), D(4), D(5), D(6)]


@pytest.mark.parametrize("direction", list(Direction))
def test_a_status_computes_the_value_expected_by_now_only_when_it_decides(direction):
    """classify_lazily is classify, asking for the expected value only for a value short of
    its plan or target (what an overview's trend of thousands of targets saves)."""
    for value, reference, expected in itertools.product(VALUES, VALUES, VALUES):
        asked = []
        status = classify_lazily(
            value,
            reference,
            meeting(direction),
            lambda given, asked=asked: asked.append(given) or given,
            expected,
        )
        assert status == classify(value, reference, expected, direction)
        short = (
            value is not None
            and reference is not None
            and value != reference
            and not meets(value, reference, direction)
        )
        assert asked == ([expected] if short else [])
        assert short == (status in (Status.ON_TRACK, Status.BEHIND))


def test_lower_is_better_meets_at_most_the_reference():
    assert meeting(Direction.DOWN)(D(4), D(5)) and not meeting(Direction.DOWN)(D(6), D(5))
    assert meeting(Direction.UP)(D(6), D(5)) and not meeting(Direction.UP)(D(4), D(5))
    assert meets(D(5), D(5), Direction.DOWN) and meets(D(5), D(5), Direction.UP)


def test_statuses_are_counted_from_any_iterable():
    statuses = [pair[1] for item in every_kind() for pair in statuses_over(item, EVERY_MOMENT)]
    counts = count_statuses(iter(statuses))
    assert counts == count_statuses(statuses) == count_statuses(tuple(statuses))
    assert counts.achieved == statuses.count(Status.ACHIEVED) + statuses.count(Status.EXCEEDED)
    assert sum(own_counts(counts).values()) == len(statuses)

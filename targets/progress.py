"""The progress engine: every number of DESIGN.md "How progress is computed".

Plain functions over plain values (Decimals, ints, mappings); no ORM, no request. Every screen,
export, command and the API call this module, so a number never differs between two places.

Vocabulary:
- a *figure* is one quarter's stored value, keyed by (year, quarter);
- the *year value* and *term value* follow from the figures by the target's aggregation;
- the *moment* (year, quarter) is the point in time a page looks at: figures after it are ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

QUARTERS_PER_YEAR = 4
HUNDRED = Decimal(100)
ONE_DECIMAL = Decimal("0.1")
# Term values of averages are rounded to the precision figures are stored with.
VALUE_PLACES = Decimal("0.0001")


class Aggregation(StrEnum):
    SUM = "sum"  # Cộng dồn: a figure is what happened in that quarter alone
    LATEST = "latest"  # Giá trị cuối: a figure is the level at the end of the quarter
    AVERAGE = "average"  # Bình quân: a figure is the year-to-date rate
    RATIO = "ratio"  # Tỷ lệ: a figure is a count of a count (26 of 27) at the end of the quarter


class Frequency(StrEnum):
    """How often a target is reported (Kỳ báo cáo)."""

    QUARTER = "quarter"
    HALF_YEAR = "half_year"  # figures in Q2 and Q4
    YEAR = "year"  # a figure in Q4


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"


class Status(StrEnum):
    EXCEEDED = "exceeded"
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NO_DATA = "no_data"
    NO_PLAN = "no_plan"
    NOT_DUE = "not_due"


Figures = Mapping[tuple[int, int], Decimal]


@dataclass(frozen=True)
class Counts:
    """The two counts of a ratio figure: 26 (numerator) of 27 (denominator)."""

    numerator: Decimal
    denominator: Decimal


@dataclass(frozen=True)
class Revision:
    """A decision changing the term target (plan_year None) or one year's plan, in force from
    the quarter (from_year, from_quarter) on."""

    value: Decimal
    from_year: int
    from_quarter: int
    basis: str = ""
    plan_year: int | None = None

    @property
    def previous_moment(self) -> tuple[int, int]:
        """The quarter just before it takes force."""
        if self.from_quarter > 1:
            return self.from_year, self.from_quarter - 1
        return self.from_year - 1, QUARTERS_PER_YEAR


@dataclass(frozen=True)
class TargetFigures:
    """Everything the engine needs about one target, as plain values."""

    aggregation: Aggregation
    direction: Direction
    start_year: int
    end_year: int
    baseline: Decimal | None = None
    term_target: Decimal | None = None
    plans: Mapping[int, Decimal] = field(default_factory=dict)
    figures: Figures = field(default_factory=dict)
    estimates: frozenset[tuple[int, int]] = frozenset()
    frequency: Frequency = Frequency.QUARTER
    # Ratio targets: the counts of each figure; `figures` holds their percentages, built from
    # them by ratio_figures().
    counts: Mapping[tuple[int, int], Counts] = field(default_factory=dict)
    revisions: Sequence[Revision] = ()


@dataclass(frozen=True)
class Progress:
    """One target's progress at one moment. None wherever there is nothing to compute."""

    year_value: Decimal | None
    annual_plan: Decimal | None
    annual_pct: Decimal | None
    annual_status: Status
    expected_year_value: Decimal | None
    term_value: Decimal | None
    term_target: Decimal | None
    term_pct: Decimal | None
    term_status: Status
    expected_term_value: Decimal | None
    to_date_plan: Decimal | None
    to_date_pct: Decimal | None
    estimate: bool
    # Ratio targets: the counts behind the year value and behind the term value (the latest
    # figure); None for the other aggregations.
    year_counts: Counts | None = None
    term_counts: Counts | None = None
    # Revisions in force at the moment: the values replaced, and the latest decision's basis.
    revised: bool = False
    original_term_target: Decimal | None = None
    original_annual_plan: Decimal | None = None
    revision_basis: str | None = None
    term_target_basis: str | None = None  # the basis of the term target's revision in force
    annual_plan_basis: str | None = None  # the basis of the year's plan's revision in force


# --- moments -------------------------------------------------------------------------------


def validate_moment(start_year: int, end_year: int, year: int, quarter: int) -> None:
    """Raise ValueError unless (year, quarter) is a quarter of the term."""
    if not 1 <= quarter <= QUARTERS_PER_YEAR:
        raise ValueError(f"quarter {quarter} is not between 1 and 4")
    if not start_year <= year <= end_year:
        raise ValueError(f"year {year} is outside the term {start_year}-{end_year}")


def latest_moment(keys: Iterable[tuple[int, int]]) -> tuple[int, int] | None:
    """The latest (year, quarter) among the keys of reported figures, or None."""
    return max(keys, default=None)


def term_elapsed_share(start_year: int, end_year: int, year: int, quarter: int) -> Decimal:
    """Share of the term elapsed at the end of (year, quarter), between 0 and 1.

    A term runs from 1 January of its start year to 31 December of its end year.
    """
    total = (end_year - start_year + 1) * QUARTERS_PER_YEAR
    elapsed = (year - start_year) * QUARTERS_PER_YEAR + quarter
    elapsed = min(max(elapsed, 0), total)
    return Decimal(elapsed) / Decimal(total)


def year_elapsed_share(quarter: int) -> Decimal:
    return Decimal(quarter) / Decimal(QUARTERS_PER_YEAR)


# --- how often -----------------------------------------------------------------------------

DUE_QUARTERS = {
    Frequency.QUARTER: (1, 2, 3, 4),
    Frequency.HALF_YEAR: (2, 4),
    Frequency.YEAR: (4,),
}


def is_due(frequency: Frequency, quarter: int) -> bool:
    """Whether a target reported at this frequency has a figure due in the quarter."""
    return quarter in DUE_QUARTERS[Frequency(frequency)]


def frequencies_due(quarter: int) -> list[Frequency]:
    """The reporting frequencies with a figure due in the quarter."""
    return [frequency for frequency, due in DUE_QUARTERS.items() if quarter in due]


def last_due_quarter(frequency: Frequency, quarter: int) -> int:
    """The latest quarter of the year up to `quarter` in which a figure was due; 0 if none yet
    (a yearly target in Q1–Q3)."""
    return max((each for each in DUE_QUARTERS[Frequency(frequency)] if each <= quarter), default=0)


# --- ratios --------------------------------------------------------------------------------


def check_counts(numerator: Decimal, denominator: Decimal) -> None:
    """Raise ValueError unless the counts make a ratio: a denominator above 0 and a numerator
    of at least 0 (a numerator above the denominator is allowed: more than the whole)."""
    if denominator is None or denominator <= 0:
        raise ValueError("the denominator must be greater than 0")
    if numerator is None or numerator < 0:
        raise ValueError("the numerator must not be negative")


def ratio_value(numerator: Decimal, denominator: Decimal) -> Decimal:
    """numerator / denominator × 100, exact to Decimal precision: 26/27 -> 96.2962…"""
    check_counts(numerator, denominator)
    return Decimal(numerator) / Decimal(denominator) * HUNDRED


def stored_ratio_value(numerator: Decimal, denominator: Decimal) -> Decimal:
    """The percentage a ratio figure is stored with (four decimals); the engine itself always
    works from the counts."""
    return ratio_value(numerator, denominator).quantize(VALUE_PLACES, rounding=ROUND_HALF_UP)


def ratio_figures(counts: Mapping[tuple[int, int], Counts]) -> dict[tuple[int, int], Decimal]:
    """The figures of a ratio target: each quarter's percentage from its counts."""
    return {key: ratio_value(item.numerator, item.denominator) for key, item in counts.items()}


def add_counts(counts: Iterable[Counts | None]) -> Counts | None:
    """Counts of several committees added up (never their percentages averaged)."""
    present = [item for item in counts if item is not None]
    if not present:
        return None
    return Counts(
        numerator=sum((item.numerator for item in present), Decimal(0)),
        denominator=sum((item.denominator for item in present), Decimal(0)),
    )


def counts_pct(counts: Counts | None) -> Decimal | None:
    """The percentage of counts as it is shown: 26/27 -> 96.3."""
    if counts is None or counts.denominator <= 0:
        return None
    return round_pct(ratio_value(counts.numerator, counts.denominator))


# --- revisions -----------------------------------------------------------------------------


def _revision_in_force(
    revisions: Sequence[Revision], plan_year: int | None, year: int, quarter: int
) -> Revision | None:
    """The latest revision of the term target (plan_year None) or of one year's plan that is
    in force at the end of (year, quarter)."""
    in_force = [
        each
        for each in revisions
        if each.plan_year == plan_year and (each.from_year, each.from_quarter) <= (year, quarter)
    ]
    return max(in_force, key=lambda each: (each.from_year, each.from_quarter), default=None)


@dataclass(frozen=True)
class RevisionChange:
    """A revision as the screens list it: what it changed, from which value, and why."""

    plan_year: int | None
    from_year: int
    from_quarter: int
    original: Decimal | None  # the value in force just before it
    value: Decimal
    basis: str


def revision_changes(target: TargetFigures) -> list[RevisionChange]:
    """Every revision of the target in the order they took force, each with the value it
    replaced (the congress's or the plan's original, or an earlier revision's)."""
    changes = []
    for each in sorted(
        target.revisions,
        key=lambda item: (item.plan_year or 0, item.from_year, item.from_quarter),
    ):
        moment = each.previous_moment
        if each.plan_year is None:
            before = term_target_at(target, *moment)
        else:
            before = plans_at(target, *moment).get(each.plan_year)
        changes.append(
            RevisionChange(
                plan_year=each.plan_year,
                from_year=each.from_year,
                from_quarter=each.from_quarter,
                original=before,
                value=each.value,
                basis=each.basis,
            )
        )
    return sorted(changes, key=lambda item: (item.from_year, item.from_quarter))


def term_target_at(target: TargetFigures, year: int, quarter: int) -> Decimal | None:
    """The term target in force at the end of (year, quarter)."""
    revision = _revision_in_force(target.revisions, None, year, quarter)
    return target.term_target if revision is None else revision.value


def plans_at(target: TargetFigures, year: int, quarter: int) -> dict[int, Decimal]:
    """The annual plans in force at the end of (year, quarter): each year's original plan, or
    the latest revision of it in force by then."""
    plans = dict(target.plans)
    for plan_year in {each.plan_year for each in target.revisions if each.plan_year is not None}:
        revision = _revision_in_force(target.revisions, plan_year, year, quarter)
        if revision is not None:
            plans[plan_year] = revision.value
    return plans


@dataclass(frozen=True)
class PlanInForce:
    """One year's annual plan as it stands at a moment: the value in force and, when a
    revision is in force, the original plan it replaced and the revision's basis."""

    value: Decimal | None
    original: Decimal | None = None
    basis: str | None = None


def annual_plan_in_force(
    plan: Decimal | None, revisions: Sequence[Revision], year: int, quarter: int
) -> PlanInForce:
    """The plan of `year` in force at the end of (year, quarter): the original `plan`, or the
    latest revision of it in force by then (as progress() reports annual_plan,
    original_annual_plan and annual_plan_basis)."""
    revision = _revision_in_force(revisions, year, year, quarter)
    if revision is None:
        return PlanInForce(plan)
    return PlanInForce(revision.value, plan, revision.basis)


# --- values --------------------------------------------------------------------------------


def _year_quarters(figures: Figures, year: int, up_to_quarter: int) -> list[tuple[int, int]]:
    return sorted(key for key in figures if key[0] == year and 1 <= key[1] <= up_to_quarter)


def year_value(
    aggregation: Aggregation, figures: Figures, year: int, up_to_quarter: int = 4
) -> Decimal | None:
    """The value of one year from its quarterly figures up to a quarter.

    Sums add the quarters so far; latest values and averages take the latest quarter.
    """
    keys = _year_quarters(figures, year, up_to_quarter)
    if not keys:
        return None
    if aggregation == Aggregation.SUM:
        return sum((figures[key] for key in keys), Decimal(0))
    return figures[keys[-1]]


def _reported_quarters(
    figures: Figures, start_year: int, year: int, quarter: int
) -> dict[int, list[tuple[int, int]]]:
    """For each year of the term up to the moment that has figures, its reported quarters in
    order. One pass over the figures: the overview calls this for thousands of targets."""
    reported: dict[int, list[tuple[int, int]]] = {}
    for key in sorted(figures):
        each_year, each_quarter = key
        if each_year < start_year or not 1 <= each_quarter <= QUARTERS_PER_YEAR:
            continue
        if key > (year, quarter):
            break
        reported.setdefault(each_year, []).append(key)
    return reported


def _value_of_year(
    aggregation: Aggregation, figures: Figures, keys: list[tuple[int, int]]
) -> Decimal:
    # Ratios, like latest values, take the latest quarter.
    if aggregation == Aggregation.SUM:
        return sum((figures[key] for key in keys), Decimal(0))
    return figures[keys[-1]]


def _year_values(
    aggregation: Aggregation, reported: dict[int, list[tuple[int, int]]], figures: Figures
) -> dict[int, Decimal]:
    return {
        each_year: _value_of_year(aggregation, figures, keys)
        for each_year, keys in reported.items()
    }


def _term_from_year_values(aggregation: Aggregation, values: dict[int, Decimal]) -> Decimal | None:
    if not values:
        return None
    if aggregation == Aggregation.SUM:
        return sum(values.values(), Decimal(0))
    if aggregation in (Aggregation.LATEST, Aggregation.RATIO):
        return values[max(values)]
    return sum(values.values(), Decimal(0)) / len(values)


def _term_value_exact(
    aggregation: Aggregation, figures: Figures, start_year: int, year: int, quarter: int
) -> Decimal | None:
    reported = _reported_quarters(figures, start_year, year, quarter)
    return _term_from_year_values(aggregation, _year_values(aggregation, reported, figures))


def term_value(
    aggregation: Aggregation, figures: Figures, start_year: int, year: int, quarter: int
) -> Decimal | None:
    """The value of the term so far: the sum, the latest, or the mean of the year values."""
    value = _term_value_exact(aggregation, figures, start_year, year, quarter)
    if value is None:
        return None
    return _round_value(value)


def _round_value(value: Decimal) -> Decimal:
    # A mean can have endless decimals; show it with the precision figures are stored with.
    return value.quantize(VALUE_PLACES, rounding=ROUND_HALF_UP)


def _contributing_keys(
    aggregation: Aggregation, reported: dict[int, list[tuple[int, int]]], year: int
) -> set[tuple[int, int]]:
    """The figures that enter the year value of `year` or the term value at the moment."""
    if aggregation == Aggregation.SUM:
        return {key for keys in reported.values() for key in keys}
    # Levels, rates and ratios: a year value is its latest quarter. Averages use every year's,
    # latest values and ratios only the latest year's; the current year's counts either way.
    if aggregation == Aggregation.AVERAGE:
        counted = reported.keys()
    else:
        counted = {max(reported, default=year), year}
    return {reported[each][-1] for each in counted if each in reported}


def to_date_plan(plans: Mapping[int, Decimal], start_year: int, year: int) -> Decimal | None:
    """Sum of the annual plans of the term's years so far (sums only), or None if none."""
    values = [plans[each] for each in range(start_year, year + 1) if each in plans]
    if not values:
        return None
    return sum(values, Decimal(0))


# --- percentages and statuses --------------------------------------------------------------


def round_pct(value: Decimal) -> Decimal:
    """One decimal, rounded half up: 96.2857 -> 96.3."""
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def percent(value: Decimal | None, reference: Decimal | None) -> Decimal | None:
    """value / reference × 100, one decimal; None if either is missing or the reference is 0."""
    if value is None or reference is None or reference == 0:
        return None
    return round_pct(value / reference * HUNDRED)


def meets(value: Decimal, reference: Decimal, direction: Direction) -> bool:
    return value <= reference if direction == Direction.DOWN else value >= reference


def classify(
    value: Decimal | None,
    reference: Decimal | None,
    expected: Decimal | None,
    direction: Direction,
) -> Status:
    """Status of a value against its plan or target, and the expected value by now.

    No data wins over no plan: a missing figure is what the committee has to act on.
    """
    if value is None:
        return Status.NO_DATA
    if reference is None:
        return Status.NO_PLAN
    if value == reference:
        return Status.ACHIEVED
    if meets(value, reference, direction):
        return Status.EXCEEDED
    if expected is not None and meets(value, expected, direction):
        return Status.ON_TRACK
    return Status.BEHIND


def expected_year_value(
    aggregation: Aggregation, plan: Decimal | None, quarter: int
) -> Decimal | None:
    """By the end of a quarter: the plan times the share of the year elapsed for sums, the
    plan itself otherwise. For targets not reported every quarter, pass the last quarter in
    which a figure was due (last_due_quarter)."""
    if plan is None:
        return None
    if aggregation == Aggregation.SUM:
        return plan * year_elapsed_share(quarter)
    return plan


def expected_term_value(
    aggregation: Aggregation,
    baseline: Decimal | None,
    term_target: Decimal | None,
    start_year: int,
    end_year: int,
    year: int,
    quarter: int,
) -> Decimal | None:
    """The straight line from the baseline at the start of the term to the target at its end.

    Sums start from 0; a target without a baseline also starts from 0.
    """
    if term_target is None:
        return None
    start = Decimal(0) if aggregation == Aggregation.SUM or baseline is None else baseline
    share = term_elapsed_share(start_year, end_year, year, quarter)
    return start + (term_target - start) * share


# --- one target ----------------------------------------------------------------------------


def progress(target: TargetFigures, year: int, quarter: int) -> Progress:
    """A target's progress at the end of (year, quarter), from its figures up to then and the
    term target and plans in force then."""
    validate_moment(target.start_year, target.end_year, year, quarter)
    aggregation = Aggregation(target.aggregation)
    direction = Direction(target.direction)
    figures = target.figures
    shows_pct = direction == Direction.UP
    is_ratio = aggregation == Aggregation.RATIO
    # Targets reported every half-year or year are measured against the last quarter in which
    # a figure was due, not the calendar (a yearly target is not behind in June).
    due = last_due_quarter(target.frequency, quarter)

    # Which quarters count, found once and shared by the year value, the term value and the
    # estimate mark (figures after the moment or before the term are left out).
    reported = _reported_quarters(figures, target.start_year, year, quarter)
    values = _year_values(aggregation, reported, figures)
    current = values.get(year)
    plans = plans_at(target, year, quarter)
    plan = plans.get(year)
    term_target = term_target_at(target, year, quarter)
    expected_year = expected_year_value(aggregation, plan, due)

    term_exact = _term_from_year_values(aggregation, values)
    expected_term = expected_term_value(
        aggregation,
        target.baseline,
        term_target,
        target.start_year,
        target.end_year,
        year,
        due,
    )

    plan_to_date = None
    pct_to_date = None
    if aggregation == Aggregation.SUM:
        plan_to_date = to_date_plan(plans, target.start_year, year)
        if shows_pct:
            pct_to_date = percent(term_exact, plan_to_date)

    annual_status = classify(current, plan, expected_year, direction)
    if current is None and due == 0:
        annual_status = Status.NOT_DUE
    term_status = classify(term_exact, term_target, expected_term, direction)
    if term_exact is None and year == target.start_year and due == 0:
        term_status = Status.NOT_DUE

    year_counts = term_counts = None
    if is_ratio:
        if year in reported:
            year_counts = target.counts.get(reported[year][-1])
        if reported:
            term_counts = target.counts.get(reported[max(reported)][-1])

    contributing = _contributing_keys(aggregation, reported, year)
    plan_revision = _revision_in_force(target.revisions, year, year, quarter)
    term_revision = _revision_in_force(target.revisions, None, year, quarter)
    in_force = [each for each in (plan_revision, term_revision) if each is not None]
    latest_revision = max(
        in_force, key=lambda each: (each.from_year, each.from_quarter), default=None
    )
    if term_exact is None:
        term_value_shown = None
    elif is_ratio:
        term_value_shown = round_pct(term_exact)
    else:
        term_value_shown = _round_value(term_exact)
    return Progress(
        year_value=round_pct(current) if is_ratio and current is not None else current,
        annual_plan=plan,
        annual_pct=percent(current, plan) if shows_pct else None,
        annual_status=annual_status,
        expected_year_value=expected_year,
        term_value=term_value_shown,
        term_target=term_target,
        term_pct=percent(term_exact, term_target) if shows_pct else None,
        term_status=term_status,
        expected_term_value=expected_term,
        to_date_plan=plan_to_date,
        to_date_pct=pct_to_date,
        estimate=bool(contributing & target.estimates),
        year_counts=year_counts,
        term_counts=term_counts,
        revised=latest_revision is not None,
        original_term_target=target.term_target if term_revision is not None else None,
        original_annual_plan=target.plans.get(year) if plan_revision is not None else None,
        revision_basis=latest_revision.basis if latest_revision is not None else None,
        term_target_basis=term_revision.basis if term_revision is not None else None,
        annual_plan_basis=plan_revision.basis if plan_revision is not None else None,
    )


def quarterly_series(
    target: TargetFigures, year: int, quarter: int
) -> list[tuple[int, int, Decimal | None]]:
    """Each quarter of the term up to the moment with its figure (None where missing): the
    data of a trend line."""
    series = []
    for each_year in range(target.start_year, year + 1):
        last = quarter if each_year == year else QUARTERS_PER_YEAR
        for each_quarter in range(1, last + 1):
            series.append((each_year, each_quarter, target.figures.get((each_year, each_quarter))))
    return series


def year_values(target: TargetFigures, year: int, quarter: int) -> dict[int, Decimal]:
    """Each year of the term up to the moment that has figures, with its year value (the
    columns of a mid-term review). Ratios are percentages with one decimal, as shown."""
    reported = _reported_quarters(target.figures, target.start_year, year, quarter)
    values = _year_values(Aggregation(target.aggregation), reported, target.figures)
    if target.aggregation == Aggregation.RATIO:
        return {each: round_pct(value) for each, value in values.items()}
    return values


def year_counts(target: TargetFigures, year: int, quarter: int) -> dict[int, Counts]:
    """For a ratio target, the counts behind each year's value up to the moment."""
    reported = _reported_quarters(target.figures, target.start_year, year, quarter)
    return {
        each: target.counts[keys[-1]]
        for each, keys in reported.items()
        if keys[-1] in target.counts
    }


def annual_percent(
    target: TargetFigures, value: Decimal | None, year: int, at: tuple[int, int] | None = None
) -> Decimal | None:
    """A year's value against that year's plan in force at the moment `at` (by default the
    end of that year), as the annual % (None for lower-is-better targets, whose % is not
    shown)."""
    if Direction(target.direction) != Direction.UP:
        return None
    moment = at or (year, QUARTERS_PER_YEAR)
    return percent(value, plans_at(target, *moment).get(year))


@dataclass(frozen=True)
class TimelinePoint:
    """One quarter of a target's history: its own figure and its progress at that moment."""

    year: int
    quarter: int
    figure: Decimal | None
    estimate: bool
    progress: Progress
    counts: Counts | None = None  # a ratio figure's counts
    due: bool = True  # whether a figure was due in this quarter


def timeline(target: TargetFigures, year: int, quarter: int) -> list[TimelinePoint]:
    """The progress at the end of every quarter of the term up to the moment: the data of the
    target detail chart (figures, year values, plans, expected lines)."""
    return [
        TimelinePoint(
            year=each_year,
            quarter=each_quarter,
            figure=_shown_figure(target, figure),
            estimate=(each_year, each_quarter) in target.estimates,
            progress=progress(target, each_year, each_quarter),
            counts=target.counts.get((each_year, each_quarter)),
            due=is_due(target.frequency, each_quarter),
        )
        for each_year, each_quarter, figure in quarterly_series(target, year, quarter)
    ]


def _shown_figure(target: TargetFigures, figure: Decimal | None) -> Decimal | None:
    if figure is not None and target.aggregation == Aggregation.RATIO:
        return round_pct(figure)
    return figure


def bar_share(item: Progress) -> Decimal | None:
    """How full a progress bar is, 0 to 100: the term % (the to-date % for sums, which is what
    the term should have reached by now), else the annual %; None where no % is shown."""
    candidates = (item.to_date_pct, item.term_pct, item.annual_pct)
    pct = next((value for value in candidates if value is not None), None)
    if pct is None:
        return None
    return min(max(pct, Decimal(0)), HUNDRED)


# --- many targets --------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCounts:
    """Counts by status; `achieved` includes `exceeded`, as the reports count them."""

    achieved: int = 0
    exceeded: int = 0
    on_track: int = 0
    behind: int = 0
    no_data: int = 0
    no_plan: int = 0
    not_due: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "achieved": self.achieved,
            "exceeded": self.exceeded,
            "on_track": self.on_track,
            "behind": self.behind,
            "no_data": self.no_data,
            "no_plan": self.no_plan,
            "not_due": self.not_due,
        }


def count_statuses(statuses: Iterable[Status]) -> StatusCounts:
    counts = dict.fromkeys(StatusCounts().as_dict(), 0)
    for status in statuses:
        if status in (Status.ACHIEVED, Status.EXCEEDED):
            counts["achieved"] += 1
        if status != Status.ACHIEVED:
            counts[str(status)] += 1
    return StatusCounts(**counts)


@dataclass(frozen=True)
class Summary:
    targets: int
    annual: StatusCounts
    term: StatusCounts

    def as_dict(self) -> dict:
        return {
            "targets": self.targets,
            "annual": self.annual.as_dict(),
            "term": self.term.as_dict(),
        }


def summarize(progresses: Sequence[Progress]) -> Summary:
    """ "15/15 chỉ tiêu đạt, trong đó 7 chỉ tiêu vượt": counts for the year and for the term."""
    return Summary(
        targets=len(progresses),
        annual=count_statuses(item.annual_status for item in progresses),
        term=count_statuses(item.term_status for item in progresses),
    )


def combine(summaries: Iterable[Summary]) -> Summary:
    """The totals row of an overview: the counts of several committees added up."""
    summaries = list(summaries)

    def added(part: str) -> StatusCounts:
        totals = dict.fromkeys(StatusCounts().as_dict(), 0)
        for summary in summaries:
            for key, count in getattr(summary, part).as_dict().items():
                totals[key] += count
        return StatusCounts(**totals)

    return Summary(
        targets=sum(summary.targets for summary in summaries),
        annual=added("annual"),
        term=added("term"),
    )


def own_counts(counts: StatusCounts) -> dict[Status, int]:
    """Each status's own count, "achieved" without the exceeded: every target is counted once,
    so the counts add up to the number of targets."""
    own = {Status(key): value for key, value in counts.as_dict().items()}
    own[Status.ACHIEVED] -= counts.exceeded
    return own


def share_of(count: int, total: int) -> Decimal | None:
    """A count as a percentage of a total, one decimal; None for no total."""
    return percent(Decimal(count), Decimal(total))


def share_achieved(counts: StatusCounts, total: int) -> Decimal | None:
    """Achieved (including exceeded) as a percentage of the targets, one decimal."""
    if total == 0:
        return None
    return percent(Decimal(counts.achieved), Decimal(total))


# --- roll-up of a parent target ------------------------------------------------------------

_STATUS_RANK = {
    Status.EXCEEDED: 0,
    Status.ACHIEVED: 1,
    Status.ON_TRACK: 2,
    Status.BEHIND: 3,
    Status.NO_PLAN: 4,
    Status.NOT_DUE: 5,
    Status.NO_DATA: 6,
}
HOLDING_BACK = frozenset({Status.BEHIND, Status.NO_DATA})


@dataclass(frozen=True)
class Contribution:
    """One committee's child target under a parent target."""

    committee: str
    progress: Progress


@dataclass(frozen=True)
class Rollup:
    """A parent target seen through its children.

    For sums, the totals of the children's year and term values; for ratios, the children's
    counts added up and their percentage; for the others no total (the children's values are
    listed, not added up).
    """

    year_total: Decimal | None
    term_total: Decimal | None
    contributions: tuple[Contribution, ...]
    holding_back: tuple[str, ...]
    year_counts: Counts | None = None
    term_counts: Counts | None = None


def _total(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [value for value in values if value is not None]
    return sum(present, Decimal(0)) if present else None


def rollup(
    aggregation: Aggregation, direction: Direction, contributions: Sequence[Contribution]
) -> Rollup:
    """Totals (for sums), the children ranked best first, and the committees holding it back
    (behind, or not reported, for the year or the term)."""
    aggregation = Aggregation(aggregation)
    sign = Decimal(-1) if Direction(direction) == Direction.UP else Decimal(1)

    def rank(item: Contribution):
        value = item.progress.term_value
        return (
            _STATUS_RANK[item.progress.term_status],
            value is None,
            sign * value if value is not None else Decimal(0),
            item.committee,
        )

    ranked = tuple(sorted(contributions, key=rank))
    is_sum = aggregation == Aggregation.SUM
    year_total = _total(item.progress.year_value for item in ranked) if is_sum else None
    term_total = _total(item.progress.term_value for item in ranked) if is_sum else None
    year_sum = term_sum = None
    if aggregation == Aggregation.RATIO:
        year_sum = add_counts(item.progress.year_counts for item in ranked)
        term_sum = add_counts(item.progress.term_counts for item in ranked)
        year_total, term_total = counts_pct(year_sum), counts_pct(term_sum)
    return Rollup(
        year_total=year_total,
        term_total=term_total,
        year_counts=year_sum,
        term_counts=term_sum,
        contributions=ranked,
        holding_back=tuple(
            item.committee
            for item in ranked
            if item.progress.annual_status in HOLDING_BACK
            or item.progress.term_status in HOLDING_BACK
        ),
    )


# --- rendering -----------------------------------------------------------------------------

# How many decimals a value is shown with, by its unit: percentages and rates need at most two,
# money in tỷ (billions of đồng) at most one; other units keep what the figures carry.
RATE_PLACES = 2
BILLIONS_PLACES = 1


def display_places(unit: str) -> int | None:
    """The most decimals a value in this unit is shown with, or None for as stored."""
    words = unit.strip().casefold()
    if "%" in words or "‰" in words or words.startswith("tỷ lệ") or words.startswith("lần"):
        return RATE_PLACES
    if words.startswith("tỷ"):
        return BILLIONS_PLACES
    return None


def displayed(value: Decimal, unit: str) -> Decimal:
    """A value rounded (half up) to the precision its unit needs, without trailing zeros:
    13.5067 % -> 13.51, 21180.212 tỷ đồng -> 21180.2, 1234 người -> 1234."""
    places = display_places(unit)
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return value.normalize()


def decimal_text(value: Decimal) -> str:
    """A decimal written exactly, without exponent or trailing zeros: 12993.0000 -> 12993."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


# --- review ----------------------------------------------------------------------------------

# A figure that moves by more than this share from the previous quarter is flagged for review.
LARGE_CHANGE_PCT = Decimal(50)


def change_pct(previous: Decimal | None, current: Decimal | None) -> Decimal | None:
    """How much a figure moved from the previous quarter, in % of the previous one (one
    decimal); None without both figures or from zero."""
    if previous is None or current is None or previous == 0:
        return None
    return round_pct((current - previous) / abs(previous) * HUNDRED)


def is_large_change(previous: Decimal | None, current: Decimal | None) -> bool:
    """Flag for the reviewer: a move beyond LARGE_CHANGE_PCT, or a figure appearing from 0."""
    if previous is not None and current is not None and previous == 0:
        return current != 0
    pct = change_pct(previous, current)
    return pct is not None and abs(pct) > LARGE_CHANGE_PCT


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, QUARTERS_PER_YEAR)


@dataclass(frozen=True)
class ReviewFlags:
    """What deserves a reviewer's look in a submitted quarter: how many of its targets have no
    figure, carry an estimate, repeat last quarter's figure, or moved by more than
    LARGE_CHANGE_PCT from it."""

    missing: int = 0
    estimates: int = 0
    unchanged: int = 0
    large_changes: int = 0

    @property
    def any(self) -> bool:
        return bool(self.missing or self.estimates or self.unchanged or self.large_changes)


def review_flags(
    due: Iterable[object],
    figures: Mapping[object, tuple[Decimal, bool]],
    previous: Mapping[object, Decimal],
) -> ReviewFlags:
    """The flags of one quarter: `due` are the targets asked for in it, `figures` their figures
    as (value, is_estimate) and `previous` the previous quarter's figures, by target."""
    due = set(due)
    values = {key: figures[key] for key in due if key in figures}
    return ReviewFlags(
        missing=len(due) - len(values),
        estimates=sum(1 for _value, estimate in values.values() if estimate),
        unchanged=sum(
            1 for key, (value, _estimate) in values.items() if previous.get(key) == value
        ),
        large_changes=sum(
            1
            for key, (value, _estimate) in values.items()
            if is_large_change(previous.get(key), value)
        ),
    )


# --- trend of the share achieved -------------------------------------------------------------

TREND_QUARTERS = 8  # the quarters a trend looks back over, the moment's included


def trend_quarters(
    start_year: int, year: int, quarter: int, count: int = TREND_QUARTERS, start_quarter: int = 1
) -> list[tuple[int, int]]:
    """The last `count` quarters of a term up to the moment, oldest first, from the term's
    start quarter at the earliest (the quarters it reports)."""
    quarters = [(year, quarter)]
    while len(quarters) < count:
        previous = previous_quarter(*quarters[-1])
        if previous < (start_year, start_quarter):
            break
        quarters.append(previous)
    return quarters[::-1]


@dataclass(frozen=True)
class TrendPoint:
    """The share achieved (exceeded included) at the end of one quarter, for the year and for
    the term."""

    year: int
    quarter: int
    annual_share: Decimal | None
    term_share: Decimal | None


def share_trend(summaries: Iterable[tuple[tuple[int, int], Summary]]) -> list[TrendPoint]:
    """The share achieved quarter by quarter, from the counts at each quarter."""
    return [
        TrendPoint(
            year=year,
            quarter=quarter,
            annual_share=share_achieved(summary.annual, summary.targets),
            term_share=share_achieved(summary.term, summary.targets),
        )
        for (year, quarter), summary in summaries
    ]

"""One target at one moment: its Progress (values, plans, percentages, statuses, revisions)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from targets.progress.inputs import (
    HUNDRED,
    QUARTERS_PER_YEAR,
    Aggregation,
    Counts,
    Direction,
    TargetFigures,
)
from targets.progress.quarters import last_due_quarter, validate_moment
from targets.progress.revisions import in_force_over, plans_at, revision_in_force, term_target_at
from targets.progress.statuses import (
    Status,
    classify_each,
    expected_term_value,
    expected_term_values,
    expected_year_value,
    expected_year_values,
    meeting,
    percent,
    round_pct,
)
from targets.progress.values import (
    contributing_keys,
    reported_quarters,
    round_value,
    term_from_year_values,
    to_date_plan,
    year_value_with,
)


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


Moment = tuple[int, int]


def progress(target: TargetFigures, year: int, quarter: int) -> Progress:
    """A target's progress at the end of (year, quarter), from its figures up to then and the
    term target and plans in force then."""
    return progress_over(target, [(year, quarter)])[0]


def progress_over(target: TargetFigures, moments: Sequence[Moment]) -> list[Progress]:
    """The target's progress at each of these moments (in their order), as progress() at each
    of them, from one pass over its figures: a page that shows a moment and the quarters
    before it (a trend) reads the figures once."""
    aggregation = Aggregation(target.aggregation)
    direction = Direction(target.direction)
    ordered, places = _ordered(target.start_year, target.end_year, tuple(moments))
    found = []
    for (year, quarter), reported, values in _walk(target, aggregation, ordered):
        plans = plans_at(target, year, quarter)
        # Targets reported every half-year or year are measured against the last quarter in
        # which a figure was due, not the calendar (a yearly target is not behind in June).
        due = last_due_quarter(target.frequency, quarter)
        term_exact = term_from_year_values(aggregation, values)
        found.append(
            Progress(
                **_year_part(aggregation, direction, values.get(year), plans.get(year), due),
                **_term_part(
                    target, aggregation, direction, term_exact, plans, (year, quarter), due
                ),
                **_counts_part(target, reported, year),
                **_revisions_part(target, year, quarter),
                estimate=bool(contributing_keys(aggregation, reported, year) & target.estimates),
            )
        )
    return [found[place] for place in places]


def statuses_over(target: TargetFigures, moments: Sequence[Moment]) -> list[tuple[Status, Status]]:
    """The target's annual and term status at each of these moments (in their order): the
    statuses progress_over() gives, without the rest of its Progress (what counts by status
    need, for a trend of many targets), nor the values expected by then unless a status
    depends on them."""
    annual, term = statuses_apart_over(target, moments)
    return list(zip(annual, term, strict=True))


def statuses_apart_over(
    target: TargetFigures, moments: Sequence[Moment]
) -> tuple[list[Status], list[Status]]:
    """statuses_over() as two lists, the annual statuses and the term statuses (what counts
    by status add up, moment by moment, without a pair per target and moment)."""
    aggregation = Aggregation(target.aggregation)
    reaches = meeting(target.direction)
    ordered, places = _ordered(target.start_year, target.end_year, tuple(moments))
    currents, term_values = _values_over(target, aggregation, ordered)
    plans, term_targets = in_force_over(target, ordered)
    dues = _dues(target.frequency, ordered)
    annual = _year_statuses(aggregation, reaches, currents, plans, dues)
    term = _term_statuses(target, aggregation, reaches, term_values, term_targets, ordered, dues)
    if places == _IN_ORDER[len(places)]:
        return annual, term
    return [annual[place] for place in places], [term[place] for place in places]


@lru_cache(maxsize=1024)  # the same few moments for every target of a page
def _ordered(
    start_year: int, end_year: int, moments: tuple[Moment, ...]
) -> tuple[tuple[Moment, ...], tuple[int, ...]]:
    """The moments checked (ValueError for one outside the term), once each, earliest first,
    and where each of the moments asked for is among them."""
    for moment in moments:
        validate_moment(start_year, end_year, *moment)
    ordered = tuple(sorted(set(moments)))
    return ordered, tuple(ordered.index(moment) for moment in moments)


class _InOrder(dict):
    """(0, 1, ..., n - 1) by n: the places of moments asked for once each, in order."""

    def __missing__(self, count: int) -> tuple[int, ...]:
        self[count] = places = tuple(range(count))
        return places


_IN_ORDER = _InOrder()


@lru_cache(maxsize=1024)
def _years(moments: tuple[Moment, ...]) -> tuple[int, ...]:
    return tuple(year for year, _quarter in moments)


@lru_cache(maxsize=1024)
def _dues(frequency: str, moments: tuple[Moment, ...]) -> tuple[int, ...]:
    """last_due_quarter() at each of the moments."""
    return tuple(last_due_quarter(frequency, quarter) for _year, quarter in moments)


@lru_cache(maxsize=4096)  # most targets of a page have figures in the same quarters
def _counted(keys: tuple[Moment, ...], start_year: int, end_year: int) -> tuple[Moment, ...]:
    """The quarters among `keys` whose figures count in the term, in order (as
    reported_quarters reads them)."""
    reported = reported_quarters(dict.fromkeys(keys), start_year, end_year, QUARTERS_PER_YEAR)
    return tuple(key for year_keys in reported.values() for key in year_keys)


def _walk(
    target: TargetFigures, aggregation: Aggregation, moments: Sequence[Moment]
) -> Iterator[tuple[Moment, dict[int, list[Moment]], dict[int, Decimal]]]:
    """Each of the moments (checked, once each, earliest first: _ordered) with the quarters
    that count at it (reported_quarters) and the year values they make (values_by_year), found
    by reading the figures once, forward. Both are updated in place for the next moment: use
    them before asking for it."""
    figures = target.figures
    pending = _counted(tuple(figures), target.start_year, target.end_year)
    reported: dict[int, list[Moment]] = {}
    values: dict[int, Decimal] = {}
    position, count = 0, len(pending)
    for moment in moments:
        while position < count and pending[position] <= moment:
            key = pending[position]
            each_year = key[0]
            if each_year in reported:
                reported[each_year].append(key)
            else:
                reported[each_year] = [key]
            values[each_year] = year_value_with(aggregation, values.get(each_year), figures[key])
            position += 1
        yield moment, reported, values


def _values_over(
    target: TargetFigures, aggregation: Aggregation, moments: Sequence[Moment]
) -> tuple[list[Decimal | None], list[Decimal | None]]:
    """_walk() without the quarters that count (statuses need the values alone): at each of
    the moments, the value of its year and the exact term value, from one pass over the
    figures. The term value is made again only when a figure was counted since the moment
    before."""
    figures = target.figures
    pending = _counted(tuple(figures), target.start_year, target.end_year)
    values: dict[int, Decimal] = {}
    currents: list[Decimal | None] = []
    term_values: list[Decimal | None] = []
    term_exact = None
    position, count = 0, len(pending)
    for moment in moments:
        start = position
        while position < count and pending[position] <= moment:
            key = pending[position]
            values[key[0]] = year_value_with(aggregation, values.get(key[0]), figures[key])
            position += 1
        if position > start:
            term_exact = term_from_year_values(aggregation, values)
        currents.append(values.get(moment[0]))
        term_values.append(term_exact)
    return currents, term_values


def _year_statuses(
    aggregation: Aggregation,
    reaches: Callable[[Decimal, Decimal], bool],
    currents: Sequence[Decimal | None],
    plans: Sequence[Decimal | None],
    dues: Sequence[int],
) -> list[Status]:
    """The year's status at each moment, its year's value (`currents`) against the plan in
    force (`reaches`: meeting(direction); `dues`: last_due_quarter at each); the value
    expected by then is computed only where it decides."""
    statuses = classify_each(
        currents,
        plans,
        reaches,
        lambda: expected_year_values(aggregation, plans, dues),
    )
    if 0 in dues:  # nothing due yet in the year: a missing value is not due, not missing
        return [
            Status.NOT_DUE if due == 0 and status is Status.NO_DATA else status
            for status, due in zip(statuses, dues, strict=True)
        ]
    return statuses


def _term_statuses(
    target: TargetFigures,
    aggregation: Aggregation,
    reaches: Callable[[Decimal, Decimal], bool],
    term_values: Sequence[Decimal | None],
    term_targets: Sequence[Decimal | None],
    moments: tuple[Moment, ...],
    dues: tuple[int, ...],
) -> list[Status]:
    """The term's status at each moment, its exact term value against the term target in
    force (`reaches`: meeting(direction); `dues`: last_due_quarter at each); the value
    expected by then is computed only where it decides."""
    baseline, start_year, end_year = target.baseline, target.start_year, target.end_year
    statuses = classify_each(
        term_values,
        term_targets,
        reaches,
        lambda: expected_term_values(
            aggregation,
            baseline,
            term_targets,
            start_year,
            end_year,
            _years(moments),
            dues,
        ),
    )
    if 0 in dues:  # nothing due yet in the term's first year: not due, not missing
        return [
            Status.NOT_DUE
            if due == 0 and status is Status.NO_DATA and year == start_year
            else status
            for status, due, (year, _quarter) in zip(statuses, dues, moments, strict=True)
        ]
    return statuses


def _expected_term(
    target: TargetFigures,
    aggregation: Aggregation,
    term_target: Decimal | None,
    year: int,
    due: int,
) -> Decimal | None:
    return expected_term_value(
        aggregation, target.baseline, term_target, target.start_year, target.end_year, year, due
    )


def _year_part(
    aggregation: Aggregation,
    direction: Direction,
    current: Decimal | None,
    plan: Decimal | None,
    due: int,
) -> dict:
    """The year's value against the year's plan."""
    (annual_status,) = _year_statuses(aggregation, meeting(direction), [current], [plan], (due,))
    expected_year = expected_year_value(aggregation, plan, due)
    is_ratio = aggregation == Aggregation.RATIO
    return {
        "year_value": round_pct(current) if is_ratio and current is not None else current,
        "annual_plan": plan,
        "annual_pct": percent(current, plan) if direction == Direction.UP else None,
        "annual_status": annual_status,
        "expected_year_value": expected_year,
    }


def _term_part(
    target: TargetFigures,
    aggregation: Aggregation,
    direction: Direction,
    term_exact: Decimal | None,
    plans: dict[int, Decimal],
    moment: Moment,
    due: int,
) -> dict:
    """The term's value so far against the term target in force (and, for sums, against the
    plans of the years so far)."""
    year, quarter = moment
    shows_pct = direction == Direction.UP
    term_target = term_target_at(target, year, quarter)
    (term_status,) = _term_statuses(
        target, aggregation, meeting(direction), [term_exact], [term_target], (moment,), (due,)
    )
    expected_term = _expected_term(target, aggregation, term_target, year, due)
    plan_to_date = pct_to_date = None
    if aggregation == Aggregation.SUM:
        plan_to_date = to_date_plan(plans, target.start_year, year)
        if shows_pct:
            pct_to_date = percent(term_exact, plan_to_date)
    if term_exact is None:
        shown = None
    elif aggregation == Aggregation.RATIO:
        shown = round_pct(term_exact)
    else:
        shown = round_value(term_exact)
    return {
        "term_value": shown,
        "term_target": term_target,
        "term_pct": percent(term_exact, term_target) if shows_pct else None,
        "term_status": term_status,
        "expected_term_value": expected_term,
        "to_date_plan": plan_to_date,
        "to_date_pct": pct_to_date,
    }


def _counts_part(
    target: TargetFigures, reported: dict[int, list[tuple[int, int]]], year: int
) -> dict:
    """A ratio target's counts behind the year value and the term value (the latest figure)."""
    year_counts = term_counts = None
    if target.aggregation == Aggregation.RATIO:
        if year in reported:
            year_counts = target.counts.get(reported[year][-1])
        if reported:
            term_counts = target.counts.get(reported[max(reported)][-1])
    return {"year_counts": year_counts, "term_counts": term_counts}


def _revisions_part(target: TargetFigures, year: int, quarter: int) -> dict:
    """The revisions in force at the moment: the values they replaced and their bases."""
    plan_revision = revision_in_force(target.revisions, year, year, quarter)
    term_revision = revision_in_force(target.revisions, None, year, quarter)
    in_force = [each for each in (plan_revision, term_revision) if each is not None]
    latest = max(in_force, key=lambda each: (each.from_year, each.from_quarter), default=None)
    return {
        "revised": latest is not None,
        "original_term_target": target.term_target if term_revision is not None else None,
        "original_annual_plan": target.plans.get(year) if plan_revision is not None else None,
        "revision_basis": latest.basis if latest is not None else None,
        "term_target_basis": term_revision.basis if term_revision is not None else None,
        "annual_plan_basis": plan_revision.basis if plan_revision is not None else None,
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


def bar_share(item: Progress) -> Decimal | None:
    """How full a progress bar is, 0 to 100: the term % (the to-date % for sums, which is what
    the term should have reached by now), else the annual %; None where no % is shown."""
    candidates = (item.to_date_pct, item.term_pct, item.annual_pct)
    pct = next((value for value in candidates if value is not None), None)
    if pct is None:
        return None
    return min(max(pct, Decimal(0)), HUNDRED)

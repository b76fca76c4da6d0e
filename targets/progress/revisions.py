"""Revisions: which term target and annual plans are in force at a moment, and what each
revision replaced."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from targets.progress.inputs import Revision, TargetFigures


def revision_in_force(
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
    return _in_force(target, target.term_target, None, year, quarter)


def plan_at(target: TargetFigures, plan_year: int, year: int, quarter: int) -> Decimal | None:
    """The annual plan of `plan_year` in force at the end of (year, quarter): its original
    plan, or the latest revision of it in force by then."""
    return _in_force(target, target.plans.get(plan_year), plan_year, year, quarter)


def plans_at(target: TargetFigures, year: int, quarter: int) -> dict[int, Decimal]:
    """The annual plans in force at the end of (year, quarter), by year (plan_at of each)."""
    plans = dict(target.plans)
    for plan_year in {each.plan_year for each in target.revisions if each.plan_year is not None}:
        plans[plan_year] = plan_at(target, plan_year, year, quarter)
    return {plan_year: value for plan_year, value in plans.items() if value is not None}


def in_force_over(
    target: TargetFigures, moments: Sequence[tuple[int, int]]
) -> tuple[list[Decimal | None], list[Decimal | None]]:
    """At each of these moments (year, quarter): the plan of its year in force then, and the
    term target in force then (plan_at and term_target_at), as two lists."""
    if not target.revisions:  # most targets: nothing to look through
        plans = target.plans
        return [plans.get(year) for year, _quarter in moments], [target.term_target] * len(moments)
    return (
        [plan_at(target, year, year, quarter) for year, quarter in moments],
        [term_target_at(target, year, quarter) for year, quarter in moments],
    )


def _in_force(
    target: TargetFigures, original: Decimal | None, plan_year: int | None, year: int, quarter: int
) -> Decimal | None:
    if not target.revisions:  # most targets: nothing to look through
        return original
    revision = revision_in_force(target.revisions, plan_year, year, quarter)
    return original if revision is None else revision.value


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
    revision = revision_in_force(revisions, year, year, quarter)
    if revision is None:
        return PlanInForce(plan)
    return PlanInForce(revision.value, plan, revision.basis)

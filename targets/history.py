"""A target's change history, as its page and its admin history show it: every change of its
figures, its annual plans and its revisions (điều chỉnh), newest first, each with who made it,
when, the value it replaced and, for a revision, its basis."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from targets import progress as engine
from targets.models import AnnualPlan, Figure, Revision, Target


@dataclass(frozen=True)
class HistoryEntry:
    """One change of a figure, a plan or a revision: who, when, from which value to which."""

    when: datetime.datetime
    user: str
    subject: str  # a figure's "2/2021", a plan's year, a revision's first quarter "3/2026"
    kind: str  # "figure", "plan" or "revision"
    change: str  # "+" created, "~" changed, "-" deleted (simple_history's history_type)
    old_value: Decimal | None
    new_value: Decimal | None
    note: str  # a figure's note, a revision's basis
    plan_year: int | None = None  # a revision's plan year (None: the term target's)


def target_history(
    target: Target, revisions: list[engine.RevisionChange] | None = None
) -> list[HistoryEntry]:
    """Every change of the target's figures, plans and revisions, newest first: three queries,
    the previous value found by walking each record's versions. A revision's first version
    replaced the value in force before it (`revisions`, the engine's revision_changes)."""
    replaced = {
        (each.plan_year, each.from_year, each.from_quarter): each.original
        for each in revisions or ()
    }
    entries = []
    for kind, model in (("figure", Figure), ("plan", AnnualPlan), ("revision", Revision)):
        versions = (
            model.history.filter(target_id=target.pk)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        previous = None
        for version in versions:
            if previous is not None and previous.id == version.id:
                old = previous.value
            elif kind == "revision":
                old = replaced.get((version.plan_year, version.from_year, version.from_quarter))
            else:
                old = None
            entries.append(_entry(kind, version, old))
            previous = version
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _entry(kind: str, version, old: Decimal | None) -> HistoryEntry:
    if kind == "figure":
        subject = f"{version.quarter}/{version.year}"
    elif kind == "plan":
        subject = str(version.year)
    else:
        subject = f"{version.from_quarter}/{version.from_year}"
    return HistoryEntry(
        when=version.history_date,
        user=version.history_user.get_username() if version.history_user else "",
        subject=subject,
        kind=kind,
        change=version.history_type,
        old_value=old,
        new_value=None if version.history_type == "-" else version.value,
        note=version.basis if kind == "revision" else getattr(version, "note", ""),
        plan_year=getattr(version, "plan_year", None),
    )

"""One target's page: its figures and progress over the term, its history, and the children
that contribute to it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from districts.models import Committee, Term
from targets import progress as engine
from targets.history import HistoryEntry, target_history
from targets.models import Figure, Target
from targets.progress_cache import TermResults
from targets.selectors.committee import target_figures
from targets.selectors.terms import resolve_moment


@dataclass(frozen=True)
class ChildRow:
    target: Target
    committee: Committee
    progress: engine.Progress
    holding_back: bool = False


@dataclass(frozen=True)
class QuarterRow:
    """A quarter of the target detail's table: its point of the timeline and its stored figure
    (for the note), if any."""

    point: engine.TimelinePoint
    figure: Figure | None


@dataclass(frozen=True)
class TargetDetail:
    committee: Committee
    term: Term
    target: Target
    year: int
    quarter: int
    figures: engine.TargetFigures
    progress: engine.Progress
    timeline: list[engine.TimelinePoint]
    quarters: list[QuarterRow]
    history: list[HistoryEntry]
    children_ranked: list[ChildRow]
    rollup: engine.Rollup | None
    revisions: list[engine.RevisionChange] = ()


def target_detail(
    committee: Committee,
    term: Term,
    code: str,
    year: int | None = None,
    quarter: int | None = None,
    children: list[Target] | None = None,
) -> TargetDetail:
    """A target with its figures, its progress over the term, its history and (for a parent
    target) the children that contribute to it (children_of(), if already read). Raises
    Target.DoesNotExist."""
    target = Target.objects.for_detail(term, code).get()
    stored = list(target.figures.in_order())
    # The engine's figures of the term, cached: this target's, and the moment of the
    # committee's dashboard (the term's latest quarter with a figure).
    results = TermResults([term])
    figures = results.figures()[term.pk].get(target.pk)
    if figures is None:  # added since the term was read: from its own rows this once
        figures = target_figures(target, term, stored)
    year, quarter = resolve_moment(term, [results.reported()[term.pk]], year, quarter)
    timeline = engine.timeline(figures, year, quarter, start_quarter=term.start_quarter)
    by_quarter = {(m.year, m.quarter): m for m in stored}
    if children is None:
        children = children_of(term, code)
    rollup, ranked = _ranked(figures, _children(children, year, quarter))
    revisions = engine.revision_changes(figures)
    return TargetDetail(
        committee=committee,
        term=term,
        target=target,
        year=year,
        quarter=quarter,
        figures=figures,
        progress=engine.progress(figures, year, quarter),
        timeline=timeline,
        quarters=[
            QuarterRow(point=point, figure=by_quarter.get((point.year, point.quarter)))
            for point in timeline
        ],
        history=target_history(target, revisions),
        children_ranked=ranked,
        rollup=rollup,
        revisions=revisions,
    )


def _ranked(
    figures: engine.TargetFigures, children: list[ChildRow]
) -> tuple[engine.Rollup | None, list[ChildRow]]:
    """The parent target's roll-up over its children, and the children ranked best first with
    those holding it back marked; (None, []) without children."""
    if not children:
        return None, []
    rollup = engine.rollup(
        figures.aggregation,
        figures.direction,
        [engine.Contribution(child.committee.code, child.progress) for child in children],
    )
    by_code = {child.committee.code: child for child in children}
    ranked = [
        ChildRow(
            target=by_code[item.committee].target,
            committee=by_code[item.committee].committee,
            progress=item.progress,
            holding_back=item.committee in rollup.holding_back,
        )
        for item in rollup.contributions
    ]
    return rollup, ranked


def children_of(term: Term, code: str) -> list[Target]:
    """The targets of the committees below that contribute to the target `code` of `term`,
    with their terms and committees (the target page's key holds their data versions)."""
    return list(Target.objects.children_of(term, code))


def _children(children: list[Target], year: int, quarter: int) -> list[ChildRow]:
    """The children's progress at the same moment (children whose term does not contain the
    year are left out), from their committees' cached results."""
    children = [child for child in children if child.term.contains_year(year)]
    terms = list({child.term_id: child.term for child in children}.values())
    wanted = defaultdict(list)
    for child in children:
        wanted[child.term_id].append(child.pk)
    # Those targets alone: their committees' other targets are not on this page.
    progress = TermResults(terms).progress_of(year, quarter, wanted)
    return [
        ChildRow(
            target=child,
            committee=child.term.committee,
            progress=progress[child.term_id][child.pk],
        )
        for child in children
        if child.pk in progress[child.term_id]
    ]

"""The progress engine's results for one committee's term, kept in Django's cache.

Pages read a term's figures, and the engine's results at a moment, through `TermResults`.
Every entry is keyed by the term's `data_version`, which every write service moves forward
with `data_changed()` in the same transaction as its write (never a signal). A page therefore
never reads results older than the data it stands on, and a write never has to know which
entries exist: entries of older versions are simply never asked for again and expire.

Per term and data version:
- ``figures``: the engine's inputs (`TargetFigures`) of every target, by target id;
- ``reported``: the quarters with at least one figure, so a page can pick its moment cheaply;
- ``progress`` at a moment: the engine's `Progress` of every target, by target id;
- ``progress_of`` at a moment: the `Progress` of some of the targets (those an overview's heat
  map shows), by target id;
- ``summary`` at a moment: the engine's counts of that progress;
- ``summaries`` at the quarters of a trend: the counts at each (what an overview row needs: its
  moment is the trend's last quarter).

Only the engine computes: a miss is filled by calling it, never by arithmetic here. The cache
is local memory per process by default and Redis, shared by every app server, when REDIS_URL is
set (config/settings.py); the versions live in the database, so both are always correct.
"""

from __future__ import annotations

import gc
import hashlib
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from contextlib import contextmanager
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

from districts.models import Term
from targets import progress as engine
from targets.models import AnnualPlan, Figure, Programme, QuarterlyReport, Revision, Target

# Entries written by another version of the targets app (the engine, this module, the
# presenters) or of its templates, whose cached parts are keyed with this, are never read: a
# deployment that changes any of them starts from an empty cache, even a shared one.
# Kept pages hold the whole layout too (base.html, the header, the static files' names), so
# every template and every static source of the project counts.
_PACKAGE = Path(__file__).parent
_BASE = Path(settings.BASE_DIR)
_SOURCES = sorted(
    [
        # The engine is a package of its own now: every module of the app, at any depth.
        *_PACKAGE.rglob("*.py"),
        *(_BASE / "districts").rglob("*.py"),
        *(_BASE / "templates").rglob("*.html"),
        *(_BASE / "static").rglob("*.js"),
        *(_BASE / "static").rglob("*.css"),
    ]
)
CODE_VERSION = hashlib.sha256(b"".join(path.read_bytes() for path in _SOURCES)).hexdigest()[:12]
TIMEOUT = 24 * 60 * 60  # seconds; versions keep entries correct, this only frees memory

Moment = tuple[int, int]
TermFigures = dict[int, engine.TargetFigures]  # by target id
# A target's row as the engine needs it: id, term id, aggregation, direction, frequency,
# baseline, target.
TargetFacts = tuple[int, int, str, str, str, object, object]


def data_changed(term_ids: Iterable[int]) -> None:
    """Move the data version of these terms forward: their cached results are not read again.

    Every write service calls this inside its transaction, for every term whose targets,
    plans, figures or reports it wrote (or deleted).
    """
    ids = sorted({pk for pk in term_ids if pk is not None})
    if ids:
        Term.objects.filter(pk__in=ids).data_changed()


def terms_of(objects: Iterable) -> set[int]:
    """The ids of the terms whose data these rows are part of (committees, terms, programmes,
    targets, plans, figures, revisions, reports), for data_changed() after an admin write."""
    objects = list(objects)
    ids = Term.objects.ids_of(objects)
    targets = set()
    for obj in objects:
        if isinstance(obj, (Programme, Target, QuarterlyReport)):
            ids.add(obj.term_id)
        elif isinstance(obj, (AnnualPlan, Figure, Revision)):
            targets.add(obj.target_id)
    if targets:
        ids.update(Target.objects.filter(pk__in=targets).values_list("term_id", flat=True))
    return ids


def _key(kind: str, term: Term, *extra) -> str:
    parts = [kind, str(term.pk), str(term.data_version), *map(str, extra)]
    return f"progress:{CODE_VERSION}:{':'.join(parts)}"


def part_key(kind: str, term: Term, facts: tuple) -> str:
    """The key of something kept for the term's data version and `facts` (hashed)."""
    return _key(kind, term, hashlib.sha256(repr(facts).encode()).hexdigest()[:32])


def cached_part[T](kind: str, term: Term, facts: tuple, render: Callable[[], T]) -> T:
    """A part of a page that follows from the term's data and from `facts` (everything else
    it shows: the moment asked for, the date, the language, the user's rights there), rendered
    once per data version and kept. `facts` are hashed into the key: give every one, as a part
    kept for one user's rights is shown to everyone with the same facts."""
    key = part_key(kind, term, facts)
    value = cache.get(key)
    if value is None:
        value = render()
        cache.set(key, value, TIMEOUT)
    return value


class TermResults:
    """The cached figures and results of some terms, fetched at most once per page.

    `targets` may hold target rows already loaded by the caller (TargetFacts), which saves the
    query for them when the figures are not cached. Without `keep_figures` the figures loaded
    are not stored (an overview of many committees needs only their summaries, and storing
    tens of thousands of figures would cost more than it saves).
    """

    def __init__(
        self,
        terms: Sequence[Term],
        targets: Sequence[TargetFacts] | None = None,
        keep_figures: bool = True,
    ):
        self.terms = list(terms)
        self._targets = targets
        self._keep_figures = keep_figures
        self._figures: dict[int, TermFigures] | None = None
        self._reported: dict[int, frozenset[Moment]] | None = None
        # Counts at the moments of a trend computed (or read) for this page, by term id.
        self._over: dict[int, dict[Moment, engine.Summary]] = {}

    def subset(self, terms: Sequence[Term]) -> TermResults:
        """These results for some of the terms (the rows a page shows), with what this page
        has already loaded of them, so that nothing is read twice."""
        part = TermResults(terms, self._targets, self._keep_figures)
        ids = [term.pk for term in terms]
        if self._figures is not None:
            part._figures = {pk: self._figures[pk] for pk in ids}
        if self._reported is not None:
            part._reported = {pk: self._reported[pk] for pk in ids}
        part._over = {pk: self._over[pk] for pk in ids if pk in self._over}
        return part

    def figures(self) -> dict[int, TermFigures]:
        """The engine's inputs of every target of each term, by term id, then target id."""
        if self._figures is None:
            with without_cycle_collection():
                self._figures = self._cached(
                    "figures",
                    (),
                    lambda missing: _load_figures(missing, self._targets),
                    store=self._keep_figures,
                )
        return self._figures

    def reported(self, load_figures: bool = False) -> dict[int, frozenset[Moment]]:
        """The quarters with at least one figure, by term id. When they are not cached, one
        query finds them, or with `load_figures` (for a page that needs the figures on a miss
        anyway) they come from the figures."""
        if self._reported is None:
            if self._figures is not None:
                self._reported = {pk: _reported(figures) for pk, figures in self._figures.items()}
            elif load_figures:
                self._reported = self._cached(
                    "reported",
                    (),
                    lambda missing: {
                        pk: _reported(figures) for pk, figures in self._figures_of(missing)
                    },
                )
            else:
                self._reported = self._cached("reported", (), _load_reported)
        return self._reported

    def progress(self, year: int, quarter: int) -> dict[int, dict[int, engine.Progress]]:
        """Every target's progress at the moment, by term id, then target id."""

        def compute(missing: list[Term]) -> dict[int, dict[int, engine.Progress]]:
            return {
                pk: {
                    target_id: engine.progress(item, year, quarter)
                    for target_id, item in figures.items()
                }
                for pk, figures in self._figures_of(missing)
            }

        return self._cached("progress", (year, quarter), compute)

    def progress_of(
        self, year: int, quarter: int, wanted: dict[int, Collection[int]]
    ) -> dict[int, dict[int, engine.Progress]]:
        """The progress at the moment of some of the targets (`wanted`: their ids by term id,
        for each term of these results), by term id, then target id: a page that shows a few
        targets of many committees computes and keeps only theirs."""
        ids = {term.pk: sorted(wanted.get(term.pk, ())) for term in self.terms}

        def compute(missing: list[Term]) -> dict[int, dict[int, engine.Progress]]:
            return {
                pk: {
                    target_id: engine.progress(figures[target_id], year, quarter)
                    for target_id in ids[pk]
                    if target_id in figures
                }
                for pk, figures in self._figures_of(missing)
            }

        return self._cached(
            "progress_of", lambda term: (year, quarter, _digest(ids[term.pk])), compute
        )

    def summaries(self, year: int, quarter: int) -> dict[int, engine.Summary]:
        """Each term's counts by status at the moment, by term id (from the trend this page
        has already computed, if it holds the moment)."""
        if all((year, quarter) in self._over.get(term.pk, {}) for term in self.terms):
            return {term.pk: self._over[term.pk][year, quarter] for term in self.terms}

        def compute(missing: list[Term]) -> dict[int, engine.Summary]:
            return {
                pk: engine.summaries_over(figures.values(), [(year, quarter)])[0]
                for pk, figures in self._figures_of(missing)
            }

        return self._cached("summary", (year, quarter), compute)

    def summaries_over(self, moments: Sequence[Moment]) -> dict[int, dict[Moment, engine.Summary]]:
        """Each term's counts at each of these moments (a trend), by term id: one cache entry
        per term for all of them, filled by the engine from one pass over each target's
        figures."""

        def compute(missing: list[Term]) -> dict[int, dict[Moment, engine.Summary]]:
            return {
                pk: dict(
                    zip(moments, engine.summaries_over(figures.values(), moments), strict=True)
                )
                for pk, figures in self._figures_of(missing)
            }

        with without_cycle_collection():
            found = self._cached(
                "summaries", tuple(f"{year}-{quarter}" for year, quarter in moments), compute
            )
        for pk, summaries in found.items():
            self._over.setdefault(pk, {}).update(summaries)
        return found

    def _figures_of(self, terms: list[Term]) -> Iterable[tuple[int, TermFigures]]:
        """The figures of some of the terms, from what this page already has if it can."""
        if self._figures is not None:
            return ((term.pk, self._figures[term.pk]) for term in terms)
        if len(terms) == len(self.terms):
            return self.figures().items()
        loaded = TermResults(terms, self._targets, self._keep_figures).figures()
        return loaded.items()

    def _cached(self, kind: str, extra: tuple | Callable, compute, store: bool = True) -> dict:
        """Each term's entry of this kind, from the cache or, for the terms missing there,
        computed; `extra` is the rest of the key, or a function giving it for a term."""
        keys = {
            term.pk: _key(kind, term, *(extra(term) if callable(extra) else extra))
            for term in self.terms
        }
        found = cache.get_many(keys.values()) if keys else {}
        values = {pk: found[key] for pk, key in keys.items() if key in found}
        missing = [term for term in self.terms if term.pk not in values]
        if missing:
            computed = compute(missing)
            if store:
                cache.set_many({keys[pk]: value for pk, value in computed.items()}, TIMEOUT)
            values.update(computed)
        return values


@contextmanager
def without_cycle_collection():
    """Python's collector of reference cycles paused while the engine's inputs and results
    are made: a national overview makes millions of objects (figures, their rows, results),
    none in a cycle, and each full collection on the way would scan them all again (a third of
    that page's time). Reference counting frees them as ever."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _digest(ids: Sequence[int]) -> str:
    return hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:16]


def _reported(figures: TermFigures) -> frozenset[Moment]:
    return frozenset().union(*(item.figures for item in figures.values()))


def _load_reported(terms: list[Term]) -> dict[int, frozenset[Moment]]:
    """The quarters with a figure of each term, in one query."""
    reported = {term.pk: set() for term in terms}
    for term_id, year, quarter in (
        Figure.objects.filter(target__term_id__in=list(reported))
        .order_by()
        .values_list("target__term_id", "year", "quarter")
        .distinct()
    ):
        reported[term_id].add((year, quarter))
    return {pk: frozenset(keys) for pk, keys in reported.items()}


def _load_figures(
    terms: list[Term], targets: Sequence[TargetFacts] | None = None
) -> dict[int, TermFigures]:
    """The engine's figures of every target of these terms, in four queries (three if the
    targets are given): plain value rows, no model instances, as an overview of a city reads
    tens of thousands of figures and needs none of the objects around them."""
    term_ids = [term.pk for term in terms]
    years = {term.pk: (term.start_year, term.end_year) for term in terms}
    if targets is None:
        targets = list(
            Target.objects.filter(term_id__in=term_ids)
            .order_by()
            .values_list(
                "pk", "term_id", "aggregation", "direction", "frequency", "baseline", "term_target"
            )
        )
    else:
        targets = [row for row in targets if row[1] in years]
    plans = defaultdict(dict)
    for target_id, year, value in (
        AnnualPlan.objects.filter(target__term_id__in=term_ids)
        .order_by()
        .values_list("target_id", "year", "value")
    ):
        plans[target_id][year] = value
    figures = figure_rows(term_ids)
    revisions = defaultdict(list)
    for target_id, *row in (
        Revision.objects.filter(target__term_id__in=term_ids)
        .order_by("pk")
        .values_list("target_id", "value", "from_year", "from_quarter", "basis", "plan_year")
    ):
        revisions[target_id].append(engine.Revision(*row))
    by_term: dict[int, TermFigures] = {pk: {} for pk in term_ids}
    for pk, term_id, aggregation, direction, frequency, baseline, term_target in targets:
        start_year, end_year = years[term_id]
        by_term[term_id][pk] = engine_figures(
            aggregation=aggregation,
            direction=direction,
            frequency=frequency,
            start_year=start_year,
            end_year=end_year,
            baseline=baseline,
            term_target=term_target,
            plans=plans.get(pk, {}),
            figures=figures.get(pk, []),
            revisions=revisions.get(pk, []),
        )
    return by_term


FIGURE_COLUMNS = (
    "target_id",
    "year",
    "quarter",
    "value",
    "numerator",
    "denominator",
    "is_estimate",
)


def figure_rows(term_ids: list[int]) -> dict[int, list[tuple]]:
    """The figures of the targets of these terms in one query, by target id: each a row of
    FIGURE_COLUMNS, in the order of its quarters. They come in the order of the unique index
    (target, year, quarter) and are grouped as they come: no object per figure beyond its row
    (a national overview reads a million). PostgreSQL's arrays (one row per target) were
    measured slower: twice the wall time, no less CPU."""
    rows = (
        Figure.objects.filter(target__term_id__in=term_ids)
        .order_by("target_id", "year", "quarter")
        .values_list(*FIGURE_COLUMNS)
    )
    return {target_id: list(group) for target_id, group in groupby(rows, itemgetter(0))}


def engine_figures(
    *,
    aggregation: str,
    direction: str,
    frequency: str,
    start_year: int,
    end_year: int,
    baseline,
    term_target,
    plans: dict,
    figures: list[tuple],
    revisions: list[engine.Revision],
) -> engine.TargetFigures:
    """Stored rows as the engine's plain values. `figures` holds (target id, year, quarter,
    value, numerator, denominator, is_estimate) in the order of the quarters; a ratio target's
    figures are its counts, whose percentages the engine computes."""
    aggregation = _AGGREGATIONS[aggregation]
    counts = {}
    if aggregation == engine.Aggregation.RATIO:
        counts = {
            (row[1], row[2]): engine.Counts(row[4], row[5])
            for row in figures
            if row[4] is not None and row[5] is not None
        }
        values = engine.ratio_figures(counts)
    else:
        # One key object per quarter for every target (a national overview has a million
        # figures): less to make and free, and the engine's caches keyed by a target's
        # quarters compare them by identity.
        values = {_QUARTER_KEYS[row[1], row[2]]: row[3] for row in figures}
    estimates = [(row[1], row[2]) for row in figures if row[6]]
    return engine.TargetFigures(
        aggregation=aggregation,
        direction=_DIRECTIONS[direction],
        frequency=_FREQUENCIES[frequency],
        start_year=start_year,
        end_year=end_year,
        baseline=baseline,
        term_target=term_target,
        plans=plans,
        figures=values,
        estimates=frozenset(estimates) if estimates else _NONE,
        counts=counts,
        revisions=tuple(revisions),
    )


# The engine's kinds by their stored values, looked up without calling the enums (an overview
# builds tens of thousands of targets); an unknown value is a KeyError.
_AGGREGATIONS = {each.value: each for each in engine.Aggregation}
_DIRECTIONS = {each.value: each for each in engine.Direction}
_FREQUENCIES = {each.value: each for each in engine.Frequency}
_NONE: frozenset = frozenset()


class _QuarterKeys(dict):
    """(year, quarter) -> the one tuple of it, made at the first ask."""

    def __missing__(self, key: tuple[int, int]) -> tuple[int, int]:
        self[key] = key
        return key


_QUARTER_KEYS = _QuarterKeys()

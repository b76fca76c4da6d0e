"""Which term and moment a page looks at: the term asked for or the current one (targets.moments),
and the quarter asked for or the latest handed in."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _

from districts.models import Committee, Term, parse_term_label
from targets import moments
from targets import progress as engine


class MomentError(ValueError):
    """A term, year or quarter that does not exist for the committee."""


def current_term(committee: Committee, label: str | None = None, today=None) -> Term:
    """The committee's term with this label, or without one the term running today (else the
    most recent one). Raises MomentError if there is none."""
    return pick_term(committee, list(committee.terms.all()), label, today)


def pick_term(
    committee: Committee, terms: list[Term], label: str | None = None, today=None
) -> Term:
    """current_term() over terms already loaded (the term picker shows the same list)."""
    if label:
        for term in terms:
            if term.label == _normalised_label(label):
                return term
        raise MomentError(
            _("%(committee)s has no term %(term)s") % {"committee": committee.code, "term": label}
        )
    term = moments.current_term(terms, today or timezone.localdate())
    if term is None:
        raise MomentError(_("%(committee)s has no term") % {"committee": committee.code})
    return term


def _normalised_label(label: str) -> str:
    try:
        start_year, end_year = parse_term_label(label)
    except ValueError:
        return label
    return f"{start_year}-{end_year}"


def resolve_moment(
    term: Term,
    reported: Sequence[Iterable[tuple[int, int]]],
    year: int | None,
    quarter: int | None,
    today: datetime.date | None = None,
) -> tuple[int, int]:
    """The moment a page looks at: the one asked for, else the latest quarter found for at
    least half of `reported` (one set of quarters per committee: for an overview, what each
    committee under it handed in; for a committee's page, its one set of quarters with figures),
    else the latest found for any; without any, the last quarter ended by today (within the term).

    A year alone takes that year's quarter chosen the same way, else its fourth. A quarter
    before the term's start quarter (Term.start_quarter: a ward created in 2025 reports from
    2025 Q4) is its start quarter: the term has nothing to show before it.
    """
    if quarter is not None and year is None:
        raise MomentError(_("A quarter needs a year."))
    if year is not None and not term.contains_year(year):
        raise MomentError(
            _("Year %(year)s is outside the term %(term)s.") % {"year": year, "term": term.label}
        )
    if quarter is None:
        latest = moments.latest_handed_in(reported, term.start_year, term.end_year, year)
        if latest is None:
            latest = moments.without_figures(
                term.start_year,
                term.end_year,
                today or timezone.localdate(),
                year,
                start_quarter=term.start_quarter,
            )
        year, quarter = latest
    if not 1 <= quarter <= engine.QUARTERS_PER_YEAR:
        raise MomentError(_("Quarter %(quarter)s is not between 1 and 4.") % {"quarter": quarter})
    return max((year, quarter), (term.start_year, term.start_quarter))

"""The rows an import refers to, loaded in bulk before the sheets are checked and found by the
contract's natural keys (committee code, term years, programme number, target code, year,
quarter); and what the importing user may do.

Committees, terms, programmes and targets are model instances (a workbook holds a few thousand
of them); annual plans and figures, which run to hundreds of thousands, are kept as plain
tuples of their stored values, so that unchanged rows are compared without building a model
instance.
"""

from __future__ import annotations

from districts.access import FULL_RIGHTS, Rights, rights
from districts.models import Committee, Term
from targets.models import AnnualPlan, Figure, Programme, QuarterlyReport, Revision, Target
from targets.translations import gettext_remembered as _
from targets.workbook import contract as book
from targets.workbook.rows import Row, Scratch

TermKey = tuple[str, int, int]  # committee code, start year, end year
TargetKey = tuple[TermKey, str]
# The stored fields compared for plans and figures, in the order of their tuples.
PLAN_FIELDS = ("value",)
FIGURE_FIELDS = ("value", "note", "is_estimate", "numerator", "denominator")
REVISION_FIELDS = ("value", "basis")
# Lookups remembered per import (a figure sheet names the same targets again and again).
REMEMBERED = 50_000


class Lookups:
    def __init__(self, user):
        self.user = user
        self.committees: dict[str, Committee] = {c.code: c for c in Committee.objects.all()}
        self.committees_by_pk = {committee.pk: committee for committee in self.committees.values()}
        self.covered: set[int] | None = None
        if user is not None and not user.is_superuser:
            self.covered = set(Committee.objects.covered_by(user).values_list("pk", flat=True))
        self.terms: dict[TermKey, Term] = {}
        for term in Term.objects.select_related("committee"):
            self.terms[(term.committee.code, term.start_year, term.end_year)] = term
        self.programmes: dict[tuple[TermKey, int], Programme] = {}
        self.targets: dict[TargetKey, Target] = {}
        # Plans by (target key, year) and figures by (target key, year, quarter): their id and
        # stored values (PLAN_FIELDS, FIGURE_FIELDS).
        self.plans: dict[tuple[TargetKey, int], tuple] = {}
        self.figures: dict[tuple[TargetKey, int, int], tuple] = {}
        # Revisions by (target key, plan year, from year, from quarter): id, REVISION_FIELDS.
        self.revisions: dict[tuple, tuple] = {}
        self.reports: dict[tuple[TermKey, int, int], QuarterlyReport] = {}
        self.rights: dict[int, Rights] = {}  # the user's rights by committee id
        self.remembered: dict = {}

    # --- loading -------------------------------------------------------------------------

    def load_term_rows(self, sheets: list[book.SheetRows]) -> None:
        """Programmes, targets, plans, figures and reports of the existing terms the workbook
        names (and of their committees' parents' terms, for parent targets): five queries."""
        terms = {self.terms[key].pk: key for key in self._named_terms(sheets) if key in self.terms}
        for programme in Programme.objects.filter(term_id__in=terms):
            self.programmes[(terms[programme.term_id], programme.number)] = programme
        target_keys = {}
        for target in Target.objects.filter(term_id__in=terms):
            key = (terms[target.term_id], target.code)
            self.targets[key] = target
            target_keys[target.pk] = key
        plans = AnnualPlan.objects.filter(target__term_id__in=terms)
        for pk, target_id, year, *values in plans.values_list("pk", "target_id", "year",
                                                               *PLAN_FIELDS):  # fmt: skip
            self.plans[(target_keys[target_id], year)] = (pk, *values)
        figures = Figure.objects.filter(target__term_id__in=terms).values_list(
            "pk", "target_id", "year", "quarter", *FIGURE_FIELDS
        )
        for pk, target_id, year, quarter, *values in figures.iterator(chunk_size=10_000):
            self.figures[(target_keys[target_id], year, quarter)] = (pk, *values)
        revisions = Revision.objects.filter(target__term_id__in=terms).values_list(
            "pk", "target_id", "plan_year", "from_year", "from_quarter", *REVISION_FIELDS
        )
        for pk, target_id, plan_year, from_year, from_quarter, *values in revisions:
            self.revisions[(target_keys[target_id], plan_year, from_year, from_quarter)] = (
                pk,
                *values,
            )
        reports = QuarterlyReport.objects.filter(term_id__in=terms).select_related(
            "submitted_by", "reviewed_by"
        )
        for report in reports:
            self.reports[(terms[report.term_id], report.year, report.quarter)] = report

    def _named_terms(self, sheets: list[book.SheetRows]) -> set[TermKey]:
        pairs = set()
        for sheet in sheets:
            if sheet.name in (book.COMMITTEES, book.TERMS):
                continue
            for _number, record in book.records(sheet):
                pairs.add((book.cell_text(record.get("committee")), record.get("term")))
        terms_by_committee: dict[int, list[TermKey]] = {}
        for key, term in self.terms.items():
            terms_by_committee.setdefault(term.committee_id, []).append(key)
        named = set()
        for code, text in pairs:
            try:
                years = book.parse_term(text)
            except book.CellError:
                continue
            named.add((code, *years))
            committee = self.committees.get(code)
            if committee is not None and committee.parent_id is not None:
                named.update(terms_by_committee.get(committee.parent_id, ()))
        return named

    # --- who may do what -----------------------------------------------------------------

    def may(self, obj, action: str) -> bool:
        """The user's model permission (add or change) for this kind of row."""
        if self.user is None or self.user.is_superuser:
            return True
        opts = obj._meta
        return self.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")

    def allowed(self, committee: Committee) -> bool:
        """Whether the user may write rows of this committee: covered by their memberships, or
        a new committee under one that is."""
        if self.covered is None:
            return True
        if committee.pk is not None:
            return committee.pk in self.covered
        return committee.parent is not None and self.allowed(committee.parent)

    def rights_at(self, committee: Committee) -> Rights:
        """The user's rights at a committee (an import without a user is an administrator's),
        one query per committee."""
        if self.user is None:
            return FULL_RIGHTS
        if committee.pk not in self.rights:
            self.rights[committee.pk] = rights(self.user, committee)
        return self.rights[committee.pk]

    # --- finding a row's committee, term and target ----------------------------------------

    def remember(self, row: Row, question: str, keys: tuple[str, ...], find):
        """`find(row)` for the row's cells under `keys`, asked once per import for the same
        cells: its answer and its errors are remembered and replayed on later rows."""
        get = row.record.get
        memo = (question, *map(get, keys))
        remembered = self.remembered.get(memo)
        if remembered is None:
            scratch = Scratch(row)
            remembered = (find(scratch), scratch.problems)
            if len(self.remembered) < REMEMBERED:
                self.remembered[memo] = remembered
        answer, problems = remembered
        for key, message in problems:
            row.error(key, message)
        return answer

    def committee(self, row: Row, key: str = "committee") -> Committee | None:
        code = row.text(key)
        if not code:
            return None
        committee = self.committees.get(code)
        if committee is None:
            row.error(key, _("There is no committee with the code “%(code)s”.") % {"code": code})
            return None
        if not self.allowed(committee):
            row.error(
                key,
                _("You may not import rows of the committee “%(code)s”.") % {"code": code},
            )
            return None
        return committee

    def term(self, row: Row) -> tuple[TermKey, Term] | None:
        return self.remember(row, "term", ("committee", "term"), self._term)

    def _term(self, row: Row) -> tuple[TermKey, Term] | None:
        committee = self.committee(row)
        years = row.value("term", book.parse_term)
        if committee is None or years is None:
            return None
        key = (committee.code, *years)
        term = self.terms.get(key)
        if term is None:
            row.error(
                "term",
                _("The committee %(code)s has no term %(term)s.")
                % {"code": committee.code, "term": f"{years[0]}-{years[1]}"},
            )
            return None
        return key, term

    def target(self, row: Row) -> tuple[TargetKey, Target] | None:
        """The row's target (after the targets sheet, whose new targets it finds too)."""
        return self.remember(row, "target", ("committee", "term", "target"), self._target)

    def _target(self, row: Row) -> tuple[TargetKey, Target] | None:
        found = self._term(row)
        code = row.text("target")
        if found is None or not code:
            return None
        term_key, term = found
        target = self.targets.get((term_key, code))
        if target is None:
            row.error(
                "target",
                _("The term %(term)s of %(committee)s has no target “%(code)s”.")
                % {"term": term.label, "committee": term_key[0], "code": code},
            )
            return None
        return (term_key, code), target

    def year_in_term(self, row: Row, term_key: TermKey) -> int | None:
        year = row.value("year", book.parse_year)
        if year is not None and not term_key[1] <= year <= term_key[2]:
            row.error(
                "year",
                _("The year %(year)s is outside the term %(term)s.")
                % {"year": year, "term": f"{term_key[1]}-{term_key[2]}"},
            )
            return None
        return year

"""The sheets `Kế hoạch năm` (annual plans, by target and year) and `Kết quả quý` (quarterly
figures, by target, year and quarter).

These are the long sheets: rows are compared with the stored values as plain tuples (no model
instance for an unchanged row), and a figure that changes asks the cycle's rules as the entry
page does: `targets.cycle.not_due_refusal` (the target is due in the quarter) and
`targets.cycle.figure_write_refusal`, once per committee and quarter.
"""

from __future__ import annotations

from targets import numbers
from targets import progress as engine
from targets.counts import counts_errors
from targets.cycle import figure_write_refusal, not_due_refusal, revision_write_refusal
from targets.models import AnnualPlan, Figure, Revision, Target
from targets.translations import gettext_remembered as _
from targets.workbook import contract as book
from targets.workbook.lookups import FIGURE_FIELDS, PLAN_FIELDS, REVISION_FIELDS, TermKey
from targets.workbook.rows import Row
from targets.workbook.validators.base import SheetValidator, changed_values


class RowsValidator(SheetValidator):
    """A sheet of plain rows keyed by target and year (and quarter)."""

    model: type
    fields: tuple[str, ...]
    stored_in: str  # the name of the stored rows' map in the lookups

    def record(self, row: Row, key: tuple, values: dict) -> None:
        """Count the row as new, changed or unchanged and keep what is to be written."""
        stored = self.stored.get(key)
        if stored is None:
            if self.permitted(row, self.model, "add"):
                self.counts.created += 1
                self.pending.created.append((*key, values))
                self.pending.terms.add(key[0][0])
            return
        changes = changed_values(stored, self.fields, values)
        if not changes:
            self.counts.unchanged += 1
        elif self.permitted(row, self.model, "change"):
            self.counts.updated += 1
            self.pending.updated[stored[0]] = changes
            self.pending.terms.add(key[0][0])

    @property
    def stored(self) -> dict:
        return getattr(self.lookups, self.stored_in)


class PlanValidator(RowsValidator):
    sheet = book.PLANS
    model = AnnualPlan
    fields = PLAN_FIELDS
    stored_in = "plans"

    def validate(self, sheet: book.SheetRows) -> None:
        for row in self.rows(sheet):
            found = self.lookups.target(row)
            year = self.lookups.year_in_term(row, found[0][0]) if found else None
            value = row.value("value", book.parse_number)
            if found is None or row.failed:
                continue
            key = (found[0], year)
            if not self.duplicate(row, key, "year"):
                self.record(row, key, {"value": value})


class FigureValidator(RowsValidator):
    sheet = book.FIGURES
    model = Figure
    fields = FIGURE_FIELDS
    stored_in = "figures"

    def values(self, row: Row, target: Target | None) -> dict:
        """The figure's fields as the row gives them; optional columns only when present."""
        values = {"value": row.value("value", book.parse_number)}
        numerator = row.value("numerator", book.parse_number)
        denominator = row.value("denominator", book.parse_number)
        if target is not None:
            figure_counts(row, target, values, numerator, denominator)
        elif values["value"] is None and numerator is None and denominator is None:
            # Whatever the target, a figure needs a value or its counts.
            row.error("value", _("This cell must not be empty."))
        if row.has("note"):
            values["note"] = row.text("note") or ""
        if row.has("is_estimate"):
            values["is_estimate"] = bool(row.value("is_estimate", book.parse_estimate))
        return values

    def validate(self, sheet: book.SheetRows) -> None:
        refusals: dict = {}
        for row in self.rows(sheet):
            found = self.lookups.target(row)
            year = self.lookups.year_in_term(row, found[0][0]) if found else None
            quarter = row.value("quarter", book.parse_quarter)
            values = self.values(row, found[1] if found else None)
            if found is None or row.failed:
                continue
            key = (found[0], year, quarter)
            if self.duplicate(row, key, "quarter"):
                continue
            stored = self.stored.get(key)
            if stored is None or changed_values(stored, self.fields, values):
                # The entry page's rules: the target is due in the quarter, and the user may
                # write the committee's figures of it now.
                term_key = found[0][0]
                refusal = not_due_refusal(
                    found[1], self.lookups.terms[term_key], year, quarter
                ) or self.refusal(refusals, term_key, year, quarter)
                if refusal is not None:
                    row.error("quarter", refusal)
                    continue
            self.record(row, key, values)

    def refusal(self, refusals: dict, term_key: TermKey, year: int, quarter: int) -> str | None:
        """The cycle's answer for a figure of this committee's quarter, asked once."""
        question = (term_key, year, quarter)
        if question not in refusals:
            term = self.lookups.terms[term_key]
            refusals[question] = figure_write_refusal(
                self.lookups.user,
                term=term,
                year=year,
                quarter=quarter,
                report=self.lookups.reports.get(question),
                can=self.lookups.rights_at(term.committee),
            )
        return refusals[question]


def figure_counts(row: Row, target: Target, values: dict, numerator, denominator) -> None:
    """A ratio target's figure is its counts (Tử số, Mẫu số) and its value the engine's
    percentage of them (a value given must agree to one decimal); any other target's figure is
    its value, without counts (targets.counts, the one rule)."""
    for key, message in counts_errors(target, numerator, denominator).items():
        row.error(key, str(message))
    if row.failed:
        return
    if not target.is_ratio:
        values.update(numerator=None, denominator=None)
        if values["value"] is None:
            row.error("value", _("This cell must not be empty."))
        return
    computed = engine.stored_ratio_value(numerator, denominator)
    given = values["value"]
    if given is not None and engine.round_pct(given) != engine.round_pct(computed):
        row.error(
            "value",
            _("“%(value)s” does not agree with %(numerator)s/%(denominator)s (%(pct)s).")
            % {
                "value": numbers.number_text(given),
                "numerator": numbers.number_text(numerator),
                "denominator": numbers.number_text(denominator),
                "pct": numbers.number_text(engine.round_pct(computed)),
            },
        )
        return
    values.update(value=computed, numerator=numerator, denominator=denominator)


class RevisionValidator(RowsValidator):
    """The sheet `Điều chỉnh`: revisions of a term target (no plan year) or of one year's plan,
    keyed by target, plan year and the quarter from which they hold. Only reviewers and
    administrators may write them (targets.cycle.revision_write_refusal)."""

    sheet = book.REVISIONS
    model = Revision
    stored_in = "revisions"
    fields = REVISION_FIELDS

    def validate(self, sheet: book.SheetRows) -> None:
        for row in self.rows(sheet):
            found = self.lookups.target(row)
            plan_year = row.value("plan_year", book.parse_year)
            value = row.value("value", book.parse_number)
            moment = row.value("from", book.parse_in_force)
            basis = row.text("basis")
            if found is None or row.failed:
                continue
            term_key = found[0][0]
            for key, year in (("plan_year", plan_year), ("from", moment[0])):
                if year is not None and not term_key[1] <= year <= term_key[2]:
                    row.error(
                        key,
                        _("The year %(year)s is outside the term %(term)s.")
                        % {"year": year, "term": f"{term_key[1]}-{term_key[2]}"},
                    )
            if row.failed:
                continue
            key = (found[0], plan_year, *moment)
            if self.duplicate(row, key, "from"):
                continue
            values = {"value": value, "basis": basis}
            stored = self.stored.get(key)
            if stored is None or changed_values(stored, self.fields, values):
                term = self.lookups.terms[term_key]
                refusal = revision_write_refusal(
                    self.lookups.user, term=term, can=self.lookups.rights_at(term.committee)
                )
                if refusal is not None:
                    row.error("target", refusal)
                    continue
            self.record(row, key, values)

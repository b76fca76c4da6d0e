"""The sheets `Kế hoạch năm` (annual plans, by target and year) and `Kết quả quý` (quarterly
figures, by target, year and quarter).

These are the long sheets: rows are compared with the stored values as plain tuples (no model
instance for an unchanged row), and a figure that changes asks the cycle's one rule,
`targets.cycle.figure_write_refusal`, once per committee and quarter.
"""

from __future__ import annotations

from targets.cycle import figure_write_refusal
from targets.models import AnnualPlan, Measurement
from targets.workbook import contract as book
from targets.workbook.lookups import FIGURE_FIELDS, PLAN_FIELDS, TermKey
from targets.workbook.rows import Row
from targets.workbook.validators.base import SheetValidator, changed_values


class RowsValidator(SheetValidator):
    """A sheet of plain rows keyed by target and year (and quarter)."""

    model: type
    fields: tuple[str, ...]

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
        raise NotImplementedError


class PlanValidator(RowsValidator):
    sheet = book.PLANS
    model = AnnualPlan
    fields = PLAN_FIELDS

    @property
    def stored(self) -> dict:
        return self.lookups.plans

    def validate(self, sheet: book.SheetRows) -> None:
        seen: dict = {}
        for row in self.rows(sheet):
            found = self.lookups.target(row)
            year = self.lookups.year_in_term(row, found[0][0]) if found else None
            value = row.value("value", book.parse_number)
            if found is None or row.failed:
                continue
            key = (found[0], year)
            if not self.duplicate(row, seen, key, "year"):
                self.record(row, key, {"value": value})


class FigureValidator(RowsValidator):
    sheet = book.FIGURES
    model = Measurement
    fields = FIGURE_FIELDS

    @property
    def stored(self) -> dict:
        return self.lookups.figures

    def values(self, row: Row) -> dict:
        """The figure's fields as the row gives them; optional columns only when present."""
        values = {"value": row.value("value", book.parse_number)}
        if row.has("note"):
            values["note"] = row.text("note") or ""
        if row.has("is_estimate"):
            values["is_estimate"] = bool(row.value("is_estimate", book.parse_estimate))
        return values

    def validate(self, sheet: book.SheetRows) -> None:
        seen: dict = {}
        refusals: dict = {}
        for row in self.rows(sheet):
            found = self.lookups.target(row)
            year = self.lookups.year_in_term(row, found[0][0]) if found else None
            quarter = row.value("quarter", book.parse_quarter)
            values = self.values(row)
            if found is None or row.failed:
                continue
            key = (found[0], year, quarter)
            if self.duplicate(row, seen, key, "quarter"):
                continue
            stored = self.stored.get(key)
            if stored is None or changed_values(stored, self.fields, values):
                refusal = self.refusal(refusals, found[0][0], year, quarter)
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

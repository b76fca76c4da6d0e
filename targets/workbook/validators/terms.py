"""The sheets `Nhiệm kỳ` (terms, by committee and years) and `Chương trình` (programmes, by
term and number)."""

from __future__ import annotations

from districts.models import Term
from targets.models import Programme
from targets.translations import gettext_remembered as _
from targets.workbook import contract as book
from targets.workbook.rows import Row
from targets.workbook.validators.base import SheetValidator, positive


class TermValidator(SheetValidator):
    sheet = book.TERMS

    def validate(self, sheet: book.SheetRows) -> None:
        for row in self.rows(sheet):
            committee = self.lookups.committee(row)
            years = row.value("term", book.parse_term)
            congress = row.value("congress", book.parse_congress)
            values = {"congress": congress}
            if row.has("start_quarter"):
                # An empty cell means the first quarter, as the contract says.
                values["start_quarter"] = row.value("start_quarter", book.parse_quarter) or 1
            if committee is None or years is None or row.failed:
                continue
            key = (committee.code, *years)
            if self.duplicate(row, key, "term"):
                continue
            term = self.lookups.terms.get(key)
            if term is None:
                term = self._new(row, committee, years, values)
                if term is None:
                    continue
                changed = True
            else:
                changed = self.pending.change(term, values)
            self.count(row, term, changed)

    def _new(self, row: Row, committee, years: tuple[int, int], values: dict) -> Term | None:
        """A new term, unless the committee already has one starting that year."""
        clash = next(
            (
                other
                for (code, start, _end), other in self.lookups.terms.items()
                if code == committee.code and start == years[0]
            ),
            None,
        )
        if clash is not None:
            row.error(
                "term",
                _("The committee %(code)s already has a term starting that year: %(term)s.")
                % {"code": committee.code, "term": clash.label},
            )
            return None
        term = Term(committee=committee, start_year=years[0], end_year=years[1], **values)
        self.lookups.terms[(committee.code, *years)] = term
        return term


class ProgrammeValidator(SheetValidator):
    sheet = book.PROGRAMMES

    def validate(self, sheet: book.SheetRows) -> None:
        for row in self.rows(sheet):
            found = self.lookups.term(row)
            number = row.value("number", lambda raw: positive(raw, _("a number")))
            name = row.text("name")
            if found is None or row.failed:
                continue
            term_key, term = found
            key = (term_key, number)
            if self.duplicate(row, key, "number"):
                continue
            self.upsert(
                row, self.lookups.programmes, key, {"name": name}, Programme, term=term,
                number=number,
            )  # fmt: skip

"""The sheet `Chỉ tiêu`: targets by term and code, with their programme and the parent
committee's target they contribute to (which may be new in the same workbook)."""

from __future__ import annotations

from targets.models import Target
from targets.translations import gettext_remembered as _
from targets.workbook import contract as book
from targets.workbook.lookups import TermKey
from targets.workbook.rows import Row
from targets.workbook.validators.base import SheetValidator, positive


def _choice(words: dict):
    return lambda raw: book.parse_choice(raw, words)


class TargetValidator(SheetValidator):
    sheet = book.TARGETS

    def values(self, row: Row) -> dict:
        """The target's fields as the row gives them (None where a cell was wrong)."""
        values = {
            "name": row.text("name"),
            "group": row.value("group", _choice(book.GROUP_WORDS)),
            "unit": row.text("unit") or "",
            "aggregation": row.value("aggregation", _choice(book.AGGREGATION_WORDS)),
            "direction": row.value("direction", _choice(book.DIRECTION_WORDS)),
            "baseline": row.value("baseline", book.parse_number),
            "term_target": row.value("term_target", book.parse_number),
        }
        if row.has("frequency"):
            # An empty cell means every quarter, as the contract says.
            values["frequency"] = (
                row.value("frequency", _choice(book.FREQUENCY_WORDS)) or Target.Frequency.QUARTER
            )
        return values

    def validate(self, sheet: book.SheetRows) -> None:
        # Parents are placed once every row is read: a parent may come later in the sheet.
        parents = self.found_rows(sheet, self._target)
        by_code: dict[tuple[str, str], list] = {}
        for key, target in self.lookups.targets.items():
            by_code.setdefault((key[0][0], key[1]), []).append((key[0], target))
        for row, term_key, target, parent_code, changed in parents:
            parent = self._parent(row, term_key, parent_code, by_code) if parent_code else None
            if row.failed:
                continue
            if target.pk is None or (parent is not None and parent.pk is None):
                if parent is not None:
                    self.importer.new_parents.append((target, parent))
            else:
                changed = self.pending.change(target, {"parent": parent}) or changed
            self.count(row, target, changed)

    def _target(self, row: Row):
        found = self.lookups.term(row)
        code = row.text("code")
        values = self.values(row)
        programme_number = row.value("programme", lambda raw: positive(raw, _("a number")))
        parent_code = row.text("parent")
        if found is None or not code or row.failed:
            return None
        term_key, term = found
        values["programme"] = None
        if programme_number is not None:
            values["programme"] = self.lookups.programmes.get((term_key, programme_number))
            if values["programme"] is None:
                row.error(
                    "programme",
                    _("The term has no programme number %(number)s.")
                    % {"number": programme_number},
                )
                return None
        key = (term_key, code)
        if self.duplicate(row, key, "code"):
            return None
        target = self.lookups.targets.get(key)
        if target is None:
            target = self.lookups.targets[key] = Target(term=term, code=code, **values)
            changed = True
        else:
            changed = self.pending.change(target, values)
        return term_key, target, parent_code, changed

    def _parent(self, row: Row, term_key: TermKey, code: str, by_code: dict) -> Target | None:
        """The parent committee's target with this code, in its term of the same years (or
        else one whose years overlap)."""
        committee = self.lookups.committees[term_key[0]]
        parent = committee.parent
        if parent is None:
            row.error("parent", _("The committee has no parent committee."))
            return None
        candidates = list(by_code.get((parent.code, code), ()))
        candidates.sort(key=lambda item: (item[0][1:] != term_key[1:], -item[0][1]))
        overlapping = [
            target for key, target in candidates if key[1] <= term_key[2] and term_key[1] <= key[2]
        ]
        if not overlapping:
            row.error(
                "parent",
                _("The parent committee %(parent)s has no target “%(code)s” in this term.")
                % {"parent": parent.code, "code": code},
            )
            return None
        return overlapping[0]

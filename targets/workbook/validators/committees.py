"""The sheet `Đảng bộ`: committees by code, each under its parent (which may be new too)."""

from __future__ import annotations

from districts.access import ADD_UNDER_YOURS, MOVE_UNDER_YOURS, UNDER_ITSELF
from districts.models import Committee
from targets.translations import gettext_remembered as _
from targets.workbook import contract as book
from targets.workbook.rows import Row
from targets.workbook.validators.base import SheetValidator, differs


class CommitteeValidator(SheetValidator):
    sheet = book.COMMITTEES

    def validate(self, sheet: book.SheetRows) -> None:
        # Parents are placed once every row is read: a parent may come later in the sheet.
        parents = self.found_rows(sheet, self._committee)
        for row, committee, parent_code, changed in parents:
            self._place(row, committee, parent_code, changed)

    def _committee(self, row: Row):
        lookups = self.lookups
        code = row.text("code")
        name = row.text("name")
        level = row.value("level", lambda raw: book.parse_choice(raw, book.LEVEL_WORDS))
        parent_code = row.text("parent")
        if not code or self.duplicate(row, code, "code") or row.failed:
            return None
        committee = lookups.committees.get(code)
        if committee is not None and not lookups.allowed(committee):
            row.error(
                "code",
                _("You may not import rows of the committee “%(code)s”.") % {"code": code},
            )
            return None
        if committee is None:
            committee = Committee(code=code, name=name, level=level)
            lookups.committees[code] = committee
            changed = True
        else:
            changed = self.pending.change(committee, {"name": name, "level": level})
        return committee, parent_code, changed

    def _place(self, row: Row, committee: Committee, parent_code: str, changed: bool) -> None:
        lookups = self.lookups
        parent = None
        if parent_code:
            parent = lookups.committees.get(parent_code)
            if parent is None or parent is committee or self._below(parent, committee):
                row.error(
                    "parent",
                    _("There is no committee with the code “%(code)s”.") % {"code": parent_code}
                    if parent is None
                    else str(UNDER_ITSELF),
                )
                return
        if committee.pk is None:
            committee.parent = parent
            if not lookups.allowed(committee):
                row.error(
                    "parent",
                    str(ADD_UNDER_YOURS),
                )
                return
            if parent is not None and parent.pk is None:
                self.importer.new_committee_parents.append((committee, parent))
        elif differs(committee, "parent", parent):
            if parent is None or not lookups.allowed(parent):
                row.error(
                    "parent",
                    str(MOVE_UNDER_YOURS),
                )
                return
            changed = self.pending.change(committee, {"parent": parent}) or changed
        self.count(row, committee, changed)

    def _below(self, committee: Committee, ancestor: Committee) -> bool:
        """Whether `committee` sits somewhere below `ancestor` (a cycle if it became its
        parent)."""
        seen = set()
        current = committee
        while current is not None and id(current) not in seen:
            seen.add(id(current))
            if current is ancestor:
                return True
            if current.pk is None:
                current = current.parent  # set in this import, held in memory
            else:
                current = self.lookups.committees_by_pk.get(current.parent_id)
        return False

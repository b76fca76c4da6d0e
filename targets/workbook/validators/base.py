"""What every sheet's validator shares: the import's state, the rows of one sheet, duplicate
keys, and counting a row as created, updated or unchanged (with the user's permission)."""

from __future__ import annotations

from dataclasses import dataclass, field

from targets.translations import gettext_remembered as _
from targets.workbook import contract as book
from targets.workbook.lookups import Lookups
from targets.workbook.rows import ErrorList, Row, SheetCounts


@dataclass
class Pending:
    """What one sheet will write: new objects, and changed ones with the fields that changed."""

    created: list = field(default_factory=list)
    updated: dict = field(default_factory=dict)  # id(obj) -> obj
    fields: set[str] = field(default_factory=set)

    def change(self, obj, values: dict) -> bool:
        """Set the values that differ; True if any did."""
        changed = [name for name, value in values.items() if differs(obj, name, value)]
        for name in changed:
            setattr(obj, name, values[name])
        if changed and obj.pk is not None:
            self.updated[id(obj)] = obj
            self.fields.update(changed)
        return bool(changed)


@dataclass
class PendingRows:
    """What a sheet of plain rows (plans, figures) will write: new rows as their keys and
    values, and changed rows as their id and the values that changed."""

    created: list[tuple] = field(default_factory=list)  # (target, year[, quarter], values)
    updated: dict[int, dict] = field(default_factory=dict)  # id -> {field: value}
    terms: set = field(default_factory=set)  # the keys of the terms written


def differs(obj, name: str, value) -> bool:
    """Whether a field holds another value; related objects are compared by id, so that no
    query is made to load the current one."""
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        if value is None:
            return getattr(obj, model_field.attname) is not None
        return value.pk is None or getattr(obj, model_field.attname) != value.pk
    return getattr(obj, name) != value


def changed_values(stored: tuple, fields: tuple[str, ...], values: dict) -> dict:
    """The values that differ from a stored row (its id first, then `fields`)."""
    current = dict(zip(fields, stored[1:], strict=True))
    return {name: value for name, value in values.items() if current[name] != value}


def positive(raw, what: str) -> int:
    number = book.parse_int(raw, what)
    if number < 1:
        raise book.CellError(_("“%(value)s” is not %(what)s.") % {"value": raw, "what": what})
    return number


class SheetValidator:
    """Checks the rows of one sheet against what is stored and what earlier sheets bring, and
    gathers what will be written. Subclasses name their sheet and implement `validate`."""

    sheet: str

    def __init__(self, importer):
        self.importer = importer
        self.lookups: Lookups = importer.lookups
        self.errors: ErrorList = importer.errors
        self.counts: SheetCounts = importer.counts[self.sheet]
        self.pending = importer.pending[self.sheet]
        # The row number of each key met so far in the sheet, to refuse a repeated key.
        self.seen: dict = {}

    def rows(self, sheet: book.SheetRows):
        errors, parsed, name = self.errors, self.importer.parsed, self.sheet
        progress = self.importer.progress
        for number, record in book.records(sheet):
            yield Row(errors, parsed, name, number, record)
            if progress is not None:
                progress.row_checked()

    def validate(self, sheet: book.SheetRows) -> None:
        raise NotImplementedError

    def found_rows(self, sheet: book.SheetRows, find) -> list[tuple]:
        """Each row with what `find` made of it (a tuple), where it made something."""
        return [(row, *found) for row in self.rows(sheet) if (found := find(row)) is not None]

    def duplicate(self, row: Row, key, column: str) -> bool:
        seen = self.seen
        if key in seen:
            row.error(
                column,
                _("This row repeats row %(row)s (the same key).") % {"row": seen[key]},
            )
            return True
        seen[key] = row.number
        return False

    def upsert(self, row: Row, store: dict, key, values: dict, model, **keys) -> None:
        """The row's object: the stored one given these values (counted as changed or not),
        or a new one made of its keys and values."""
        obj = store.get(key)
        if obj is None:
            obj = store[key] = model(**keys, **values)
            changed = True
        else:
            changed = self.pending.change(obj, values)
        self.count(row, obj, changed)

    def permitted(self, row: Row, model, action: str) -> bool:
        if self.lookups.may(model, action):
            return True
        row.error(
            None,
            _("You do not have the permission to add or change %(things)s.")
            % {"things": model._meta.verbose_name_plural},
        )
        return False

    def count(self, row: Row, obj, changed: bool) -> None:
        if changed and not self.permitted(row, obj, "add" if obj.pk is None else "change"):
            return
        if obj.pk is None:
            self.counts.created += 1
            self.pending.created.append(obj)
        elif changed:
            self.counts.updated += 1
        else:
            self.counts.unchanged += 1

"""What an import reports and how one row collects it: errors by sheet, row and column (the
first IMPORT_MAX_ERRORS kept, the others counted), the counts of each sheet, the result."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import ngettext

from targets.translations import gettext_remembered as _
from targets.workbook import contract as book

# Parsed cells remembered per import (codes, terms, years repeat down a column), bounded so that
# memory stays small whatever the file holds.
PARSED_KEPT = 20_000


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        if not self.row:
            return self.message
        if self.column:
            return _("%(sheet)s, row %(row)s, column %(column)s: %(message)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("%(sheet)s, row %(row)s: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "message": self.message,
        }


@dataclass
class SheetCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class ErrorList(list):
    """The errors of an import: the first IMPORT_MAX_ERRORS kept, the rest only counted, so
    that a file of bad rows costs neither memory nor a page of megabytes."""

    def __init__(self, limit: int | None = None):
        super().__init__()
        self.limit = settings.IMPORT_MAX_ERRORS if limit is None else limit
        self.more = 0

    @property
    def full(self) -> bool:
        return len(self) >= self.limit

    def add(self, error: RowError) -> None:
        if self.full:
            self.more += 1
        else:
            self.append(error)


def more_errors_message(count: int) -> str:
    return ngettext("… and %(count)s more error", "… and %(count)s more errors", count) % {
        "count": count
    }


@dataclass
class ImportResult:
    errors: list[RowError]
    counts: dict[str, SheetCounts]
    dry_run: bool
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def more_errors(self) -> int:
        return getattr(self.errors, "more", 0)

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.more_errors

    @property
    def error_lines(self) -> list[str]:
        """Every kept error as a line, and "… and N more errors" past the limit."""
        lines = [str(error) for error in self.errors]
        if self.more_errors:
            lines.append(more_errors_message(self.more_errors))
        return lines


_COLUMNS = {(sheet, column.key): column for sheet, columns in book.SHEETS.items()
            for column in columns}  # fmt: skip


def column(sheet: str, key: str) -> book.Column:
    return _COLUMNS[sheet, key]


class Row:
    """One row being checked: reading a cell returns None if it was wrong, and the error goes
    to the import's list with the row's sheet, number and the cell's column."""

    __slots__ = ("errors", "parsed", "sheet", "number", "record", "failed")

    def __init__(self, errors: ErrorList, parsed: dict, sheet: str, number: int, record: dict):
        self.errors = errors
        self.parsed = parsed
        self.sheet = sheet
        self.number = number
        self.record = record
        self.failed = False

    def error(self, key: str | None, message: str) -> None:
        self.failed = True
        if self.errors.full:
            self.errors.more += 1  # counted, without building the error
            return
        header = column(self.sheet, key).header if key else None
        self.errors.append(RowError(self.sheet, self.number, header, message))

    def has(self, key: str) -> bool:
        return key in self.record

    def text(self, key: str) -> str | None:
        value = book.cell_text(self.record.get(key))
        if not value and column(self.sheet, key).required:
            self.error(key, _("This cell must not be empty."))
            return None
        return value

    def value(self, key: str, parse):
        """The cell parsed by `parse` (None, with an error, if it cannot be); each text of a
        column is parsed once per import."""
        raw = self.record.get(key)
        memo = (self.sheet, key, raw)
        outcome = self.parsed.get(memo)
        if outcome is None:
            outcome = self._parse(key, raw, parse)
            if len(self.parsed) < PARSED_KEPT:
                self.parsed[memo] = outcome
        if outcome[1] is not None:
            self.error(key, outcome[1])
        return outcome[0]

    def _parse(self, key: str, raw, parse) -> tuple:
        """(value, None), or (None, the error's message, or None for an empty optional cell)."""
        if book.is_empty(raw):
            if column(self.sheet, key).required:
                return None, _("This cell must not be empty.")
            return None, None
        try:
            return parse(raw), None
        except book.CellError as problem:
            return None, str(problem)


class Scratch(Row):
    """A row whose errors are kept aside, to be remembered with a lookup's answer and replayed
    on every row that asks the same question."""

    __slots__ = ("problems",)

    def __init__(self, row: Row):
        super().__init__(row.errors, row.parsed, row.sheet, row.number, row.record)
        self.problems: list[tuple[str | None, str]] = []

    def error(self, key: str | None, message: str) -> None:
        self.failed = True
        self.problems.append((key, message))

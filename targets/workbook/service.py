"""`workbook_import`: the one service every path that imports a workbook or a sheet calls (the
admin's screens, the `import_workbook` command, the per-sheet imports of django-import-export).

It validates every row of every sheet first, in the contract's order, collecting every error
with its sheet, row and column, then writes everything in bulk in one transaction (or, for a
dry run or any error, writes nothing). Rows are keyed by the contract's natural keys; stored
rows whose values are the same are left alone, so that importing a file twice changes
nothing; nothing is ever deleted.
"""

from __future__ import annotations

from typing import Protocol

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy

from targets.progress_cache import data_changed
from targets.translations import gettext_remembered as _
from targets.translations import translations_remembered
from targets.workbook import contract as book
from targets.workbook.lookups import Lookups
from targets.workbook.rows import ErrorList, ImportResult, RowError, SheetCounts
from targets.workbook.validators import VALIDATORS
from targets.workbook.validators.base import Pending, PendingRows
from targets.workbook.writer import Writer

# The history reason of rows written by an import, unless the caller gives another.
IMPORT_REASON = gettext_lazy("Imported from a workbook")


def workbook_import(
    *,
    sheets: list[book.SheetRows],
    user=None,
    dry_run: bool = False,
    reason: str = "",
    progress: Progress | None = None,
) -> ImportResult:
    """Validate the sheets in the contract's order and, if every row is valid and this is not a
    dry run, write them in one transaction. `user` limits the rows to the committees their
    memberships cover and figures to what the cycle's rule lets them write; it is recorded as
    the author of the changes, with `reason` in the history. None is the system itself (the
    `import_workbook` command run with --system): an administrator's rights. `progress` is told
    of each row checked and of the rows each sheet wrote (a background import shows them)."""
    if user is not None and not user.is_authenticated:
        raise ValueError("An import is made by a user or by the system (None).")
    by_name = {sheet.name: sheet for sheet in sheets}
    ordered = [by_name[name] for name in book.SHEETS if name in by_name]
    importer = Importer(user, reason=reason or str(IMPORT_REASON), progress=progress)
    try:
        with transaction.atomic(), translations_remembered():
            importer.validate(ordered)
            result = ImportResult(errors=importer.errors, counts=importer.counts, dry_run=dry_run)
            if importer.errors or dry_run:
                return result
            writer = Writer(importer)
            writer.write()
            data_changed(writer.written_terms())
            result.written = True
    except IntegrityError as error:
        # Validation mirrors the database's rules, so this means someone else changed the same
        # rows meanwhile; the transaction is rolled back and the import can be run again.
        message = _("The database refused the import, nothing was written: %(error)s") % {
            "error": error
        }
        errors = [RowError("", 0, None, message)]
        return ImportResult(errors=errors, counts=importer.counts, dry_run=dry_run)
    return result


class Progress(Protocol):
    """What an import tells as it goes (targets.workbook.uploads keeps it for the progress page)."""

    def row_checked(self) -> None: ...

    def rows_written(self, count: int) -> None: ...


class Importer:
    """One import's state: what is stored (lookups), the errors and counts, and what each
    sheet's validator gathered to write."""

    def __init__(self, user, reason: str, progress: Progress | None = None):
        self.user = user
        self.reason = reason
        self.progress = progress
        self.errors = ErrorList()
        self.parsed: dict = {}
        self.counts = {name: SheetCounts() for name in book.SHEETS}
        self.pending = {
            name: PendingRows() if name in (book.PLANS, book.FIGURES, book.REVISIONS) else Pending()
            for name in book.SHEETS
        }
        self.new_parents: list = []  # (target, its parent target), set once both have ids
        self.new_committee_parents: list = []
        self.lookups: Lookups | None = None

    def validate(self, sheets: list[book.SheetRows]) -> None:
        self.lookups = Lookups(self.user)
        complete = [sheet for sheet in sheets if not self.missing_columns(sheet)]
        loaded = False
        for sheet in complete:
            if not loaded and sheet.name not in (book.COMMITTEES, book.TERMS):
                self.lookups.load_term_rows(complete)
                loaded = True
            VALIDATORS[sheet.name](self).validate(sheet)

    def missing_columns(self, sheet: book.SheetRows) -> bool:
        missing = book.missing_columns(sheet)
        for column in missing:
            message = _("The column “%(header)s” is missing.") % {"header": column.header}
            self.errors.add(RowError(sheet.name, 1, column.header, message))
        return bool(missing)

"""django-import-export resources for the admin, one per sheet of the workbook contract.

Exports write the contract's columns (Vietnamese headers and choice words; numbers as numeric
cells in .xlsx and as Vietnamese text, 1.075,5, in .csv). Imports go through the same service
as the whole-workbook import (targets.workbook.service), so that a sheet imported alone obeys
exactly the same rules and reports its errors by row and column in the admin's preview.
"""

from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.declarative import DeclarativeMetaclass
from import_export.formats import base_formats
from import_export.results import Result, RowResult
from openpyxl import Workbook

from districts.models import Committee, Term
from targets import numbers
from targets.models import AnnualPlan, Figure, Programme, Revision, Target
from targets.workbook import contract as book
from targets.workbook import reading, writing
from targets.workbook.rows import ImportResult, more_errors_message
from targets.workbook.service import workbook_import


class SheetDataset(tablib.Dataset):
    """A sheet read with the import's limits: `sheet` holds its headers and non-empty rows with
    their spreadsheet numbers, read once, in the contract's reader."""

    def __init__(self, sheet: book.SheetRows):
        super().__init__(headers=sheet.headers)
        self.sheet = sheet

    def __len__(self) -> int:
        return len(self.sheet.rows)


class SheetXLSX(base_formats.XLSX):
    """.xlsx for one sheet in the admin: read like the workbook (first sheet, every row, within
    the limits), written with text cells that no spreadsheet takes for a formula."""

    def create_dataset(self, in_stream):
        sheets = reading.read_workbook(io.BytesIO(in_stream), first_only=True)
        return SheetDataset(sheets[0] if sheets else book.SheetRows("", [], []))

    def export_data(self, dataset, **kwargs):
        workbook = Workbook()
        worksheet = workbook.active
        worksheet.title = (dataset.title or "Sheet1")[:31]
        writing.append(worksheet, dataset.headers or [])
        for row in dataset:
            writing.append(worksheet, row)
        return writing.workbook_bytes(workbook)


class SheetCSV(base_formats.CSV):
    def create_dataset(self, in_stream):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        return SheetDataset(reading.read_csv(in_stream, ""))


class SheetField(fields.Field):
    """A column of a sheet: the value at `attribute` (a path such as "target__code"), as the
    resource writes it (no widget), or the contract's word for it where `words` are given."""

    def __init__(self, words: dict | None = None, **kwargs):
        super().__init__(**kwargs)
        self.words = words

    def export(self, instance, **kwargs):
        value = self.get_value(instance)
        return self.words.get(value, value) if self.words is not None else value


class SheetColumns(DeclarativeMetaclass):
    """A resource's fields are its sheet's columns, in the contract's order. A column reads the
    attribute of its key, or the path `paths` gives it, or the word `words` gives its value;
    a `dehydrate_<key>` method of the resource overrides all. With `term_path` (the path from
    the row to its term, "" for a term) the committee and term columns read the term's."""

    def __new__(mcs, name, bases, attrs):
        sheet = attrs.get("sheet")
        if sheet is not None:
            paths, words = attrs.get("paths", {}), attrs.get("words", {})
            term_path = attrs.get("term_path")
            if term_path is not None:
                prefix = f"{term_path}__" if term_path else ""
                paths = {"committee": f"{prefix}committee__code", "term": f"{prefix}label", **paths}
            for column in book.SHEETS[sheet]:
                attrs[column.key] = SheetField(
                    words=words.get(column.key),
                    attribute=paths.get(column.key, column.key),
                    column_name=column.header,
                )
        return super().__new__(mcs, name, bases, attrs)


class SheetResource(resources.Resource, metaclass=SheetColumns):
    """A sheet of the contract: exported through the fields below, imported by the service."""

    sheet: str
    # What each exported row reads besides itself, joined in the export query.
    related: tuple[str, ...] = ()
    # How a column reads its row, where not by the attribute of its key (see SheetColumns).
    paths: dict[str, str] = {}
    words: dict[str, dict] = {}
    term_path: str | None = None

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    @classmethod
    def get_display_name(cls) -> str:
        return cls.sheet

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if isinstance(value, Decimal) and not kwargs.get("force_native_type"):
            # Text files follow the contract's Vietnamese convention, so that they import back.
            return numbers.number_text(value)
        if isinstance(value, Decimal):
            return value.normalize() if value == value.to_integral_value() else value
        return "" if value is None else value

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related(*self.related) if self.related else queryset

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        read = getattr(dataset, "sheet", None)
        if read is not None:  # read by SheetXLSX or SheetCSV, with the import's limits
            sheet = book.SheetRows(name=self.sheet, headers=read.headers, rows=read.rows)
        else:
            headers = [book.cell_text(header) for header in (dataset.headers or [])]
            rows = [
                (number, tuple(row))
                for number, row in enumerate(dataset, start=2)
                if any(not book.is_empty(cell) for cell in row)
            ]
            sheet = book.SheetRows(name=self.sheet, headers=headers, rows=rows)
        outcome = workbook_import(
            sheets=[sheet],
            user=kwargs.get("user") or self.user,
            dry_run=dry_run,
            reason=_("Imported from the sheet %(sheet)s in the admin") % {"sheet": self.sheet},
        )
        return _admin_result(outcome, sheet)


def _admin_result(outcome: ImportResult, sheet: book.SheetRows) -> Result:
    """The service's outcome as django-import-export's Result: each invalid row with its
    errors by column (shown in the admin's preview), and the totals."""
    result = Result()
    result.diff_headers = list(sheet.headers)
    values = dict(sheet.rows)
    by_row = defaultdict(lambda: defaultdict(list))
    for error in outcome.errors:
        by_row[error.row][error.column or NON_FIELD_ERRORS].append(error.message)
    for number in sorted(by_row):
        row = values.get(number, ())
        cells = {header: book.shown_cell(row[index]) if index < len(row) else "" for index,
                 header in enumerate(sheet.headers)}  # fmt: skip
        result.append_invalid_row(number, cells, ValidationError(dict(by_row[number])))
    if outcome.more_errors:
        message = more_errors_message(outcome.more_errors)
        result.append_invalid_row("…", {}, ValidationError({NON_FIELD_ERRORS: [message]}))
    counts = outcome.counts[sheet.name]
    result.totals[RowResult.IMPORT_TYPE_NEW] = counts.created
    result.totals[RowResult.IMPORT_TYPE_UPDATE] = counts.updated
    result.totals[RowResult.IMPORT_TYPE_SKIP] = counts.unchanged
    result.totals[RowResult.IMPORT_TYPE_INVALID] = len(by_row)
    result.total_rows = len(sheet.rows)
    return result


def sheet_resource(model, sheet: str, related: tuple[str, ...], **columns):
    """The resource of one sheet of `model`'s rows: `related` joined in the export query;
    `columns` (term_path, paths, words, dehydrate_<key> methods) as SheetColumns reads them."""
    meta = type("Meta", (), {"model": model})
    attrs = {"sheet": sheet, "related": related, "Meta": meta, "__module__": __name__, **columns}
    return SheetColumns(f"{model.__name__}Resource", (SheetResource,), attrs)


def _figure_value(resource, obj: Figure):
    # A ratio's value follows from its counts: left empty, the import computes it.
    return "" if obj.numerator is not None else obj.value


CommitteeResource = sheet_resource(
    Committee, book.COMMITTEES, ("parent",),
    paths={"parent": "parent__code"}, words={"level": book.LEVEL_WORDS},
)  # fmt: skip
TermResource = sheet_resource(
    Term, book.TERMS, ("committee",), term_path="", paths={"congress": "congress_roman"}
)
ProgrammeResource = sheet_resource(
    Programme, book.PROGRAMMES, ("term__committee",), term_path="term"
)
TargetResource = sheet_resource(
    Target, book.TARGETS, ("term__committee", "programme", "parent"), term_path="term",
    paths={"programme": "programme__number", "parent": "parent__code"},
    words={"group": book.GROUP_WORDS, "aggregation": book.AGGREGATION_WORDS,
           "direction": book.DIRECTION_WORDS, "frequency": book.FREQUENCY_WORDS},
)  # fmt: skip
AnnualPlanResource = sheet_resource(
    AnnualPlan, book.PLANS, ("target__term__committee",), term_path="target__term",
    paths={"target": "target__code"},
)  # fmt: skip
FigureResource = sheet_resource(
    Figure, book.FIGURES, ("target__term__committee",), term_path="target__term",
    paths={"target": "target__code"}, dehydrate_value=_figure_value,
    words={"is_estimate": {True: book.ESTIMATE_WORD, False: ""}},
)  # fmt: skip
RevisionResource = sheet_resource(
    Revision, book.REVISIONS, ("target__term__committee",), term_path="target__term",
    paths={"target": "target__code", "from": "in_force_label"},
)  # fmt: skip


RESOURCES = [
    CommitteeResource,
    TermResource,
    ProgrammeResource,
    TargetResource,
    AnnualPlanResource,
    FigureResource,
    RevisionResource,
]

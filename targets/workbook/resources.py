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


def _field(key: str, sheet: str) -> fields.Field:
    column = next(column for column in book.SHEETS[sheet] if column.key == key)
    return fields.Field(attribute=None, column_name=column.header)


class SheetResource(resources.Resource):
    """A sheet of the contract: exported through the fields below, imported by the service."""

    sheet: str
    # What each exported row reads besides itself, joined in the export query.
    related: tuple[str, ...] = ()

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
        cells = {header: row[index] if index < len(row) else "" for index, header in
                 enumerate(sheet.headers)}  # fmt: skip
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


class CommitteeResource(SheetResource):
    sheet = book.COMMITTEES
    code = _field("code", sheet)
    name = _field("name", sheet)
    level = _field("level", sheet)
    parent = _field("parent", sheet)

    class Meta:
        model = Committee

    related = ("parent",)

    def dehydrate_code(self, obj: Committee) -> str:
        return obj.code

    def dehydrate_name(self, obj: Committee) -> str:
        return obj.name

    def dehydrate_level(self, obj: Committee) -> str:
        return book.LEVEL_WORDS.get(obj.level, obj.level)

    def dehydrate_parent(self, obj: Committee) -> str:
        return obj.parent.code if obj.parent_id else ""


class _TermColumns(SheetResource):
    """Committee code and term label, the first two columns of every later sheet."""

    def term_of(self, obj) -> Term:
        raise NotImplementedError

    def dehydrate_committee(self, obj) -> str:
        return self.term_of(obj).committee.code

    def dehydrate_term(self, obj) -> str:
        return self.term_of(obj).label


class TermResource(_TermColumns):
    sheet = book.TERMS
    committee = _field("committee", sheet)
    term = _field("term", sheet)
    congress = _field("congress", sheet)

    class Meta:
        model = Term

    related = ("committee",)

    def term_of(self, obj: Term) -> Term:
        return obj

    def dehydrate_congress(self, obj: Term) -> str:
        return obj.congress_roman


class ProgrammeResource(_TermColumns):
    sheet = book.PROGRAMMES
    committee = _field("committee", sheet)
    term = _field("term", sheet)
    number = _field("number", sheet)
    name = _field("name", sheet)

    class Meta:
        model = Programme

    related = ("term__committee",)

    def term_of(self, obj: Programme) -> Term:
        return obj.term

    def dehydrate_number(self, obj: Programme) -> int:
        return obj.number

    def dehydrate_name(self, obj: Programme) -> str:
        return obj.name


class TargetResource(_TermColumns):
    sheet = book.TARGETS
    committee = _field("committee", sheet)
    term = _field("term", sheet)
    code = _field("code", sheet)
    name = _field("name", sheet)
    group = _field("group", sheet)
    programme = _field("programme", sheet)
    unit = _field("unit", sheet)
    aggregation = _field("aggregation", sheet)
    direction = _field("direction", sheet)
    baseline = _field("baseline", sheet)
    term_target = _field("term_target", sheet)
    parent = _field("parent", sheet)
    frequency = _field("frequency", sheet)

    class Meta:
        model = Target

    related = ("term__committee", "programme", "parent")

    def term_of(self, obj: Target) -> Term:
        return obj.term

    def dehydrate_code(self, obj: Target) -> str:
        return obj.code

    def dehydrate_name(self, obj: Target) -> str:
        return obj.name

    def dehydrate_group(self, obj: Target) -> str:
        return book.GROUP_WORDS.get(obj.group, obj.group)

    def dehydrate_programme(self, obj: Target):
        return obj.programme.number if obj.programme_id else ""

    def dehydrate_unit(self, obj: Target) -> str:
        return obj.unit

    def dehydrate_aggregation(self, obj: Target) -> str:
        return book.AGGREGATION_WORDS.get(obj.aggregation, obj.aggregation)

    def dehydrate_direction(self, obj: Target) -> str:
        return book.DIRECTION_WORDS.get(obj.direction, obj.direction)

    def dehydrate_baseline(self, obj: Target):
        return obj.baseline

    def dehydrate_term_target(self, obj: Target):
        return obj.term_target

    def dehydrate_parent(self, obj: Target) -> str:
        return obj.parent.code if obj.parent_id else ""

    def dehydrate_frequency(self, obj: Target) -> str:
        return book.FREQUENCY_WORDS.get(obj.frequency, obj.frequency)


class _TargetColumns(_TermColumns):
    def term_of(self, obj) -> Term:
        return obj.target.term

    def dehydrate_target(self, obj) -> str:
        return obj.target.code

    def dehydrate_year(self, obj) -> int:
        return obj.year

    def dehydrate_value(self, obj):
        return obj.value


class AnnualPlanResource(_TargetColumns):
    sheet = book.PLANS
    committee = _field("committee", sheet)
    term = _field("term", sheet)
    target = _field("target", sheet)
    year = _field("year", sheet)
    value = _field("value", sheet)

    class Meta:
        model = AnnualPlan

    related = ("target__term__committee",)


class FigureResource(_TargetColumns):
    sheet = book.FIGURES
    committee = _field("committee", sheet)
    term = _field("term", sheet)
    target = _field("target", sheet)
    year = _field("year", sheet)
    quarter = _field("quarter", sheet)
    value = _field("value", sheet)
    note = _field("note", sheet)
    is_estimate = _field("is_estimate", sheet)
    numerator = _field("numerator", sheet)
    denominator = _field("denominator", sheet)

    class Meta:
        model = Figure

    related = ("target__term__committee",)

    def dehydrate_quarter(self, obj: Figure) -> int:
        return obj.quarter

    def dehydrate_note(self, obj: Figure) -> str:
        return obj.note

    def dehydrate_is_estimate(self, obj: Figure) -> str:
        return book.ESTIMATE_WORD if obj.is_estimate else ""

    def dehydrate_value(self, obj: Figure):
        # A ratio's value follows from its counts: left empty, the import computes it.
        return "" if obj.numerator is not None else obj.value

    def dehydrate_numerator(self, obj: Figure):
        return obj.numerator if obj.numerator is not None else ""

    def dehydrate_denominator(self, obj: Figure):
        return obj.denominator if obj.denominator is not None else ""


class RevisionResource(_TargetColumns):
    sheet = book.REVISIONS
    committee = _field("committee", sheet)
    term = _field("term", sheet)
    target = _field("target", sheet)
    plan_year = _field("plan_year", sheet)
    value = _field("value", sheet)
    in_force = fields.Field(attribute=None, column_name="Hiệu lực từ")
    basis = _field("basis", sheet)

    class Meta:
        model = Revision

    related = ("target__term__committee",)

    def dehydrate_plan_year(self, obj: Revision):
        return obj.plan_year if obj.plan_year is not None else ""

    def dehydrate_in_force(self, obj: Revision) -> str:
        return obj.in_force_label

    def dehydrate_basis(self, obj: Revision) -> str:
        return obj.basis


RESOURCES = [
    CommitteeResource,
    TermResource,
    ProgrammeResource,
    TargetResource,
    AnnualPlanResource,
    FigureResource,
    RevisionResource,
]

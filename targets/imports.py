"""Importing a workbook of ../shared/IMPORT_FORMAT.md: validate every row of every sheet first,
collect every error with its sheet, row and column, then write everything in bulk in one
transaction (or, for a dry run or any error, write nothing).

Rows are keyed by the contract's natural keys (committee code, term years, programme number,
target code, year, quarter). Existing rows whose values are the same are left alone, so that
importing a file twice changes nothing; nothing is ever deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from districts.access import FULL_RIGHTS, Rights, rights
from districts.models import Committee, Term
from targets import progress as engine
from targets import workbook as book
from targets.cycle import figure_write_refusal, revision_write_refusal
from targets.models import (
    AnnualPlan,
    Measurement,
    Programme,
    QuarterlyReport,
    Revision,
    Target,
    counts_errors,
)
from targets.progress_cache import data_changed
from targets.workbook import _

BATCH = 2000
# Parsed cells remembered per import, so that memory stays bounded whatever the file holds.
PARSED_KEPT = 20_000

TermKey = tuple[str, int, int]  # committee code, start year, end year
TargetKey = tuple[TermKey, str]


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


# The history reason of rows written by an import, unless the caller gives another.
IMPORT_REASON = gettext_lazy("Imported from a workbook")


def workbook_import(
    *, sheets: list[book.SheetRows], user=None, dry_run: bool = False, reason: str = ""
):
    """Validate the sheets in the contract's order and, if every row is valid and this is not a
    dry run, write them in one transaction. `user` limits the rows to the committees their
    memberships cover and figures to what the cycle's rule lets them write; it is recorded as
    the author of the changes, with `reason` in the history. None is the system itself (the
    `import_workbook` command run with --system): an administrator's rights."""
    by_name = {sheet.name: sheet for sheet in sheets}
    ordered = [by_name[name] for name in book.SHEETS if name in by_name]
    importer = _Importer(user, reason=reason or str(IMPORT_REASON))
    try:
        with transaction.atomic(), book.translations_remembered():
            importer.validate(ordered)
            result = ImportResult(errors=importer.errors, counts=importer.counts, dry_run=dry_run)
            if importer.errors or dry_run:
                return result
            importer.write()
            data_changed(importer.written_terms())
            result.written = True
    except IntegrityError as error:
        # Validation mirrors the database's rules, so this means someone else changed the same
        # rows meanwhile; the transaction is rolled back and the import can be run again.
        message = _("The database refused the import, nothing was written: %(error)s") % {
            "error": error
        }
        return ImportResult(errors=[RowError("", 0, None, message)], counts=importer.counts,
                            dry_run=dry_run)  # fmt: skip
    return result


@dataclass
class _Pending:
    """What one sheet will write: new objects, and changed ones with the fields that changed."""

    created: list = field(default_factory=list)
    updated: dict = field(default_factory=dict)  # id(obj) -> obj
    fields: set[str] = field(default_factory=set)

    def change(self, obj, values: dict) -> bool:
        """Set the values that differ; True if any did."""
        changed = [name for name, value in values.items() if _differs(obj, name, value)]
        for name in changed:
            setattr(obj, name, values[name])
        if changed and obj.pk is not None:
            self.updated[id(obj)] = obj
            self.fields.update(changed)
        return bool(changed)


class _Row:
    """Collects the errors of one row; reading a cell returns None if it was wrong."""

    def __init__(self, importer: _Importer, sheet: str, number: int, record: dict):
        self.importer = importer
        self.sheet = sheet
        self.number = number
        self.record = record
        self.failed = False

    def error(self, key: str | None, message: str) -> None:
        column = _header(self.sheet, key) if key else None
        self.failed = True
        errors = self.importer.errors
        if errors.full:
            errors.more += 1  # counted, without building the error
            return
        errors.append(RowError(self.sheet, self.number, column, message))

    def has(self, key: str) -> bool:
        return key in self.record

    def text(self, key: str) -> str | None:
        value = book.cell_text(self.record.get(key))
        column = _column(self.sheet, key)
        if not value and column.required:
            self.error(key, _("This cell must not be empty."))
            return None
        return value

    def value(self, key: str, parse):
        raw = self.record.get(key)
        if book.is_empty(raw):
            if _column(self.sheet, key).required:
                self.error(key, _("This cell must not be empty."))
            return None
        # A column's cells repeat (codes, terms, years): each text is parsed once.
        parsed = self.importer.parsed
        memo = (self.sheet, key, raw)
        outcome = parsed.get(memo)
        if outcome is None:
            try:
                outcome = (parse(raw), None)
            except book.CellError as problem:
                outcome = (None, str(problem))
            if len(parsed) < PARSED_KEPT:
                parsed[memo] = outcome
        if outcome[1] is not None:
            self.error(key, outcome[1])
        return outcome[0]


_COLUMNS = {(sheet, column.key): column for sheet, columns in book.SHEETS.items()
            for column in columns}  # fmt: skip


def _column(sheet: str, key: str) -> book.Column:
    return _COLUMNS[sheet, key]


def _header(sheet: str, key: str) -> str:
    return _column(sheet, key).header


class _Importer:
    def __init__(self, user, reason: str):
        if user is not None and not user.is_authenticated:
            raise ValueError("An import is made by a user or by the system (None).")
        self.user = user
        self.reason = reason
        self.errors = ErrorList()
        self.parsed: dict = {}
        self.counts = {name: SheetCounts() for name in book.SHEETS}
        self.pending = {name: _Pending() for name in book.SHEETS}
        self.committees: dict[str, Committee] = {
            committee.code: committee for committee in Committee.objects.all()
        }
        self.committees_by_pk = {committee.pk: committee for committee in self.committees.values()}
        self.covered: set[int] | None = None
        if self.user is not None and not self.user.is_superuser:
            self.covered = set(Committee.objects.covered_by(self.user).values_list("pk", flat=True))
        self.terms: dict[TermKey, Term] = {}
        for term in Term.objects.select_related("committee"):
            self.terms[(term.committee.code, term.start_year, term.end_year)] = term
        self.programmes: dict[tuple[TermKey, int], Programme] = {}
        self.targets: dict[TargetKey, Target] = {}
        self.plans: dict[tuple[TargetKey, int], AnnualPlan] = {}
        self.figures: dict[tuple[TargetKey, int, int], Measurement] = {}
        self.revisions: dict[tuple, Revision] = {}
        self.reports: dict[tuple[TermKey, int, int], QuarterlyReport] = {}
        self.rights: dict[int, Rights] = {}  # the user's rights by committee id
        self.new_parents: list[tuple[Target, Target]] = []
        self.new_committee_parents: list[tuple[Committee, Committee]] = []

    # --- shared checks ---------------------------------------------------------------------

    def may(self, obj, action: str) -> bool:
        """The user's model permission (add or change) for this kind of row."""
        if self.user is None or self.user.is_superuser:
            return True
        opts = obj._meta
        return self.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")

    def allowed(self, committee: Committee) -> bool:
        """Whether the user may write rows of this committee: covered by their memberships, or
        a new committee under one that is."""
        if self.covered is None:
            return True
        if committee.pk is not None:
            return committee.pk in self.covered
        return committee.parent is not None and self.allowed(committee.parent)

    def rights_at(self, committee: Committee) -> Rights:
        """The user's rights at a committee (an import without a user is an administrator's),
        one query per committee."""
        if self.user is None:
            return FULL_RIGHTS
        if committee.pk not in self.rights:
            self.rights[committee.pk] = rights(self.user, committee)
        return self.rights[committee.pk]

    def committee(self, row: _Row, key: str = "committee") -> Committee | None:
        code = row.text(key)
        if not code:
            return None
        committee = self.committees.get(code)
        if committee is None:
            row.error(key, _("There is no committee with the code “%(code)s”.") % {"code": code})
            return None
        if not self.allowed(committee):
            row.error(
                key,
                _("You may not import rows of the committee “%(code)s”.") % {"code": code},
            )
            return None
        return committee

    def term(self, row: _Row) -> tuple[TermKey, Term] | None:
        committee = self.committee(row)
        years = row.value("term", book.parse_term)
        if committee is None or years is None:
            return None
        key = (committee.code, *years)
        term = self.terms.get(key)
        if term is None:
            row.error(
                "term",
                _("The committee %(code)s has no term %(term)s.")
                % {"code": committee.code, "term": f"{years[0]}-{years[1]}"},
            )
            return None
        return key, term

    def target(self, row: _Row) -> tuple[TargetKey, Target] | None:
        found = self.term(row)
        code = row.text("target")
        if found is None or not code:
            return None
        term_key, term = found
        target = self.targets.get((term_key, code))
        if target is None:
            row.error(
                "target",
                _("The term %(term)s of %(committee)s has no target “%(code)s”.")
                % {"term": term.label, "committee": term_key[0], "code": code},
            )
            return None
        return (term_key, code), target

    def year_in_term(self, row: _Row, term_key: TermKey) -> int | None:
        year = row.value("year", book.parse_year)
        if year is not None and not term_key[1] <= year <= term_key[2]:
            row.error(
                "year",
                _("The year %(year)s is outside the term %(term)s.")
                % {"year": year, "term": f"{term_key[1]}-{term_key[2]}"},
            )
            return None
        return year

    def duplicate(self, row: _Row, seen: dict, key, column: str) -> bool:
        if key in seen:
            row.error(
                column,
                _("This row repeats row %(row)s (the same key).") % {"row": seen[key]},
            )
            return True
        seen[key] = row.number
        return False

    def upsert(self, row: _Row, store: dict, key, values: dict, model, **keys) -> None:
        """The row's object: the stored one given these values (counted as changed or not),
        or a new one made of its keys and values."""
        obj = store.get(key)
        if obj is None:
            obj = store[key] = model(**keys, **values)
            changed = True
        else:
            changed = self.pending[row.sheet].change(obj, values)
        self.count(row, obj, changed)

    def count(self, row: _Row, obj, changed: bool) -> None:
        sheet = row.sheet
        counts = self.counts[sheet]
        if changed and not self.may(obj, "add" if obj.pk is None else "change"):
            row.error(
                None,
                _("You do not have the permission to add or change %(things)s.")
                % {"things": obj._meta.verbose_name_plural},
            )
            return
        if obj.pk is None:
            counts.created += 1
            self.pending[sheet].created.append(obj)
        elif changed:
            counts.updated += 1
        else:
            counts.unchanged += 1

    # --- validation ------------------------------------------------------------------------

    def validate(self, sheets: list[book.SheetRows]) -> None:
        complete = []
        for sheet in sheets:
            missing = book.missing_columns(sheet)
            for column in missing:
                self.errors.add(
                    RowError(
                        sheet.name,
                        1,
                        column.header,
                        _("The column “%(header)s” is missing.") % {"header": column.header},
                    )
                )
            if not missing:
                complete.append(sheet)
        sheets = complete
        handlers = {
            book.COMMITTEES: self.committees_sheet,
            book.TERMS: self.terms_sheet,
            book.PROGRAMMES: self.programmes_sheet,
            book.TARGETS: self.targets_sheet,
            book.PLANS: self.plans_sheet,
            book.FIGURES: self.figures_sheet,
            book.REVISIONS: self.revisions_sheet,
        }
        loaded = False
        for sheet in sheets:
            if not loaded and sheet.name not in (book.COMMITTEES, book.TERMS):
                self.load_term_rows(sheets)
                loaded = True
            handlers[sheet.name](sheet)

    def load_term_rows(self, sheets: list[book.SheetRows]) -> None:
        """Programmes, targets, plans, figures and approved quarters of the existing terms the
        workbook names (and of their committees' parents, for parent targets): five queries."""
        named = set()
        for sheet in sheets:
            if sheet.name in (book.COMMITTEES, book.TERMS):
                continue
            for _number, record in book.records(sheet):
                try:
                    years = book.parse_term(record.get("term"))
                except book.CellError:
                    continue
                code = book.cell_text(record.get("committee"))
                named.add((code, *years))
                parent = self.committees.get(code)
                if parent is not None and parent.parent_id is not None:
                    named.update(
                        key
                        for key, term in self.terms.items()
                        if term.committee_id == parent.parent_id
                    )
        terms = {self.terms[key].pk: key for key in named if key in self.terms}
        terms = {pk: key for pk, key in terms.items() if pk is not None}
        for programme in Programme.objects.filter(term_id__in=terms):
            self.programmes[(terms[programme.term_id], programme.number)] = programme
        target_keys = {}
        for target in Target.objects.filter(term_id__in=terms):
            key = (terms[target.term_id], target.code)
            self.targets[key] = target
            target_keys[target.pk] = key
        for plan in AnnualPlan.objects.filter(target__term_id__in=terms):
            self.plans[(target_keys[plan.target_id], plan.year)] = plan
        for figure in Measurement.objects.filter(target__term_id__in=terms):
            self.figures[(target_keys[figure.target_id], figure.year, figure.quarter)] = figure
        for revision in Revision.objects.filter(target__term_id__in=terms):
            key = (
                target_keys[revision.target_id],
                revision.plan_year,
                revision.from_year,
                revision.from_quarter,
            )
            self.revisions[key] = revision
        reports = QuarterlyReport.objects.filter(term_id__in=terms).select_related(
            "submitted_by", "reviewed_by"
        )
        for report in reports:
            self.reports[(terms[report.term_id], report.year, report.quarter)] = report

    def committees_sheet(self, sheet: book.SheetRows) -> None:
        seen: dict = {}
        parents = []
        for number, record in book.records(sheet):
            row = _Row(self, sheet.name, number, record)
            code = row.text("code")
            name = row.text("name")
            level = row.value("level", lambda raw: book.parse_choice(raw, book.LEVEL_WORDS))
            parent_code = row.text("parent")
            if not code or self.duplicate(row, seen, code, "code") or row.failed:
                continue
            committee = self.committees.get(code)
            if committee is not None and not self.allowed(committee):
                row.error(
                    "code",
                    _("You may not import rows of the committee “%(code)s”.") % {"code": code},
                )
                continue
            if committee is None:
                committee = Committee(code=code, name=name, level=level)
                self.committees[code] = committee
                changed = True
            else:
                changed = self.pending[sheet.name].change(committee, {"name": name, "level": level})
            parents.append((row, committee, parent_code, changed))
        for row, committee, parent_code, changed in parents:
            parent = None
            if parent_code:
                parent = self.committees.get(parent_code)
                if parent is None or parent is committee or self._below(parent, committee):
                    row.error(
                        "parent",
                        _("There is no committee with the code “%(code)s”.") % {"code": parent_code}
                        if parent is None
                        else _("A committee cannot be placed under itself."),
                    )
                    continue
            if committee.pk is None:
                committee.parent = parent
                if not self.allowed(committee):
                    row.error(
                        "parent",
                        _("You may only add committees under the ones you are responsible for."),
                    )
                    continue
                if parent is not None and parent.pk is None:
                    self.new_committee_parents.append((committee, parent))
            elif _differs(committee, "parent", parent):
                if parent is None or not self.allowed(parent):
                    row.error(
                        "parent",
                        _("You may only move a committee under one you are responsible for."),
                    )
                    continue
                changed = self.pending[sheet.name].change(committee, {"parent": parent}) or changed
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
                current = self.committees_by_pk.get(current.parent_id)
        return False

    def terms_sheet(self, sheet: book.SheetRows) -> None:
        seen: dict = {}
        for number, record in book.records(sheet):
            row = _Row(self, sheet.name, number, record)
            committee = self.committee(row)
            years = row.value("term", book.parse_term)
            congress = row.value("congress", book.parse_congress)
            if committee is None or years is None or row.failed:
                continue
            key = (committee.code, *years)
            if self.duplicate(row, seen, key, "term"):
                continue
            term = self.terms.get(key)
            if term is None:
                clash = next(
                    (
                        other
                        for (code, start, _end), other in self.terms.items()
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
                    continue
                term = Term(
                    committee=committee, start_year=years[0], end_year=years[1], congress=congress
                )
                self.terms[key] = term
                changed = True
            else:
                changed = self.pending[sheet.name].change(term, {"congress": congress})
            self.count(row, term, changed)

    def programmes_sheet(self, sheet: book.SheetRows) -> None:
        seen: dict = {}
        for number, record in book.records(sheet):
            row = _Row(self, sheet.name, number, record)
            found = self.term(row)
            programme_number = row.value("number", lambda raw: _positive(raw, _("a number")))
            name = row.text("name")
            if found is None or row.failed:
                continue
            term_key, term = found
            key = (term_key, programme_number)
            if self.duplicate(row, seen, key, "number"):
                continue
            self.upsert(
                row,
                self.programmes,
                key,
                {"name": name},
                Programme,
                term=term,
                number=programme_number,
            )

    def targets_sheet(self, sheet: book.SheetRows) -> None:
        seen: dict = {}
        parents = []
        for number, record in book.records(sheet):
            row = _Row(self, sheet.name, number, record)
            found = self.term(row)
            code = row.text("code")
            values = {
                "name": row.text("name"),
                "group": row.value("group", lambda raw: book.parse_choice(raw, book.GROUP_WORDS)),
                "unit": row.text("unit") or "",
                "aggregation": row.value(
                    "aggregation", lambda raw: book.parse_choice(raw, book.AGGREGATION_WORDS)
                ),
                "direction": row.value(
                    "direction", lambda raw: book.parse_choice(raw, book.DIRECTION_WORDS)
                ),
                "baseline": row.value("baseline", book.parse_number),
                "term_target": row.value("term_target", book.parse_number),
            }
            if row.has("frequency"):
                # An empty cell means every quarter, as the contract says.
                values["frequency"] = (
                    row.value("frequency", lambda raw: book.parse_choice(raw, book.FREQUENCY_WORDS))
                    or Target.Frequency.QUARTER
                )
            programme_number = row.value("programme", lambda raw: _positive(raw, _("a number")))
            parent_code = row.text("parent")
            if found is None or not code or row.failed:
                continue
            term_key, term = found
            values["programme"] = None
            if programme_number is not None:
                values["programme"] = self.programmes.get((term_key, programme_number))
                if values["programme"] is None:
                    row.error(
                        "programme",
                        _("The term has no programme number %(number)s.")
                        % {"number": programme_number},
                    )
                    continue
            key = (term_key, code)
            if self.duplicate(row, seen, key, "code"):
                continue
            target = self.targets.get(key)
            if target is None:
                target = Target(term=term, code=code, **values)
                self.targets[key] = target
                changed = True
            else:
                changed = self.pending[sheet.name].change(target, values)
            parents.append((row, term_key, target, parent_code, changed))
        for row, term_key, target, parent_code, changed in parents:
            parent = self._parent_target(row, term_key, parent_code) if parent_code else None
            if row.failed:
                continue
            if target.pk is None or (parent is not None and parent.pk is None):
                if parent is not None:
                    self.new_parents.append((target, parent))
            else:
                changed = self.pending[row.sheet].change(target, {"parent": parent}) or changed
            self.count(row, target, changed)

    def _parent_target(self, row: _Row, term_key: TermKey, code: str) -> Target | None:
        """The parent committee's target with this code, in its term of the same years (or
        else one whose years overlap)."""
        committee = self.committees[term_key[0]]
        parent = committee.parent
        if parent is None:
            row.error("parent", _("The committee has no parent committee."))
            return None
        candidates = [
            (key, target)
            for (key, target_code), target in self.targets.items()
            if key[0] == parent.code and target_code == code
        ]
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

    def plans_sheet(self, sheet: book.SheetRows) -> None:
        seen: dict = {}
        for number, record in book.records(sheet):
            row = _Row(self, sheet.name, number, record)
            found = self.target(row)
            year = self.year_in_term(row, found[0][0]) if found else None
            value = row.value("value", book.parse_number)
            if found is None or row.failed:
                continue
            target_key, target = found
            key = (target_key, year)
            if self.duplicate(row, seen, key, "year"):
                continue
            self.upsert(
                row,
                self.plans,
                key,
                {"value": value},
                AnnualPlan,
                target=target,
                year=year,
            )

    def figure_counts(self, row: _Row, target: Target, values: dict, numerator, denominator):
        """A ratio target's figure is its counts (Tử số, Mẫu số), its value the engine's
        percentage of them (a value given must agree to one decimal); any other target's
        figure is its value, without counts (models.counts_errors, the one rule)."""
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
                    "value": book.number_text(given),
                    "numerator": book.number_text(numerator),
                    "denominator": book.number_text(denominator),
                    "pct": book.number_text(engine.round_pct(computed)),
                },
            )
            return
        values.update(value=computed, numerator=numerator, denominator=denominator)

    def revisions_sheet(self, sheet: book.SheetRows) -> None:
        seen: dict = {}
        for number, record in book.records(sheet):
            row = _Row(self, sheet.name, number, record)
            found = self.target(row)
            plan_year = row.value("plan_year", book.parse_year)
            value = row.value("value", book.parse_number)
            moment = row.value("from", book.parse_in_force)
            basis = row.text("basis")
            if found is None or row.failed:
                continue
            target_key, target = found
            term_key = target_key[0]
            for key, year in (("plan_year", plan_year), ("from", moment[0])):
                if year is not None and not term_key[1] <= year <= term_key[2]:
                    row.error(
                        key,
                        _("The year %(year)s is outside the term %(term)s.")
                        % {"year": year, "term": f"{term_key[1]}-{term_key[2]}"},
                    )
            if row.failed:
                continue
            key = (target_key, plan_year, *moment)
            if self.duplicate(row, seen, key, "from"):
                continue
            revision = self.revisions.get(key)
            values = {"value": value, "basis": basis}
            changed = revision is None or any(
                _differs(revision, name, each) for name, each in values.items()
            )
            if changed:
                term = self.terms[term_key]
                refusal = revision_write_refusal(
                    self.user, term=term, can=self.rights_at(term.committee)
                )
                if refusal is not None:
                    row.error("target", refusal)
                    continue
            self.upsert(
                row,
                self.revisions,
                key,
                values,
                Revision,
                target=target,
                plan_year=plan_year,
                from_year=moment[0],
                from_quarter=moment[1],
                created_by=self.user,
            )

    def figures_sheet(self, sheet: book.SheetRows) -> None:
        seen: dict = {}
        pending = self.pending[sheet.name]
        for number, record in book.records(sheet):
            row = _Row(self, sheet.name, number, record)
            found = self.target(row)
            year = self.year_in_term(row, found[0][0]) if found else None
            quarter = row.value("quarter", book.parse_quarter)
            values = {"value": row.value("value", book.parse_number)}
            numerator = row.value("numerator", book.parse_number)
            denominator = row.value("denominator", book.parse_number)
            if found is not None:
                self.figure_counts(row, found[1], values, numerator, denominator)
            if row.has("note"):
                values["note"] = row.text("note") or ""
            if row.has("is_estimate"):
                values["is_estimate"] = bool(row.value("is_estimate", book.parse_estimate))
            if found is None or row.failed:
                continue
            target_key, target = found
            key = (target_key, year, quarter)
            if self.duplicate(row, seen, key, "quarter"):
                continue
            figure = self.figures.get(key)
            if figure is None:
                figure = Measurement(target=target, year=year, quarter=quarter, **values)
                changed = True
            else:
                changed = any(getattr(figure, name) != value for name, value in values.items())
            if changed:
                term = self.terms[target_key[0]]
                refusal = figure_write_refusal(
                    self.user,
                    term=term,
                    year=year,
                    quarter=quarter,
                    report=self.reports.get((target_key[0], year, quarter)),
                    can=self.rights_at(term.committee),
                )
                if refusal is not None:
                    row.error("quarter", refusal)
                    continue
            if figure.pk is None:
                self.figures[key] = figure
            else:
                pending.change(figure, values)
            self.count(row, figure, changed)

    # --- writing ---------------------------------------------------------------------------

    def write(self) -> None:
        """Everything validated, in the contract's order so that each sheet's rows have the
        ids the next sheet needs. Bulk writes, with a history record per row."""
        now = timezone.now()
        committees = self.pending[book.COMMITTEES]
        if committees.created:
            # Parents that are new themselves are set once every new committee has an id.
            for committee, _parent in self.new_committee_parents:
                committee.parent = None
            Committee.objects.bulk_create(committees.created)
            for committee, parent in self.new_committee_parents:
                committee.parent = parent
            Committee.objects.bulk_update(
                [committee for committee, _parent in self.new_committee_parents], ["parent"]
            )
        self._update(Committee, committees, history=False)
        for sheet, model, history in (
            (book.TERMS, Term, False),
            (book.PROGRAMMES, Programme, False),
            (book.TARGETS, Target, True),
        ):
            pending = self.pending[sheet]
            for obj in pending.created:
                _refresh_foreign_keys(obj)
            if pending.created:
                if history:
                    bulk_create_with_history(
                        pending.created,
                        model,
                        batch_size=BATCH,
                        default_user=self.user,
                        default_change_reason=self.reason,
                    )
                else:
                    model.objects.bulk_create(pending.created, batch_size=BATCH)
            self._update(model, pending, history=history)
        if self.new_parents:
            for target, parent in self.new_parents:
                target.parent = parent
            bulk_update_with_history(
                [target for target, _parent in self.new_parents],
                Target,
                ["parent"],
                batch_size=BATCH,
                default_user=self.user,
                default_change_reason=self.reason,
            )
        for sheet, model in (
            (book.PLANS, AnnualPlan),
            (book.FIGURES, Measurement),
            (book.REVISIONS, Revision),
        ):
            pending = self.pending[sheet]
            for obj in pending.created:
                _refresh_foreign_keys(obj)
                if model is Measurement:
                    obj.updated_by = self.user
            if pending.created:
                bulk_create_with_history(
                    pending.created,
                    model,
                    batch_size=BATCH,
                    default_user=self.user,
                    default_change_reason=self.reason,
                )
            if model is Measurement and pending.updated:
                for obj in pending.updated.values():
                    obj.updated_by = self.user
                    obj.updated_at = now
                pending.fields.update({"updated_by", "updated_at"})
            self._update(model, pending, history=True)

    def written_terms(self) -> set[int]:
        """The ids of the terms whose rows this import wrote (for data_changed())."""
        term_of_target = {target.pk: target.term_id for target in self.targets.values()}
        ids = {target.term_id for target, _parent in self.new_parents}
        for pending in self.pending.values():
            for obj in [*pending.created, *pending.updated.values()]:
                if isinstance(obj, Term):
                    ids.add(obj.pk)
                elif isinstance(obj, (Programme, Target)):
                    ids.add(obj.term_id)
                elif isinstance(obj, (AnnualPlan, Measurement, Revision)):
                    ids.add(term_of_target.get(obj.target_id))
        return ids

    def _update(self, model, pending: _Pending, history: bool) -> None:
        if not pending.updated:
            return
        objects = list(pending.updated.values())
        fields = sorted(pending.fields)
        if history:
            bulk_update_with_history(
                objects,
                model,
                fields,
                batch_size=BATCH,
                default_user=self.user,
                default_change_reason=self.reason,
            )
        else:
            model.objects.bulk_update(objects, fields, batch_size=BATCH)


def _differs(obj, name: str, value) -> bool:
    """Whether a field holds another value; related objects are compared by id, so that no
    query is made to load the current one."""
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        if value is None:
            return getattr(obj, model_field.attname) is not None
        return value.pk is None or getattr(obj, model_field.attname) != value.pk
    return getattr(obj, name) != value


def _refresh_foreign_keys(obj) -> None:
    """Copy the ids of related objects created earlier in this import into the *_id fields
    (Django does this on save(); bulk_create needs it done here)."""
    for model_field in obj._meta.concrete_fields:
        if model_field.is_relation and model_field.many_to_one:
            related = model_field.get_cached_value(obj, default=None)
            if related is not None and getattr(obj, model_field.attname) != related.pk:
                setattr(obj, model_field.attname, related.pk)


def _positive(raw, what: str) -> int:
    number = book.parse_int(raw, what)
    if number < 1:
        raise book.CellError(_("“%(value)s” is not %(what)s.") % {"value": raw, "what": what})
    return number

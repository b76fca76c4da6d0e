"""Generate a workbook of N quarterly figures and import it into the configured database.

The workbook: one city with committees under it (25 targets each, figures for 2025-2027), as
many committees as N figures need. Prints the time to read, validate and write, rows per second
and the memory the import took above what the process held before; then the time of a re-import
of the same file (nothing changed). On PostgreSQL it also prints the time of a raw `COPY` of
the same figures into a temporary table shaped like the figures' table, and the ratio of the
import to that physical floor. The imported rows are removed afterwards unless --keep.
"""

from __future__ import annotations

import random
import tempfile
import time

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from openpyxl import Workbook

from bench import memory
from districts.models import Committee, Term
from targets.models import AnnualPlan, Figure, Target
from targets.workbook import contract as book
from targets.workbook.reading import read_workbook
from targets.workbook.service import workbook_import

ROOT = "IMPORTBENCH"
TARGETS = 25
# Issue 12's goals for 100,000 figures.
GOAL_IMPORT_S, GOAL_MEMORY_MIB, GOAL_REIMPORT_S = 10, 250, 5
YEARS = (2025, 2026, 2027)


class Command(BaseCommand):
    help = "Time the import of a generated workbook of quarterly figures (default 100,000)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--figures", type=int, default=100_000)
        parser.add_argument("--keep", action="store_true", help="leave the imported rows")

    def handle(self, *args, **options) -> None:
        remove()
        per_committee = TARGETS * len(YEARS) * 4
        committees = max(1, -(-options["figures"] // per_committee))
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as file:
            started = time.perf_counter()
            figures = write_workbook(file.name, committees, options["figures"])
            self.stdout.write(
                f"generated {file.name}: {committees} committees, {committees * TARGETS} "
                f"targets, {figures} figures in {time.perf_counter() - started:.1f} s"
            )
            baseline = memory.resident_now()
            cpu = time.process_time()
            started = time.perf_counter()
            sheets = read_workbook(file.name)
            read = time.perf_counter() - started
            result = workbook_import(sheets=sheets)
            total = time.perf_counter() - started
            cpu = time.process_time() - cpu
        if result.errors:
            for line in result.error_lines[:20]:
                self.stderr.write(line)
            raise SystemExit(1)
        self.report(total, read, figures, baseline)
        self.stdout.write(
            f"  of which this process's own CPU time {cpu:.1f} s (the rest: waiting for the "
            "database, or for a core on a busy machine)"
        )
        started, cpu = time.perf_counter(), time.process_time()
        again = workbook_import(sheets=sheets)
        counts = again.counts[book.FIGURES]
        self.stdout.write(
            f"re-import of the same file: {counts.unchanged} unchanged, "
            f"{counts.created + counts.updated} written, in {time.perf_counter() - started:.1f} s "
            f"(CPU {time.process_time() - cpu:.1f} s; goal ≤ {GOAL_REIMPORT_S} s)"
        )
        if not options["keep"]:
            started = time.perf_counter()
            remove()
            self.stdout.write(
                f"removed the imported rows in {time.perf_counter() - started:.1f} s "
                "(goal: seconds)"
            )

    def report(self, total: float, read: float, figures: int, baseline: float) -> None:
        peak = memory.peak()
        written = Figure.objects.filter(target__term__committee__code__startswith=ROOT)
        self.stdout.write(
            f"imported {written.count()} figures on {connection.vendor} in {total:.1f} s "
            f"(reading the file {read:.1f} s; goal ≤ {GOAL_IMPORT_S} s): {figures / total:,.0f} "
            f"figures/s; peak memory {peak:.0f} MiB, {peak - baseline:.0f} MiB above the "
            f"{baseline:.0f} MiB before (goal ≤ {GOAL_MEMORY_MIB} MiB)"
        )
        if connection.vendor == "postgresql":
            copied = copy_time(written)
            self.stdout.write(
                f"raw COPY of the same {figures} figures into a temporary table: {copied:.2f} s; "
                f"the import takes {total / copied:.0f} times as long"
            )


def write_workbook(path: str, committees: int, figures: int) -> int:
    rng = random.Random(2025)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(book.COMMITTEES)
    sheet.append([column.header for column in book.SHEETS[book.COMMITTEES]])
    sheet.append([ROOT, "Thành phố (thử nhập)", "Thành phố", ""])
    codes = [f"{ROOT}-{index:04d}" for index in range(1, committees + 1)]
    for code in codes:
        sheet.append([code, f"Phường {code}", "Phường", ROOT])
    sheet = workbook.create_sheet(book.TERMS)
    sheet.append([column.header for column in book.SHEETS[book.TERMS]])
    for code in [ROOT, *codes]:
        sheet.append([code, "2025-2030", "I"])
    sheet = workbook.create_sheet(book.TARGETS)
    sheet.append([column.header for column in book.SHEETS[book.TARGETS]])
    for code in codes:
        for number in range(1, TARGETS + 1):
            sheet.append(
                [code, "2025-2030", f"CT{number:02d}", f"Chỉ tiêu {number}", "Kinh tế - xã hội",
                 "", "tỷ đồng", "Cộng dồn", "Tăng", 0, 1200, ""]
            )  # fmt: skip
    sheet = workbook.create_sheet(book.FIGURES)
    sheet.append([column.header for column in book.SHEETS[book.FIGURES]])
    written = 0
    for code in codes:
        for number in range(1, TARGETS + 1):
            for year in YEARS:
                for quarter in range(1, 5):
                    if written == figures:
                        break
                    value = f"{rng.randint(300, 99999) // 10},{rng.randint(0, 9)}"
                    sheet.append([code, "2025-2030", f"CT{number:02d}", year, quarter, value,
                                  "", "x" if quarter == 4 and year == 2027 else ""])  # fmt: skip
                    written += 1
    workbook.save(path)
    return written


def copy_time(figures) -> float:
    """Seconds to COPY the same figures (and their history rows' share: none) into a temporary
    table with the figures' columns: the physical floor of writing them."""
    columns = ["target_id", "year", "quarter", "value", "is_estimate", "note", "updated_at"]
    rows = list(figures.values_list(*columns))
    table = Figure._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE import_floor (LIKE {table} INCLUDING ALL) ON COMMIT DROP"
        )
        started = time.perf_counter()
        with cursor.copy(f"COPY import_floor ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return time.perf_counter() - started


def remove() -> None:
    """Delete the generated rows and their history without a signal per row (a queryset's
    delete() would write a history record for each of the 100,000 deletions)."""
    with transaction.atomic():
        committees = Committee.objects.filter(code__startswith=ROOT)
        targets = Target.objects.filter(term__committee__in=committees)
        for model in (Figure, AnnualPlan):
            model.history.filter(target_id__in=targets.values("pk"))._raw_delete(connection.alias)
            model.objects.filter(target__in=targets)._raw_delete(connection.alias)
        Target.history.filter(id__in=targets.values("pk"))._raw_delete(connection.alias)
        targets._raw_delete(connection.alias)
        Term.objects.filter(committee__in=committees).delete()
        committees.exclude(code=ROOT).delete()
        Committee.objects.filter(code=ROOT).delete()

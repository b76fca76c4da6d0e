"""Generate a workbook of N quarterly figures and import it into the configured database.

The workbook: one city with committees under it (25 targets each, figures for 2025-2027), as
many committees as N figures need. Prints the time to read, validate and write, rows per second
and the peak memory of the process. The imported rows are removed afterwards unless --keep.
"""

from __future__ import annotations

import random
import resource
import tempfile
import time

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from openpyxl import Workbook

from districts.models import Committee, Term
from targets import workbook as book
from targets.imports import workbook_import
from targets.models import AnnualPlan, Measurement, Target

ROOT = "IMPORTBENCH"
TARGETS = 25
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
            started = time.perf_counter()
            sheets = book.read_workbook(file.name)
            read = time.perf_counter() - started
            result = workbook_import(sheets=sheets)
            total = time.perf_counter() - started
        if result.errors:
            for error in result.errors[:20]:
                self.stderr.write(str(error))
            raise SystemExit(1)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        written = Measurement.objects.filter(target__term__committee__code__startswith=ROOT)
        self.stdout.write(
            f"imported {written.count()} figures on {connection.vendor} in {total:.1f} s "
            f"(reading the file {read:.1f} s): {figures / total:,.0f} figures/s; "
            f"peak resident memory of the process {rss:.0f} MiB"
        )
        started = time.perf_counter()
        again = workbook_import(sheets=sheets)
        self.stdout.write(
            f"re-import of the same file: {again.counts[book.FIGURES].unchanged} unchanged, "
            f"{again.counts[book.FIGURES].created + again.counts[book.FIGURES].updated} "
            f"written, in {time.perf_counter() - started:.1f} s"
        )
        if not options["keep"]:
            remove()


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


def remove() -> None:
    """Delete the generated rows and their history without a signal per row (a queryset's
    delete() would write a history record for each of the 100,000 deletions)."""
    with transaction.atomic():
        committees = Committee.objects.filter(code__startswith=ROOT)
        targets = Target.objects.filter(term__committee__in=committees)
        for model in (Measurement, AnnualPlan):
            model.history.filter(target_id__in=targets.values("pk"))._raw_delete(connection.alias)
            model.objects.filter(target__in=targets)._raw_delete(connection.alias)
        Target.history.filter(id__in=targets.values("pk"))._raw_delete(connection.alias)
        targets._raw_delete(connection.alias)
        Term.objects.filter(committee__in=committees).delete()
        committees.exclude(code=ROOT).delete()
        Committee.objects.filter(code=ROOT).delete()

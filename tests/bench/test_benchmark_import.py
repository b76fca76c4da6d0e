"""The import benchmarks run end to end on small sizes: the generated workbook is imported,
imported again without a change, compared with a raw COPY on PostgreSQL, and removed; the
hostile workbooks are refused or reported with a bounded answer."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from districts.models import Committee
from targets.models import Figure

pytestmark = pytest.mark.django_db


IMPORTED = re.compile(
    r"^imported (?P<figures>\d+) figures on (?P<vendor>\w+) in (?P<total>\d+\.\d) s "
    r"\(reading the file (?P<read>\d+\.\d) s; goal ≤ 10 s\): (?P<rate>[\d,]+) figures/s; peak "
    r"memory (?P<peak>\d+) MiB, -?\d+ MiB above the (?P<before>\d+) MiB before "
    r"\(goal ≤ 250 MiB\)$",
    re.M,
)
HOSTILE = re.compile(
    r"^(?P<case>[^(]+) \(300 rows, file \d+\.\d\d MB\): HTTP (?P<status>\d+) in \d+\.\d\d s; "
    r"resident peak (?P<peak>\d+) MiB, -?\d+ MiB above the \d+ MiB before; Python allocations "
    r"peak \d+\.\d MiB; answer (?P<answer>\d+) KiB$"
)


def test_the_import_benchmark_imports_its_workbook_and_removes_it(capsys):
    call_command("benchmark_import", figures=320)
    out = capsys.readouterr().out
    assert re.search(r"^generated \S+\.xlsx: 2 committees, 50 targets, 320 figures in", out, re.M)
    imported = IMPORTED.search(out)
    assert imported, out
    assert (imported["figures"], imported["vendor"]) == ("320", connection.vendor)
    assert float(imported["read"]) <= float(imported["total"])
    assert int(imported["rate"].replace(",", "")) > 0
    assert int(imported["peak"]) >= int(imported["before"]) > 0
    assert re.search(r"^re-import of the same file: 320 unchanged, 0 written, in", out, re.M)
    # Every figure beside issue 12's goal, and the removal's time.
    assert "goal ≤ 5 s" in out and "removed the imported rows in" in out
    if connection.vendor == "postgresql":
        assert re.search(r"raw COPY of the same 320 figures .*: \d+\.\d\d s; the import takes "
                         r"\d+ times as long", out)  # fmt: skip
    assert not Committee.objects.filter(code__startswith="IMPORTBENCH").exists()
    assert not Figure.objects.exists()
    assert not Figure.history.exists()


def test_the_hostile_benchmark_posts_each_workbook_and_writes_nothing(capsys):
    call_command("benchmark_hostile_import", rows=300)
    lines = capsys.readouterr().out.strip().splitlines()
    found = [HOSTILE.match(line) for line in lines]
    assert all(found), lines
    assert [match["case"] for match in found] == [
        "one-cell rows",
        "empty rows",
        "two cells at A1 and XFD1048576",
    ]
    # Each is answered with the import page and its errors, not a failure; nothing is written
    # and the benchmark's own user is gone.
    assert {match["status"] for match in found} == {"200"}
    assert all(int(match["answer"]) > 0 and int(match["peak"]) > 0 for match in found)
    assert not Figure.objects.exists()
    assert not get_user_model().objects.filter(username="hostile-benchmark").exists()

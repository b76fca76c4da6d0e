"""The import benchmarks run end to end on small sizes: the generated workbook is imported,
imported again without a change, compared with a raw COPY on PostgreSQL, and removed; the
hostile workbooks are refused or reported with a bounded answer."""

import pytest
from django.core.management import call_command
from django.db import connection

from districts.models import Committee
from targets.models import Figure

pytestmark = pytest.mark.django_db


def test_the_import_benchmark_imports_its_workbook_and_removes_it(capsys):
    call_command("benchmark_import", figures=320)
    out = capsys.readouterr().out
    assert "generated" in out and "320 figures" in out
    assert "imported 320 figures on" in out and "figures/s" in out and "MiB" in out
    assert "re-import of the same file: 320 unchanged, 0 written" in out
    # Every figure beside issue 12's goal, and the removal's time.
    assert "goal ≤ 10 s" in out and "goal ≤ 250 MiB" in out and "goal ≤ 5 s" in out
    assert "removed the imported rows in" in out
    if connection.vendor == "postgresql":
        assert "raw COPY of the same 320 figures" in out and "times as long" in out
    assert not Committee.objects.filter(code__startswith="IMPORTBENCH").exists()
    assert not Figure.objects.exists()
    assert not Figure.history.exists()


def test_the_hostile_benchmark_posts_each_workbook_and_writes_nothing(capsys):
    call_command("benchmark_hostile_import", rows=300)
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split(" (")[0] for line in lines] == [
        "one-cell rows",
        "empty rows",
        "two cells at A1 and XFD1048576",
    ]
    assert all("HTTP 200" in line and "KiB" in line for line in lines)
    assert not Figure.objects.exists()

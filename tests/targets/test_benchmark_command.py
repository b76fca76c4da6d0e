"""The dashboards benchmark runs end to end on a small synthetic city and cleans up after."""

import pytest
from django.core.management import call_command

from districts.models import Committee
from targets.models import Measurement

pytestmark = pytest.mark.django_db


def test_it_times_each_page_and_removes_its_data(capsys):
    call_command("benchmark_dashboards", committees=3, targets=2, runs=2)
    out = capsys.readouterr().out
    assert "built 3 committees, 6 targets, 72 quarterly figures" in out
    for page in ("overview", "committee dashboard", "target detail"):
        line = next(line for line in out.splitlines() if line.startswith(page))
        assert "median" in line and "queries" in line
    assert not Committee.objects.filter(code__startswith="BENCH").exists()
    assert not Measurement.objects.exists()


def test_the_import_benchmark_imports_its_workbook_and_removes_it(capsys):
    call_command("benchmark_import", figures=320)
    out = capsys.readouterr().out
    assert "generated" in out and "320 figures" in out
    assert "imported 320 figures on" in out and "figures/s" in out and "MiB" in out
    assert "re-import of the same file: 320 unchanged, 0 written" in out
    assert not Committee.objects.filter(code__startswith="IMPORTBENCH").exists()
    assert not Measurement.objects.exists()
    assert not Measurement.history.exists()

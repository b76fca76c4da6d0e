"""The import benchmark runs end to end on a small workbook and cleans up after."""

import pytest
from django.core.management import call_command

from districts.models import Committee
from targets.models import Measurement

pytestmark = pytest.mark.django_db


def test_the_import_benchmark_imports_its_workbook_and_removes_it(capsys):
    call_command("benchmark_import", figures=320)
    out = capsys.readouterr().out
    assert "generated" in out and "320 figures" in out
    assert "imported 320 figures on" in out and "figures/s" in out and "MiB" in out
    assert "re-import of the same file: 320 unchanged, 0 written" in out
    assert not Committee.objects.filter(code__startswith="IMPORTBENCH").exists()
    assert not Measurement.objects.exists()
    assert not Measurement.history.exists()

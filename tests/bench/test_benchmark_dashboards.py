"""The dashboards benchmark runs end to end on small sizes, prints every figure of issue 12's
table beside its goal, and removes every row it wrote."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from districts.models import Committee, Term
from targets.models import AnnualPlan, Figure, QuarterlyReport, Target

pytestmark = pytest.mark.django_db

LINES = [
    "overview, city (3 committees), warm",
    "overview, city (3 committees), after a write to one committee",
    "overview, city (3 committees), cold",
    "committee dashboard, city volume",
    "target detail, city volume",
    "committee dashboard, national volume",
    "target detail, national volume",
    "overview, 5 committees under one root, warm",
    "overview, 5 committees under one root, after a write to one committee",
    "overview, 5 committees under one root, cold (every committee written)",
    "removing the synthetic data",
]
TIMING = r"\d+\.\d+ m?s \(cpu \d+\.\d+ m?s, slowest \d+\.\d+ m?s, \d+ queries\)"


def test_it_prints_each_figure_with_its_goal_and_removes_its_data(capsys):
    call_command("benchmark_dashboards", city=3, committees=5, targets=2, runs=2)
    out = capsys.readouterr().out
    assert "built the city: 3 committees, 72 quarterly figures" in out
    assert "5 more committees, 120 quarterly figures (with the city's: 192)" in out
    table = {line.split("  ")[0].strip(): line for line in out.splitlines()}
    for what in LINES:
        assert what in table, what
    assert re.search(rf"{TIMING}\s+≤ 100 ms$", table[LINES[0]])
    for line in LINES[1:3]:
        assert re.search(rf"{TIMING}\s+≤ 250 ms$", table[line])
    assert re.search(rf"\d+\.\d\d× \({TIMING}\)\s+≤ 1\.25× city volume$", table[LINES[5]])
    for line in LINES[7:10]:
        assert re.search(rf"{TIMING}\s+≤ 1\.5 s$", table[line])
    assert re.search(r"\d+\.\d+ m?s\s+seconds$", table[LINES[-1]])
    for model in (Committee, Term, Target, AnnualPlan, Figure, QuarterlyReport):
        assert not model.objects.exists(), model
    for model in (Target, AnnualPlan, Figure, QuarterlyReport):
        assert not model.history.exists(), model
    assert not get_user_model().objects.filter(username="benchmark-admin").exists()


def test_with_keep_the_data_stays_for_a_second_run_to_replace(capsys):
    call_command("benchmark_dashboards", city=2, targets=1, runs=1, keep=True)
    assert Committee.objects.filter(code__startswith="BENCH").count() == 3
    assert Figure.objects.count() == 24
    call_command("benchmark_dashboards", city=2, targets=1, runs=1)
    out = capsys.readouterr().out
    assert re.search(r"removed the synthetic data of an earlier run \(BENCH…, 24 figures\) in", out)
    assert not Committee.objects.exists()

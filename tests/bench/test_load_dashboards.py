"""The throughput benchmark drives a real gunicorn (so it needs a database another process can
open: PostgreSQL, as in CI) for a second per page, prints both rates and their ratio, and
removes its data."""

import re

import pytest
from django.core.management import call_command
from django.db import connection

from districts.models import Committee
from targets.models import Figure

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="gunicorn cannot open the test's SQLite database"
    ),
]


def test_it_prints_both_rates_and_the_share_and_removes_its_data(capsys):
    call_command("load_dashboards", seconds=1, warmup=0.5, committees=1, targets=2, clients=2)
    out = capsys.readouterr().out
    assert re.search(r"^bare view +/bench/bare/ +\d+\.\d requests/s .* errors 0$", out, re.M)
    assert re.search(
        r"^committee dashboard +/committees/LOADDASH-0001/ +\d+\.\d requests/s", out, re.M
    )
    assert re.search(r"^dashboard / bare view: \d+ % .*\(goal ≥ 50 %\)$", out, re.M)
    assert not Committee.objects.exists()
    assert not Figure.objects.exists()

"""Two gunicorn instances and a worker on one PostgreSQL database: a workbook uploaded through
one, confirmed through the other, imported by the worker, every row stored, no error."""

import re

import pytest
from django.core.management import call_command
from django.db import connection

from districts.models import Committee
from targets.models import Figure, WorkbookUpload

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="gunicorn and the worker cannot open the test's SQLite database",
    ),
]


@pytest.fixture(autouse=True)
def _fast_passwords():
    """The project's password hasher: the user logs in through servers with its settings."""


def test_an_import_goes_across_two_servers_and_a_worker(capsys):
    call_command("two_servers", figures=300, threshold=50, workers=1)
    out = capsys.readouterr().out
    uploaded = r"^uploaded 313 rows \(13 targets, 300 figures, .* through A: \d+ ms"
    assert re.search(uploaded, out, re.M)
    assert re.search(r"^checked by the worker, followed through A and B .*: \d+\.\d+ s", out, re.M)
    assert re.search(r"^confirmed through B, its message shown on A: \d+ ms$", out, re.M)
    assert re.search(r"^imported by the worker, followed through A and B", out, re.M)
    assert re.search(
        r"^errors: 0; rows stored: 313 of 313 \(targets 13 of 13, figures 300 of 300\); "
        r"rows written by the import: 313$",
        out,
        re.M,
    )
    # It removes what it made.
    assert not Committee.objects.exists()
    assert not Figure.objects.exists()
    assert not WorkbookUpload.objects.exists()

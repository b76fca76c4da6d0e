"""Build a synthetic term of Hanoi's 2025-2030 size and time the overview and a dashboard.

136 committees × 25 targets × 12 quarters under one city, written in bulk into the configured
database, then each page requested repeatedly through Django's test client (the whole
middleware and template stack, no network). Prints the median and slowest server time and the
query count of each page. The synthetic rows are removed afterwards unless --keep is given.
"""

from __future__ import annotations

import random
import statistics
import time
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from districts.models import Committee, Term
from targets.models import AnnualPlan, Measurement, QuarterlyReport, Target

ROOT = "BENCH"
USERNAME = "benchmark-admin"
START_YEAR, END_YEAR = 2025, 2030
YEARS_WITH_FIGURES = (2025, 2026, 2027)


class Command(BaseCommand):
    help = "Time the overview and a committee dashboard on a synthetic term of Hanoi's size."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committees", type=int, default=136)
        parser.add_argument("--targets", type=int, default=25)
        parser.add_argument("--runs", type=int, default=30, help="requests per page")
        parser.add_argument("--keep", action="store_true", help="leave the synthetic data")

    def handle(self, *args, **options) -> None:
        if Committee.objects.filter(code=ROOT).exists():
            self.stdout.write(f"removing the synthetic data of an earlier run ({ROOT}…)")
            remove()
        started = time.perf_counter()
        with transaction.atomic():
            counts = build(options["committees"], options["targets"])
        self.stdout.write(
            f"built {counts['committees']} committees, {counts['targets']} targets, "
            f"{counts['figures']} quarterly figures in {time.perf_counter() - started:.1f} s "
            f"on {connection.vendor}"
        )
        try:
            # A host the settings allow, over HTTPS so that a production configuration
            # (SECURE_SSL_REDIRECT) serves the page rather than a redirect.
            host = next((h for h in settings.ALLOWED_HOSTS if "*" not in h), "localhost")
            client = Client(HTTP_HOST=host.lstrip("."), secure=True)
            client.force_login(get_user_model().objects.get(username=USERNAME))
            pages = [
                ("overview", f"/committees/{ROOT}/overview/"),
                ("committee dashboard", f"/committees/{ROOT}-001/"),
                ("target detail", f"/committees/{ROOT}-001/targets/CT01/"),
            ]
            for name, url in pages:
                self.report(client, name, url, options["runs"])
        finally:
            if not options["keep"]:
                remove()

    def report(self, client: Client, name: str, url: str, runs: int) -> None:
        response = client.get(url)  # warm caches (templates, translations, connection)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        timings = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                begin = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - begin) * 1000)
        self.stdout.write(
            f"{name:20} {url:42} median {statistics.median(timings):7.1f} ms  "
            f"max {max(timings):7.1f} ms  queries {len(queries)}  "
            f"{len(response.content) // 1024} KiB"
        )


def build(committees: int, targets: int) -> dict[str, int]:
    """The synthetic city: every committee with the same targets, plans for 2025-2027 and
    figures for their twelve quarters; most quarters approved, the last one partly reported."""
    rng = random.Random(2025)
    user = get_user_model().objects.create_superuser(USERNAME, password=None)
    user.set_unusable_password()
    user.save()
    root = Committee.objects.create(code=ROOT, name="Thành phố (thử tải)", level="city")
    Term.objects.create(committee=root, start_year=START_YEAR, end_year=END_YEAR, congress=18)
    wards = Committee.objects.bulk_create(
        Committee(code=f"{ROOT}-{index:03d}", name=f"Phường {index:03d}", level="ward", parent=root)
        for index in range(1, committees + 1)
    )
    terms = Term.objects.bulk_create(
        Term(committee=ward, start_year=START_YEAR, end_year=END_YEAR, congress=1) for ward in wards
    )
    target_rows = Target.objects.bulk_create(
        Target(
            term=term,
            code=f"CT{number:02d}",
            name=f"Chỉ tiêu {number}",
            group=Target.Group.SOCIO_ECONOMIC,
            unit="tỷ đồng",
            aggregation=(Target.Aggregation.SUM, Target.Aggregation.LATEST)[number % 2],
            term_target=Decimal(1200),
        )
        for term in terms
        for number in range(1, targets + 1)
    )
    plans, figures = [], []
    for target in target_rows:
        for year in YEARS_WITH_FIGURES:
            plans.append(AnnualPlan(target=target, year=year, value=Decimal(200)))
            for quarter in range(1, 5):
                value = Decimal(rng.randint(300, 700)) / 10
                figures.append(Measurement(target=target, year=year, quarter=quarter, value=value))
    AnnualPlan.objects.bulk_create(plans, batch_size=5000)
    Measurement.objects.bulk_create(figures, batch_size=5000)
    QuarterlyReport.objects.bulk_create(
        QuarterlyReport(
            committee=term.committee,
            term=term,
            year=year,
            quarter=quarter,
            status=QuarterlyReport.Status.APPROVED,
        )
        for index, term in enumerate(terms)
        for year in YEARS_WITH_FIGURES
        for quarter in range(1, 5)
        if (year, quarter) != (YEARS_WITH_FIGURES[-1], 4) or index % 3
    )
    return {"committees": len(wards), "targets": len(target_rows), "figures": len(figures)}


def remove() -> None:
    with transaction.atomic():
        committees = Committee.objects.filter(code__startswith=ROOT)
        Measurement.objects.filter(target__term__committee__in=committees).delete()
        AnnualPlan.objects.filter(target__term__committee__in=committees).delete()
        QuarterlyReport.objects.filter(committee__in=committees).delete()
        Target.objects.filter(term__committee__in=committees).delete()
        Term.objects.filter(committee__in=committees).delete()
        committees.exclude(code=ROOT).delete()
        committees.delete()
        get_user_model().objects.filter(username=USERNAME).delete()

"""Time the pages of issue 12's table on synthetic data, and print each figure beside its goal.

First a city of Hanoi's 2025-2030 size (`--city`, 136 committees × 25 targets × 12 quarters) under
the root BENCH: its overview (warm: the engine's results cached; after a write to one committee:
that committee's data version moved forward before each request, as after an entry or a review;
cold: every committee's data version moved forward before each request, as if every committee had
just written), a committee's dashboard and one of its targets. Then, with `--committees N` above
the city's size, the national volume: N more committees under a second root BENCH-VN (3,300 for
990,000 figures), the same dashboard and target again (their ratio to the city-size times) and the
overview of the N committees (warm, after a write to one committee, cold; its first page of the
table, as a leader opens it). Pages are requested through Django's test client (middleware, views
and templates; no network); each figure is the median of --runs requests, with the median CPU time
of this process beside it (what the machine's load does not inflate: the wall time also waits for
the database). The synthetic rows are removed at the end, in bulk, and the time that takes is
printed too, unless --keep is given.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import synthetic
from districts.models import Committee, Term
from targets.models import Figure
from targets.progress_cache import data_changed

ROOT = synthetic.PREFIX
NATION = f"{synthetic.PREFIX}-VN"
USERNAME = "benchmark-admin"
# One committee's pages, timed at the city's volume and again at the national volume.
DASHBOARD_URL = f"/committees/{ROOT}-0001/"
TARGET_URL = f"/committees/{ROOT}-0001/targets/CT01/"
CITY_SIZE = 136
WARM_UP = 6  # requests before a page is timed


@dataclass(frozen=True)
class Timing:
    median_ms: float
    slowest_ms: float
    cpu_ms: float  # the median time this process computed (no waiting for the database)
    queries: int

    def __str__(self) -> str:
        return (
            f"{_ms(self.median_ms)} (cpu {_ms(self.cpu_ms)}, slowest {_ms(self.slowest_ms)}, "
            f"{self.queries} queries)"
        )


def _ms(value: float) -> str:
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.1f} ms"


class Command(BaseCommand):
    help = "Time the overview, a dashboard and a target page at Hanoi's size and national volume."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--city", type=int, default=CITY_SIZE, help="committees of the city")
        parser.add_argument(
            "--committees",
            type=int,
            default=0,
            help="committees of the national volume, under one root (3300); 0: city only",
        )
        parser.add_argument("--targets", type=int, default=25, help="targets per committee")
        parser.add_argument("--runs", type=int, default=30, help="requests per page")
        parser.add_argument("--keep", action="store_true", help="leave the synthetic data")

    def handle(self, *args, **options) -> None:
        self.remove_earlier_run()
        self.rows: list[tuple[str, str, str]] = []
        try:
            client = self.client()
            city, dashboard, target = self.time_city(client, options)
            if options["committees"] > 0:
                self.time_nation(client, options, city, dashboard, target)
            client.logout()
        finally:
            if not options["keep"]:
                started = time.perf_counter()
                synthetic.remove(ROOT, (USERNAME,))
                took = (time.perf_counter() - started) * 1000
                self.rows.append(("removing the synthetic data", _ms(took), "seconds"))
            self.print_table()

    def remove_earlier_run(self) -> None:
        """The data an earlier run kept (--keep), which this one replaces."""
        if not Committee.objects.filter(code__startswith=ROOT).exists():
            return
        count = Figure.objects.filter(target__term__committee__code__startswith=ROOT).count()
        started = time.perf_counter()
        synthetic.remove(ROOT, (USERNAME,))
        self.stdout.write(
            f"removed the synthetic data of an earlier run ({ROOT}…, {count} figures) in "
            f"{time.perf_counter() - started:.1f} s"
        )

    def time_city(self, client: Client, options) -> tuple[int, Timing, Timing]:
        """The city's overview (warm and cold), a committee's dashboard and a target's page at
        the city's volume; the figures built and the last two timings (the national volume's
        yardstick)."""
        runs = options["runs"]
        started = time.perf_counter()
        city = self.build(ROOT, "Thành phố (thử tải)", options["city"], options["targets"])
        self.stdout.write(
            f"built the city: {options['city']} committees, {city} quarterly figures in "
            f"{time.perf_counter() - started:.1f} s on {connection.vendor}"
        )
        city_url = f"/committees/{ROOT}/overview/"
        warm = self.time(client, city_url, runs)
        one = self.time(client, city_url, runs, before=lambda: self.write_to_one(ROOT))
        cold = self.time(client, city_url, runs, before=lambda: self.invalidate(ROOT))
        dashboard = self.time(client, DASHBOARD_URL, runs)
        target = self.time(client, TARGET_URL, runs)
        size = f"{options['city']} committees"
        self.add(f"overview, city ({size}), warm", warm, "≤ 100 ms")
        self.add(f"overview, city ({size}), after a write to one committee", one, "≤ 250 ms")
        self.add(f"overview, city ({size}), cold", cold, "≤ 250 ms")
        self.add("committee dashboard, city volume", dashboard, "≤ 25 ms")
        self.add("target detail, city volume", target, "≤ 25 ms")
        return city, dashboard, target

    def time_nation(
        self, client: Client, options, city: int, dashboard: Timing, target: Timing
    ) -> None:
        """The same committee's pages once the national volume is in the database, and the
        overview of the national root."""
        runs = options["runs"]
        started = time.perf_counter()
        nation = self.build(
            NATION, "Toàn quốc (thử tải)", options["committees"], options["targets"]
        )
        self.stdout.write(
            f"built the national volume: {options['committees']} more committees, "
            f"{nation} quarterly figures (with the city's: {city + nation}) in "
            f"{time.perf_counter() - started:.1f} s"
        )
        for what, url, yardstick in (
            ("committee dashboard", DASHBOARD_URL, dashboard),
            ("target detail", TARGET_URL, target),
        ):
            national = self.time(client, url, runs)
            ratio = f"{national.median_ms / yardstick.median_ms:.2f}×"
            self.add(f"{what}, national volume", national, "≤ 1.25× city volume", ratio)
        nation_url = f"/committees/{NATION}/overview/"
        few = max(3, runs // 6)
        size = f"{options['committees']} committees under one root"
        self.add(f"overview, {size}, warm", self.time(client, nation_url, few), "≤ 1.5 s")
        one = self.time(client, nation_url, few, lambda: self.write_to_one(NATION))
        self.add(f"overview, {size}, after a write to one committee", one, "≤ 1.5 s")
        overview = self.time(client, nation_url, few, lambda: self.invalidate(NATION))
        self.add(f"overview, {size}, cold (every committee written)", overview, "≤ 1.5 s")

    def build(self, code: str, name: str, committees: int, targets: int) -> int:
        root, _term = synthetic.build_root(code, name)
        figures = synthetic.build_committees(root, committees, targets)
        synthetic.analyze()
        if not connection.in_atomic_block:
            # The pages are timed on a connection of their own, as an app server's: the one
            # that wrote a million rows answered a dashboard's statement 0.6 ms slower.
            connection.close()
        return figures

    def client(self) -> Client:
        # A host the settings allow, over HTTPS so that a production configuration
        # (SECURE_SSL_REDIRECT) serves the page rather than a redirect.
        host = next((h for h in settings.ALLOWED_HOSTS if "*" not in h), "localhost")
        user = get_user_model().objects.create_superuser(USERNAME, password=None)
        client = Client(HTTP_HOST=host.lstrip("."), secure=True)
        client.force_login(user)
        return client

    def invalidate(self, prefix: str) -> None:
        """As after a write to every committee: their cached results are not read again."""
        data_changed(
            Term.objects.filter(committee__code__startswith=prefix).values_list("pk", flat=True)
        )

    def write_to_one(self, prefix: str) -> None:
        """As after a write to one committee (an entry saved, a quarter reviewed): only its
        cached results are not read again; the others' stay."""
        data_changed(
            Term.objects.filter(committee__code=f"{prefix}-0001").values_list("pk", flat=True)
        )

    def time(
        self, client: Client, url: str, runs: int, before: Callable[[], None] | None = None
    ) -> Timing:
        # Templates, translations, connection and cache warmed, and the page's prepared
        # statements planned as in service: PostgreSQL plans a prepared statement afresh for
        # each of its first five runs after its tables' statistics change (as analyze() just
        # did), then keeps one plan for any parameters.
        for _ in range(WARM_UP):
            response = client.get(url)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
        timings, cpu = [], []
        for _ in range(runs):
            if before is not None:
                before()
            with CaptureQueriesContext(connection) as queries:
                begin, begin_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                timings.append((time.perf_counter() - begin) * 1000)
                cpu.append((time.process_time() - begin_cpu) * 1000)
        return Timing(
            statistics.median(timings), max(timings), statistics.median(cpu), len(queries)
        )

    def add(self, what: str, timing: Timing, goal: str, ratio: str = "") -> None:
        measured = f"{ratio} ({timing})" if ratio else str(timing)
        self.rows.append((what, measured, goal))

    def print_table(self) -> None:
        width = max(len(what) for what, _m, _g in self.rows)
        measured_width = max(len(measured) for _w, measured, _g in self.rows)
        self.stdout.write(f"{'what':{width}}  {'median':{measured_width}}  goal")
        for what, measured, goal in self.rows:
            self.stdout.write(f"{what:{width}}  {measured:{measured_width}}  {goal}")

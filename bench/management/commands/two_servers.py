"""Several app servers on one database, shown: two gunicorn instances on two ports and one
`db_worker`, all on the configured PostgreSQL database.

A user logs in through instance A (HTTP, with CSRF), uploads a workbook of targets and quarterly
figures through A (big enough to go to the background), follows the check's progress through A
and B in turn, confirms through B, sees B's message on A, and follows the import to its end.
Then it counts what is stored: every row, no error. Sessions and messages (cookies signed with
the one SECRET_KEY), the cache (REDIS_URL, when set, for both) and the uploads (in the database)
must all work across the instances. Prints the timings; removes its data unless --keep.
"""

from __future__ import annotations

import datetime
import io
import re
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook

from bench import server, synthetic
from bench.web_client import WebClient
from targets.models import Figure, Target, WorkbookUpload
from targets.workbook import contract as book

ROOT = "TWOSERVERS"
USERNAME = "two-servers"
QUARTERS = [(year, quarter) for year in range(2025, 2031) for quarter in range(1, 5)]
TOKEN = re.compile(r'name="token" value="([0-9a-f]{32})"')
STARTED_MESSAGE = "Quá trình nhập đã bắt đầu"


@dataclass
class Followed:
    seconds: float
    state: str
    midway: int  # the most rows a poll saw before the step ended (0: it ended before a poll)
    polls: int


class Command(BaseCommand):
    help = "Two gunicorn instances and a db_worker on one PostgreSQL database; an import across."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--figures", type=int, default=3000, help="quarterly figures")
        parser.add_argument("--ports", type=int, nargs=2, help="the two instances' ports")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers each")
        parser.add_argument("--threshold", type=int, default=100, help="IMPORT_BACKGROUND_ROWS")
        parser.add_argument("--keep", action="store_true", help="leave the imported rows")

    def handle(self, *args, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Two app servers share a PostgreSQL database: set DATABASE_URL.")
        synthetic.remove(ROOT, (USERNAME,))
        synthetic.build_root(ROOT, "Thành phố (hai máy chủ)")
        password = secrets.token_urlsafe(16)
        get_user_model().objects.create_superuser(USERNAME, password=password)
        content, targets = workbook(options["figures"])
        key = secrets.token_urlsafe(40)
        extra = {"IMPORT_BACKGROUND_ROWS": str(options["threshold"])}
        ports = options["ports"] or [server.free_port(), server.free_port()]
        processes = []
        started = time.perf_counter()
        try:
            for index, port in enumerate(ports):
                gunicorn = server.start_gunicorn(
                    port, options["workers"], secret_key=key, extra_env=extra, collect=index == 0
                )
                processes.append(gunicorn)
            processes.append(server.start_worker(key, extra))
            bases = [f"http://127.0.0.1:{port}" for port in ports]
            for base, process in zip(bases, processes, strict=False):
                server.wait_until_up(base, process)
            self.stdout.write(
                f"instances A {bases[0]} and B {bases[1]} ({options['workers']} gunicorn workers "
                f"each) and one db_worker, on PostgreSQL database "
                f"{connection.settings_dict['NAME']}; cache: {_cache()}; "
                f"started in {time.perf_counter() - started:.1f} s"
            )
            self.journey(bases, password, content, targets, options["figures"])
        finally:
            for process in processes:
                server.stop(process)
            if not options["keep"]:
                DBTaskResult.objects.filter(enqueued_at__gte=_since(started)).filter(
                    task_path__startswith="targets.tasks."
                ).delete()
                synthetic.remove(ROOT, (USERNAME,))

    def journey(self, bases, password, content: bytes, targets: int, figures: int) -> None:
        a, b = bases
        client = WebClient()
        clock = time.perf_counter()
        answer = client.login(a, USERNAME, password)
        _expect(answer.status == 302, f"login through A: {answer.status}")
        _expect(client.get(b, "/admin/workbook/import/").status == 200, "session on B")
        self.stdout.write(f"logged in through A, session used on B: {_ms(clock)}")

        clock = time.perf_counter()
        answer = client.post(a, "/admin/workbook/import/", {},
                             files={"workbook": ("hai-may-chu.xlsx", content)})  # fmt: skip
        page = answer.location
        _expect(answer.status == 302 and "/uploads/" in page, f"upload through A: {answer.status}")
        rows = targets + figures
        self.stdout.write(
            f"uploaded {rows} rows ({targets} targets, {figures} figures, {len(content) // 1024} "
            f"KB) through A: {_ms(clock)}; its page {page}"
        )
        check = follow(client, bases, page, "rows_checked")
        _expect(check.state == "checked", f"the check ended {check.state}")
        self.stdout.write(_line("checked by the worker", check, rows))

        token = TOKEN.search(client.get(b, page).body)
        _expect(token is not None, "no confirmation on B's page")
        clock = time.perf_counter()
        fields = {"confirm": "1", "token": token.group(1)}
        answer = client.post(b, "/admin/workbook/import/", fields)
        _expect(answer.status == 302 and answer.location == page, "confirmation through B")
        _expect(STARTED_MESSAGE in client.get(a, page).body, "B's message not shown on A")
        self.stdout.write(f"confirmed through B, its message shown on A: {_ms(clock)}")
        imported = follow(client, bases, page, "rows_written")
        _expect(imported.state == "done", f"the import ended {imported.state}")
        self.stdout.write(_line("imported by the worker", imported, rows))
        self.verify(targets, figures)

    def verify(self, targets: int, figures: int) -> None:
        upload = WorkbookUpload.objects.get(user__username=USERNAME)
        stored_targets = Target.objects.filter(term__committee__code=ROOT).count()
        stored = Figure.objects.filter(target__term__committee__code=ROOT).count()
        self.stdout.write(
            f"errors: {upload.error_count}; rows stored: {stored_targets + stored} of "
            f"{targets + figures} (targets {stored_targets} of {targets}, figures {stored} of "
            f"{figures}); rows written by the import: {upload.rows_written}"
        )
        _expect(upload.error_count == 0, "errors")
        _expect((stored_targets, stored) == (targets, figures), "rows missing")


def follow(client: WebClient, bases: list[str], page: str, counter: str) -> Followed:
    """Poll the upload's progress JSON through A and B in turn until the step ends."""
    started = time.perf_counter()
    midway = polls = 0
    while time.perf_counter() - started < 600:
        progress = client.get(bases[polls % 2], page + "progress.json")
        _expect(progress.status == 200, f"progress through {'AB'[polls % 2]}: {progress.status}")
        state = progress.json()
        polls += 1
        if not state["running"]:
            return Followed(time.perf_counter() - started, state["state"], midway, polls)
        midway = max(midway, state[counter])
        time.sleep(0.2)
    raise CommandError("the worker did not finish within 10 minutes")


def workbook(figures: int) -> tuple[bytes, int]:
    """The targets of the root's term, and `figures` quarterly figures of them."""
    targets = max(1, -(-figures // len(QUARTERS)))
    sheets = Workbook(write_only=True)
    sheet = sheets.create_sheet(book.TARGETS)
    sheet.append([column.header for column in book.SHEETS[book.TARGETS]])
    codes = [f"CT{number:04d}" for number in range(1, targets + 1)]
    for code in codes:
        sheet.append([ROOT, "2025-2030", code, f"Chỉ tiêu {code}", "Kinh tế - xã hội", "",
                      "tỷ đồng", "Cộng dồn", "Tăng", 0, 1200, ""])  # fmt: skip
    sheet = sheets.create_sheet(book.FIGURES)
    sheet.append([column.header for column in book.SHEETS[book.FIGURES]])
    for index in range(figures):
        year, quarter = QUARTERS[index % len(QUARTERS)]
        code = codes[index // len(QUARTERS)]
        sheet.append([ROOT, "2025-2030", code, year, quarter, f"{index % 997},5", "", ""])
    out = io.BytesIO()
    sheets.save(out)
    return out.getvalue(), targets


def _line(what: str, followed: Followed, rows: int) -> str:
    seen = (f"progress seen midway at {followed.midway} of {rows} rows" if followed.midway
            else "ended before a poll saw it midway")  # fmt: skip
    through = f"followed through A and B ({followed.polls} polls)"
    return f"{what}, {through}: {followed.seconds:.2f} s; {seen}"


def _cache() -> str:
    if settings.REDIS_URL:
        return f"Redis at {settings.REDIS_URL}, shared by both"
    return "local memory, one per instance (set REDIS_URL to share one)"


def _since(started: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=time.perf_counter() - started + 5)


def _ms(clock: float) -> str:
    return f"{(time.perf_counter() - clock) * 1000:.0f} ms"


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise CommandError(f"Failed: {what}")

"""Throughput of the committee dashboard against a bare Django view, on the same gunicorn.

Builds a small synthetic city (committees of 25 targets × 12 quarters), starts gunicorn with
production settings on a free loopback port, and for a bounded time lets N clients request,
one request after another, first the bare view of the bench app, then a committee's dashboard
(logged in, sending back its CSRF cookie as a browser does). Prints the requests per second
of each, their median latency, errors, and the dashboard's share of the bare view's rate
(issue 12's goal: at least 50 %). Removes its data.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client

from bench import server, synthetic

ROOT = "LOADDASH"
USERNAME = "load-dashboards"
GOAL_SHARE = 50


@dataclass
class Tally:
    done: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Command(BaseCommand):
    help = "Requests per second of a committee dashboard and a bare view on the same gunicorn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seconds", type=float, default=15, help="measured time per page")
        parser.add_argument("--warmup", type=float, default=3, help="unmeasured time per page")
        parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
        parser.add_argument("--committees", type=int, default=10)
        parser.add_argument("--targets", type=int, default=25)
        parser.add_argument("--port", type=int, default=0, help="gunicorn's port (0: a free one)")

    def handle(self, *args, **options) -> None:
        synthetic.remove(ROOT, (USERNAME,))
        root, _term = synthetic.build_root(ROOT, "Thành phố (thử tải)")
        synthetic.build_committees(root, options["committees"], options["targets"])
        user = get_user_model().objects.create_superuser(USERNAME, password=None)
        login = Client()
        login.force_login(user)
        cookie = (
            f"{settings.SESSION_COOKIE_NAME}={login.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        port = options["port"] or server.free_port()
        gunicorn = server.start_gunicorn(port, options["workers"], secret_key=settings.SECRET_KEY)
        try:
            server.wait_until_up(f"http://127.0.0.1:{port}", gunicorn, "/bench/bare/")
            pages = [
                ("bare view", "/bench/bare/"),
                ("committee dashboard", f"/committees/{ROOT}-0001/"),
            ]
            # As a browser does, the clients send back the CSRF cookie the page gave them
            # (without it, every request would make and set a new one).
            cookie += "; " + _csrf_cookie(port, pages[1][1], cookie)
            rates, costs = {}, {}
            self.stdout.write(
                f"{options['clients']} clients, gunicorn with {options['workers']} workers on "
                f"127.0.0.1:{port}, {connection.vendor}, {options['seconds']:g} s per page"
            )
            for name, path in pages:
                self.drive(port, path, cookie, options["clients"], options["warmup"])
                cpu, own = server.cpu_seconds(gunicorn), time.process_time()
                database = server.database_cpu_seconds()
                tally = self.drive(port, path, cookie, options["clients"], options["seconds"])
                done = max(tally.done, 1)
                costs[name] = (server.cpu_seconds(gunicorn) - cpu) * 1000 / done
                # The clients and a local database share the machine's cores with gunicorn.
                client = (time.process_time() - own) * 1000 / done
                database = (server.database_cpu_seconds() - database) * 1000 / done
                rates[name] = tally.done / options["seconds"]
                median = statistics.median(tally.latencies) if tally.latencies else 0
                self.stdout.write(
                    f"{name:20} {path:32} {rates[name]:8.1f} requests/s  "
                    f"median {median:6.1f} ms  gunicorn CPU {costs[name]:5.2f} ms/request  "
                    f"clients' CPU {client:5.2f}  PostgreSQL's CPU {database:5.2f} ms/request  "
                    f"errors {tally.errors}"
                )
                if tally.errors or not tally.done:
                    raise CommandError(f"{path}: {tally.errors} errors, {tally.done} answers")
            share = rates["committee dashboard"] / rates["bare view"] * 100
            self.stdout.write(
                f"dashboard / bare view: {share:.0f} % of the bare view's requests per second "
                f"(goal ≥ {GOAL_SHARE} %)"
            )
            if costs["committee dashboard"]:
                # What a busy machine does not skew: the app server's own CPU per request.
                by_cpu = costs["bare view"] / costs["committee dashboard"] * 100
                self.stdout.write(f"by gunicorn's CPU time per request: {by_cpu:.0f} %")
        finally:
            server.stop(gunicorn)
            login.logout()
            synthetic.remove(ROOT, (USERNAME,))

    def drive(self, port: int, path: str, cookie: str, clients: int, seconds: float) -> Tally:
        tally = Tally()
        deadline = time.monotonic() + seconds
        threads = [
            threading.Thread(target=_client, args=(port, path, cookie, deadline, tally))
            for _ in range(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return tally


def _csrf_cookie(port: int, path: str, cookie: str) -> str:
    """The CSRF cookie (name=value) that the page at `path` sets."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = conn.getresponse()
    response.read()
    conn.close()
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    if response.status != 200 or settings.CSRF_COOKIE_NAME not in jar:
        raise CommandError(f"{path}: no CSRF cookie ({response.status})")
    return f"{settings.CSRF_COOKIE_NAME}={jar[settings.CSRF_COOKIE_NAME].value}"


def _client(port: int, path: str, cookie: str, deadline: float, tally: Tally) -> None:
    """One client: a request, its whole answer, the next (gunicorn's sync workers close each
    connection), until the deadline; an answer counts only if it ends before the deadline."""
    while True:
        begin = time.monotonic()
        if begin >= deadline:
            return
        ok = False
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
            conn.close()
        except OSError:
            pass
        end = time.monotonic()
        if end > deadline:
            return
        with tally.lock:
            if ok:
                tally.done += 1
                tally.latencies.append((end - begin) * 1000)
            else:
                tally.errors += 1

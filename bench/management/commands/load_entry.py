"""Load test of the quarterly entry: N editors saving figures at once against gunicorn.

Builds a city with one committee per editor (25 targets each, term 2025-2030) in the configured
database, starts gunicorn with production settings on a loopback port, and lets every editor,
in its own thread, log in and save one new figure after another through the entry page (GET the
form, change one figure, POST it) for the given time. Prints requests per second, latencies,
errors, and checks that the figures stored are exactly the figures whose saves succeeded. The
synthetic rows are removed afterwards.
"""

from __future__ import annotations

import secrets
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from bench import server, synthetic
from districts.models import Committee, Membership
from targets.models import Figure, Target

ROOT = "LOADTEST"
PASSWORD = secrets.token_urlsafe(12)
TARGETS = 25
YEARS = range(2025, 2031)


class Command(BaseCommand):
    help = "Drive N concurrent editors saving figures through gunicorn for a while."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--editors", type=int, default=50)
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--workers", type=int, default=5)
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args, **options) -> None:
        remove()
        committees = build(options["editors"])
        self.stdout.write(
            f"built {len(committees)} committees with {TARGETS} targets and an editor each "
            f"on {connection.vendor}"
        )
        base = f"http://127.0.0.1:{options['port']}"
        # The editors' requests say HTTPS, as a proxy would.
        gunicorn = server.start_gunicorn(
            options["port"], options["workers"], options["threads"],
            extra_env={"TRUST_X_FORWARDED_PROTO": "1"},
        )  # fmt: skip
        try:
            server.wait_until_up(base, gunicorn)
            results = drive(base, committees, options["seconds"])
        finally:
            server.stop(gunicorn)
        self.report(results, options)
        remove()

    def report(self, results: list[EditorResult], options) -> None:
        requests = sum(result.requests for result in results)
        saves = sum(result.saves for result in results)
        errors = [error for result in results for error in result.errors]
        latencies = sorted(latency for result in results for latency in result.latencies)
        duration = max(result.duration for result in results)
        stored = Figure.objects.filter(target__term__committee__code__startswith=ROOT)
        stored = stored.count()
        self.stdout.write(
            f"{options['editors']} editors for {duration:.0f} s against gunicorn "
            f"({options['workers']} workers × {options['threads']} threads) on "
            f"{connection.vendor}: {requests} requests, {requests / duration:.1f} requests/s, "
            f"{saves} saves ({saves / duration:.1f}/s)"
        )
        if latencies:
            self.stdout.write(
                f"latency per request: median {statistics.median(latencies) * 1000:.0f} ms, "
                f"95th percentile {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms, "
                f"max {latencies[-1] * 1000:.0f} ms"
            )
        self.stdout.write(f"errors: {len(errors)}")
        for error in errors[:10]:
            self.stdout.write(f"  {error}")
        self.stdout.write(f"figures stored: {stored}, saves that succeeded: {saves}")
        if errors or stored != saves:
            raise CommandError("the load test found errors or lost figures")


@dataclass
class EditorResult:
    requests: int = 0
    saves: int = 0
    duration: float = 0.0
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)


def build(editors: int) -> list[Committee]:
    user_model = get_user_model()
    with transaction.atomic():
        city, _term = synthetic.build_root(ROOT, "Thành phố (thử tải)")
        terms = synthetic.build_wards(city, range(1, editors + 1))
        Target.objects.bulk_create(
            Target(term=term, code=f"CT{number:02d}", name=f"Chỉ tiêu {number}",
                   group="socio_economic", unit="tỷ đồng", aggregation="sum")
            for term in terms
            for number in range(1, TARGETS + 1)
        )  # fmt: skip
        for term in terms:
            user = user_model(username=f"load-{term.committee.code.lower()}")
            user.set_password(PASSWORD)
            user.save()
            Membership.objects.create(user=user, committee=term.committee, role="editor")
    return [term.committee for term in terms]


def remove() -> None:
    usernames = get_user_model().objects.filter(username__startswith="load-")
    synthetic.remove(ROOT, tuple(usernames.values_list("username", flat=True)))


class Browser:
    """A minimal browser: cookies by hand (the session cookie is Secure and this is plain
    HTTP on loopback, so the request says it came over HTTPS, as a proxy would)."""

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path: str, data: dict | list | None = None) -> tuple[int, str]:
        headers = {
            "X-Forwarded-Proto": "https",
            "Referer": f"https://{self.host}{path}",
            "Cookie": "; ".join(f"{key}={value}" for key, value in self.cookies.items()),
        }
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return response.status, response.read().decode()

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.base).netloc


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class FormParser(HTMLParser):
    """The named inputs of a page with their values (checkboxes only when checked)."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag != "input" or "name" not in attributes or "disabled" in attributes:
            return
        if attributes.get("type") == "checkbox" and "checked" not in attributes:
            return
        if attributes.get("type") == "submit":
            return
        self.fields.append((attributes["name"], attributes.get("value") or ""))


def drive(base: str, committees: list[Committee], seconds: int) -> list[EditorResult]:
    deadline = time.monotonic() + seconds
    results = [EditorResult() for _ in committees]
    threads = [
        threading.Thread(target=editor, args=(base, committee, deadline, result))
        for committee, result in zip(committees, results, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def editor(base: str, committee: Committee, deadline: float, result: EditorResult) -> None:
    started = time.monotonic()
    browser = Browser(base)

    def timed(path, data=None):
        begin = time.monotonic()
        status, body = browser.request(path, data)
        result.latencies.append(time.monotonic() - begin)
        result.requests += 1
        return status, body

    status, page = timed("/login/")
    token = _value(page, "csrfmiddlewaretoken")
    username = f"load-{committee.code.lower()}"
    status, _body = timed(
        "/login/",
        {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
    )
    if status != 302:
        result.errors.append(f"{username}: login answered {status}")
        return
    slots = [(year, quarter, index) for year in YEARS for quarter in range(1, 5)
             for index in range(TARGETS)]  # fmt: skip
    for year, quarter, index in slots:
        if time.monotonic() > deadline:
            break
        path = f"/committees/{committee.code}/entry/{year}/{quarter}/"
        status, page = timed(path)
        if status != 200:
            result.errors.append(f"{username}: GET {path} answered {status}")
            continue
        parser = FormParser()
        parser.feed(page)
        fields = [(name, value) for name, value in parser.fields]
        fields = [
            (name, f"{index + 1},5" if name == f"figures-{index}-value" else value)
            for name, value in fields
        ]
        status, _body = timed(path, fields + [("save", "")])
        if status == 302:
            result.saves += 1
        else:
            result.errors.append(f"{username}: POST {path} answered {status}")
    result.duration = time.monotonic() - started


def _value(page: str, name: str) -> str:
    parser = FormParser()
    parser.feed(page)
    return dict(parser.fields).get(name, "")

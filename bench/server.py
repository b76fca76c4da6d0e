"""gunicorn for the load tests: production settings (DEBUG off, collected static files), the bench
app mounted, listening on the loopback interface only."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(
    port: int,
    workers: int,
    threads: int = 1,
    secret_key: str | None = None,
    extra_env: dict[str, str] | None = None,
    collect: bool = True,
) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:port. With `secret_key` the sessions made here (force_login) are
    valid there; otherwise a random key. `extra_env` adds settings of the caller's own;
    `collect`: collect the static files first (once is enough for several servers)."""
    root = Path(settings.BASE_DIR)
    env = environment(secret_key, extra_env)
    if collect:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=root, env=env, check=True,
        )  # fmt: skip
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen(
        [str(gunicorn), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--threads", str(threads), "--log-level", "error",
         # Its control socket is one path per user: several instances would fight over it.
         "--no-control-socket"],
        cwd=root, env=env,
    )  # fmt: skip


def start_worker(secret_key: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """One `manage.py db_worker` with the same settings as the servers, polling every 0.2 s."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
         "--interval", "0.2", "--verbosity", "0"],
        cwd=settings.BASE_DIR, env=environment(secret_key, env),
    )  # fmt: skip


def environment(secret_key: str | None, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Production settings (DEBUG off) on this process's database, served over plain HTTP on
    the loopback interface."""
    return {
        **os.environ,
        # The project's settings, even under the tests (whose settings run tasks at once).
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "BENCH": "1",
        "SECRET_KEY": secret_key or os.urandom(32).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "ERROR",
        "LOGIN_FAILURE_LIMIT": "1000",
        "DATABASE_URL": _database_url(),
        **(extra or {}),
    }


def _database_url() -> str:
    """The database this process uses, by name (under the tests, the test database)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    return urllib.parse.urlunsplit(url._replace(path=f"/{database['NAME']}"))


def wait_until_up(base: str, server: subprocess.Popen, path: str = "/login/") -> None:
    for _ in range(150):
        if server.poll() is not None:
            raise CommandError("gunicorn did not start")
        try:
            urllib.request.urlopen(base + path, timeout=5)
            return
        except OSError:  # refused, reset or timed out while it starts (URLError too)
            time.sleep(0.2)
    raise CommandError("gunicorn did not answer")


def cpu_seconds(server: subprocess.Popen) -> float:
    """The CPU time gunicorn (its master and its workers) has used so far, from /proc; 0.0
    where there is none."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        with open(f"/proc/{server.pid}/task/{server.pid}/children") as children:
            pids = [server.pid, *map(int, children.read().split())]
        for pid in pids:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    except OSError:
        return 0.0
    return total


def database_cpu_seconds() -> float:
    """The CPU time this machine's PostgreSQL processes have used so far (every backend, so
    anything else using the server counts too), from /proc; 0.0 where there are none."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                head, tail = stat.read().rsplit(")", 1)
        except OSError:  # ended meanwhile
            continue
        if head.endswith("(postgres"):
            fields = tail.split()
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()

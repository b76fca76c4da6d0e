"""Project-wide promises: settings refuse to start unsafely, the catalogue is complete."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*command: str, **env: str) -> subprocess.CompletedProcess:
    """A command in a fresh process with the project's own settings and only the environment
    given (nothing of the test run's DEBUG or SECRET_KEY)."""
    ignored = {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {key: value for key, value in os.environ.items() if key not in ignored}
    environment.update(env)
    return subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def run_check(*args: str, **env: str) -> subprocess.CompletedProcess:
    return run("manage.py", "check", *args, **env)


def setting(name: str, **env: str) -> str:
    code = f"from django.conf import settings; print(repr(settings.{name}))"
    result = run("manage.py", "shell", "--no-imports", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


PRODUCTION = {
    "SECRET_KEY": "k7#Qm2$vT9!pLx4@Zr8^Wn6&Yb3*Hc5(Jd1)Fg0_Ks-Aa=Ee+Uu~Oo",
    "ALLOWED_HOSTS": "chitieu.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://chitieu.example.vn",
}


def test_debug_is_off_unless_set():
    assert setting("DEBUG") == "False"
    assert setting("DEBUG", DEBUG="1") == "True"


def test_production_refuses_to_serve_without_a_secret_key():
    result = run("-c", "import config.wsgi", ALLOWED_HOSTS="chitieu.example")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_commands_that_need_no_key_run_without_one():
    # migrate, makemigrations and check load the URLs: no collected static files needed either.
    result = run("manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr


def test_production_starts_with_a_secret_key():
    result = run("-c", "import config.wsgi", SECRET_KEY="x" * 60, ALLOWED_HOSTS="chitieu.example")
    assert result.returncode == 0, result.stderr


def test_check_deploy_reports_nothing_with_production_variables():
    result = run_check("--deploy", "--fail-level", "WARNING", **PRODUCTION,
                       SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1")  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_hsts_subdomains_and_preload_are_chosen_not_given():
    result = run_check("--deploy", **PRODUCTION)
    warnings = set(re.findall(r"\(security\.W\d+\)", result.stderr + result.stdout))
    assert warnings == {"(security.W005)", "(security.W021)"}


def test_x_forwarded_proto_is_trusted_only_when_told():
    assert setting("SECURE_PROXY_SSL_HEADER", **PRODUCTION) == "None"
    assert setting("SECURE_PROXY_SSL_HEADER", **PRODUCTION, TRUST_X_FORWARDED_PROTO="1") == (
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )


def test_a_malformed_boolean_fails_loudly():
    result = run_check(DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_the_database_follows_database_url():
    url = "postgres://chitieu@db.example:5433/chitieu"
    engine = setting('DATABASES["default"]["ENGINE"]', DATABASE_URL=url)
    # Django's PostgreSQL backend, with prepared statements for every request's reads.
    assert engine == "'config.postgresql'"
    assert setting('DATABASES["default"]["PORT"]', DATABASE_URL=url) == "5433"


def test_a_transaction_pooler_is_told_by_the_environment():
    # Behind PgBouncer's transaction pooling a prepared statement is not on the next
    # transaction's connection: the operator says so without editing the settings.
    url = "postgres://chitieu@pgbouncer.example:6432/chitieu"
    name = 'DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"]'
    assert setting(name, DATABASE_URL=url) == "False"
    assert setting(name, DATABASE_URL=url, DATABASE_POOLER="1") == "True"


def catalogue_entries(language: str) -> list[str]:
    """The entries of a .po file, one block of lines each."""
    text = (ROOT / "locale" / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    return [block for block in text.split("\n\n") if "msgid" in block]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    problems = []
    for block in catalogue_entries(language)[1:]:  # the first is the header
        lines = block.splitlines()
        if any(line.startswith("#,") and "fuzzy" in line for line in lines):
            problems.append(block)
        # Every msgstr (and msgstr[n] of a plural) must hold some text on its line or the next.
        for index, line in enumerate(lines):
            if re.match(r"msgstr(\[\d+\])? \"\"$", line):
                following = lines[index + 1] if index + 1 < len(lines) else ""
                if not following.startswith('"'):
                    problems.append(block)
    assert problems == []


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_catalogues_cover_the_same_messages(language):
    msgids = {
        line for block in catalogue_entries(language) for line in block.splitlines()
        if line.startswith(("msgid ", "msgctxt "))
    }  # fmt: skip
    other = "en" if language == "vi" else "vi"
    expected = {
        line for block in catalogue_entries(other) for line in block.splitlines()
        if line.startswith(("msgid ", "msgctxt "))
    }  # fmt: skip
    assert msgids == expected


def test_vietnamese_numbers_in_the_table(demo_module, db, capsys):
    from django.core.management import call_command

    call_command("progress", "--committee", "TAYHO", "--year", "2022", "--quarter", "4",
                 "--format", "table")  # fmt: skip
    out = capsys.readouterr().out
    assert "Năm: 22/25 chỉ tiêu đạt, trong đó 13 vượt" in out
    assert "13,48" in out and "96,3" in out and "12.993" in out

"""`manage.py progress` on the demo: the progress JSON of DESIGN.md, CSV, a table, and errors."""

import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import BaseCommand

from targets.management.commands.progress import Command

TOP_LEVEL_KEYS = ["committee", "term", "year", "quarter", "summary", "targets"]
TARGET_KEYS = [
    "code", "name", "group", "programme", "unit", "aggregation", "direction", "year_value",
    "annual_plan", "annual_pct", "annual_status", "term_value", "term_target", "term_pct",
    "term_status", "to_date_plan", "to_date_pct", "estimate", "frequency", "numerator",
    "denominator", "revised", "original_term_target", "revision_basis",
]  # fmt: skip
SUMMARY_KEYS = ["achieved", "exceeded", "on_track", "behind", "no_data", "no_plan", "not_due"]


@pytest.fixture
def run(demo_module, db, capsys):
    def run(*args: str) -> str:
        call_command("progress", *args)
        return capsys.readouterr().out

    return run


def progress_json(run, committee: str, year: int, quarter: int) -> dict:
    out = run(
        "--committee", committee, "--term", "2020-2025", "--year", str(year),
        "--quarter", str(quarter), "--format", "json",
    )  # fmt: skip
    # Decimals must be JSON numbers written exactly: parse them back as Decimals.
    return json.loads(out, parse_float=Decimal)


def by_code(document: dict) -> dict:
    return {target["code"]: target for target in document["targets"]}


class TestSeedChecksOnTheDemo:
    def test_tay_ho_growth_and_revenue_at_mid_term(self, run):
        document = progress_json(run, "TAYHO", 2022, 4)
        assert list(document) == TOP_LEVEL_KEYS
        assert (document["committee"], document["term"]) == ("TAYHO", "2020-2025")
        assert (document["year"], document["quarter"]) == (2022, 4)
        growth, revenue = by_code(document)["CT01"], by_code(document)["CT02"]
        assert list(growth) == TARGET_KEYS
        assert growth["aggregation"] == "average"
        assert growth["year_value"] == Decimal("14.84")
        assert growth["annual_plan"] is None
        assert growth["annual_status"] == "no_plan"
        assert growth["term_value"] == Decimal("13.48")
        assert growth["term_target"] == 14
        assert growth["term_pct"] == Decimal("96.3")
        assert growth["term_status"] == "on_track"
        assert growth["estimate"] is False
        assert revenue["term_value"] == 12993
        assert revenue["to_date_pct"] == 151
        assert document["summary"]["targets"] == 25 == len(document["targets"])
        assert list(document["summary"]["annual"]) == SUMMARY_KEYS

    def test_hoang_mai_2020_revenue_and_fifteen_of_fifteen(self, run):
        document = progress_json(run, "HOANGMAI", 2020, 4)
        revenue = by_code(document)["CT01"]
        assert revenue["year_value"] == 6160
        assert revenue["annual_pct"] == 102
        assert document["summary"]["targets"] == 15
        assert document["summary"]["annual"]["achieved"] == 15
        assert document["summary"]["annual"]["exceeded"] == 7

    def test_thuong_tin_income_and_revenue(self, run):
        document = progress_json(run, "THUONGTIN", 2022, 4)
        revenue, income = by_code(document)["CT01"], by_code(document)["CT02"]
        assert income["term_value"] == 63
        assert income["term_pct"] == Decimal("76.8")
        assert revenue["year_value"] == Decimal("1114.476")
        assert revenue["annual_pct"] == 135

    def test_cau_giay_2021_thirteen_of_thirteen(self, run):
        document = progress_json(run, "CAUGIAY", 2021, 4)
        assert document["summary"]["targets"] == 13
        assert document["summary"]["annual"]["achieved"] == 13

    def test_nam_tu_liem_early_2021_revenue(self, run):
        revenue = by_code(progress_json(run, "NAMTULIEM", 2021, 1))["CT01"]
        assert revenue["year_value"] == 1392
        assert revenue["annual_pct"] == 21

    def test_an_estimate_is_marked(self, run):
        jobs = by_code(progress_json(run, "TAYHO", 2022, 4))["CT13"]
        assert jobs["estimate"] is True


class TestFormats:
    def test_csv_has_a_row_per_target(self, run):
        out = run("--committee", "TAYHO", "--year", "2022", "--quarter", "4", "--format", "csv")
        lines = out.strip().splitlines()
        assert lines[0].split(",") == TARGET_KEYS
        assert len(lines) == 26
        growth = next(line for line in lines if line.startswith("CT01,"))
        assert ",13.48,14,96.3,on_track," in growth

    def test_table_reads_like_the_reports(self, run, settings):
        out = run(
            "--committee", "HOANGMAI", "--year", "2020", "--quarter", "4", "--format", "table"
        )
        assert "HOANGMAI 2020-2025, 2020 Q4" in out
        assert "15/15" in out
        assert "CT01" in out and "6.160" in out

    def test_defaults_to_the_current_term_and_latest_quarter(self, run):
        document = json.loads(run("--committee", "TAYHO"), parse_float=Decimal)
        assert (document["term"], document["year"], document["quarter"]) == ("2020-2025", 2022, 4)


class TestErrors:
    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--committee", "NOWHERE"], "Không có đảng bộ mã “NOWHERE”."),
            (["--committee", "TAYHO", "--term", "2025-2030"], "TAYHO không có nhiệm kỳ 2025-2030"),
            (["--committee", "TAYHO", "--term", "soon"], "TAYHO không có nhiệm kỳ soon"),
            (["--committee", "TAYHO", "--year", "2022", "--quarter", "5"], "Quý 5 không nằm"),
            (["--committee", "TAYHO", "--year", "2030", "--quarter", "1"], "Năm 2030 nằm ngoài"),
            (["--committee", "TAYHO", "--year", "2022", "--quarter", "II"], "quarter phải là số"),
            (["--committee", "TAYHO", "--format", "pdf"], "Không có định dạng “pdf”"),
        ],
    )
    def test_it_refuses_with_a_clear_message(self, run, args, message):
        with pytest.raises(CommandError) as raised:
            run(*args)
        assert message in str(raised.value)

    def test_from_the_command_line_it_exits_non_zero_without_a_traceback(self, run, capsys):
        command: BaseCommand = Command()
        with pytest.raises(SystemExit) as exited:
            command.run_from_argv(["manage.py", "progress", "--committee", "NOWHERE"])
        assert exited.value.code != 0
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert err.strip().splitlines() == ["CommandError: Không có đảng bộ mã “NOWHERE”."]

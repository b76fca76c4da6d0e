"""The screens on the demo, as each role meets them: who gets which page, the seed numbers on
the dashboards, and every number agreeing with `manage.py progress`."""

import json
import re
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation

from targets.templatetags.figures import figure, pct
from targets.templatetags.figures import shown as displayed

ROLES = ["admin", "thanhuy", "tonghop", "tayho", "hoangmai"]


@pytest.fixture
def login(client):
    def login(username: str):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return login


def cells(html: str, code: str) -> dict[str, str]:
    """The data-field cells of one target's row, as text."""
    row = re.search(rf'<tr data-target="{code}">(.*?)</tr>', html, re.S).group(1)
    found = re.findall(r'data-field="(\w+)">(.*?)</td>', row, re.S)
    return {field: unescape(re.sub(r"<.*?>", "", text)).strip() for field, text in found}


def progress_document(capsys, committee: str, year: int, quarter: int) -> dict:
    call_command(
        "progress", "--committee", committee, "--term", "2020-2025", "--year", str(year),
        "--quarter", str(quarter), "--format", "json",
    )  # fmt: skip
    return json.loads(capsys.readouterr().out, parse_float=Decimal, parse_int=Decimal)


PAGES = [
    # (url, who gets 200; everyone else in ROLES gets 404)
    ("/committees/HANOI/overview/", {"admin", "thanhuy", "tonghop"}),
    ("/committees/HANOI/", {"admin", "thanhuy", "tonghop"}),
    ("/committees/TAYHO/", {"admin", "thanhuy", "tonghop", "tayho"}),
    ("/committees/HOANGMAI/", {"admin", "thanhuy", "tonghop", "hoangmai"}),
    ("/committees/TAYHO/targets/CT02/", {"admin", "thanhuy", "tonghop", "tayho"}),
    ("/committees/HANOI/targets/TP01/", {"admin", "thanhuy", "tonghop"}),
    ("/committees/TAYHO/report/", {"admin", "thanhuy", "tonghop", "tayho"}),
    ("/committees/TAYHO/report/?format=xlsx", {"admin", "thanhuy", "tonghop", "tayho"}),
    ("/api/progress?committee=TAYHO", {"admin", "thanhuy", "tonghop", "tayho"}),
    ("/api/progress?committee=HOANGMAI", {"admin", "thanhuy", "tonghop", "hoangmai"}),
]


@pytest.mark.parametrize(("url", "allowed"), PAGES)
@pytest.mark.parametrize("username", ROLES)
def test_each_role_sees_its_committees_and_gets_404_elsewhere(
    demo_module, db, login, url, allowed, username
):
    response = login(username).get(url)
    assert response.status_code == (200 if username in allowed else 404)


@pytest.mark.parametrize("url", [url for url, _allowed in PAGES if "api" not in url] + ["/"])
def test_anonymous_visitors_are_sent_to_log_in(demo_module, db, client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize(
    ("username", "home"),
    [
        ("admin", "/committees/HANOI/overview/"),
        ("thanhuy", "/committees/HANOI/overview/"),
        ("tonghop", "/committees/HANOI/overview/"),
        # Since the 2025 reform they edit the wards of the same names: the present first.
        ("tayho", "/committees/PTAYHO/"),
        ("hoangmai", "/committees/PHOANGMAI/"),
    ],
)
def test_home_sends_each_role_to_its_place(demo_module, db, login, username, home):
    response = login(username).get("/")
    assert response.status_code == 302
    assert response["Location"] == home


def test_the_header_names_the_user_s_committee_and_role(demo_module, db, login):
    html = login("tayho").get("/committees/TAYHO/").content.decode()
    assert "Đảng bộ phường Tây Hồ · Cán bộ nhập liệu" in html
    html = login("thanhuy").get("/committees/TAYHO/").content.decode()
    assert "Đảng bộ thành phố Hà Nội · Lãnh đạo" in html


def test_the_tay_ho_dashboard_shows_the_seed_percentages(demo_module, db, login):
    html = login("tayho").get("/committees/TAYHO/").content.decode()
    assert cells(html, "CT01")["term_pct"] == "96,3\xa0%"  # growth 13,48 of 14
    assert cells(html, "CT02")["to_date_pct"] == "151\xa0%"  # revenue 12.993 tỷ to date
    assert cells(html, "CT02")["term_value"] == "12.993"


def test_the_hoang_mai_dashboard_for_2020_shows_the_seed_summary(demo_module, db, login):
    html = login("hoangmai").get("/committees/HOANGMAI/?year=2020&quarter=4").content.decode()
    assert "Năm 2020: 15/15 chỉ tiêu đạt, trong đó 7 vượt" in html
    assert cells(html, "CT01")["annual_pct"] == "102\xa0%"  # revenue 6.160 tỷ


@pytest.mark.parametrize(
    ("committee", "year", "quarter"),
    [("TAYHO", 2022, 4), ("HOANGMAI", 2020, 4), ("THUONGTIN", 2022, 4), ("CAUGIAY", 2021, 4),
     ("NAMTULIEM", 2021, 1), ("HANOI", 2022, 4)],
)  # fmt: skip
def test_every_number_on_the_dashboard_agrees_with_the_progress_command(
    demo_module, db, login, capsys, committee, year, quarter
):
    document = progress_document(capsys, committee, year, quarter)
    html = login("admin").get(
        f"/committees/{committee}/?term=2020-2025&year={year}&quarter={quarter}"
    )
    html = html.content.decode()
    with translation.override("vi"):
        for target in document["targets"]:
            shown = cells(html, target["code"])
            unit = target["unit"]  # values with the precision their unit needs
            for field in ("annual_plan", "term_target"):
                assert shown[field] == displayed(target[field], unit), (target["code"], field)
            year_value = displayed(target["year_value"], unit)
            term_value = displayed(target["term_value"], unit)
            if target["aggregation"] == "ratio":  # 26/27 (96,3 %)
                counts = f"{figure(target['numerator'])}/{figure(target['denominator'])}"
                year_value = f"{counts} ({pct(target['year_value'])})"
                term_value = f"{counts} ({pct(target['term_value'])})"
            assert shown["year_value"].split(" ước")[0] == year_value, target["code"]
            assert shown["term_value"] == term_value, target["code"]
            for field in ("annual_pct", "term_pct", "to_date_pct"):
                assert shown[field] == pct(target[field]), (target["code"], field)
            assert ("ước" in shown["year_value"]) == target["estimate"]


def test_values_show_the_precision_of_their_unit(demo_module, db, login):
    # The average growth of Tây Hồ over its years is 13,4775...: a rate, two decimals at most.
    html = login("tayho").get("/committees/TAYHO/?year=2022&quarter=4").content.decode()
    assert cells(html, "CT01")["term_value"] == "13,48"


def test_the_estimate_mark_shows_where_a_figure_is_an_estimate(demo_module, db, login):
    html = login("tayho").get("/committees/TAYHO/?year=2022&quarter=4").content.decode()
    assert "ước" in cells(html, "CT13")["year_value"]
    assert "ước" not in cells(html, "CT02")["year_value"]


def test_the_old_ratio_targets_print_as_the_reports_did(demo_module, db, login):
    tayho = login("tayho").get("/committees/TAYHO/?year=2022&quarter=4").content.decode()
    assert cells(tayho, "CT04")["year_value"] == "26/27 (96,3\xa0%)"  # schools
    assert cells(tayho, "CT05")["year_value"] == "8/8 (100\xa0%)"  # wards' health standard
    caugiay = login("admin").get("/committees/CAUGIAY/?year=2021&quarter=4").content.decode()
    assert cells(caugiay, "CT03")["year_value"] == "42/44 (95,5\xa0%)"


def test_the_present_overview_shows_the_wards_not_the_old_districts(demo_module, db, login):
    response = login("thanhuy").get("/committees/HANOI/overview/")
    assert response.context["term"].label == "2025-2030"
    codes = {row.committee.code for row in response.context["rows"]}
    assert codes == {"PTAYHO", "PPHUTHUONG", "PHOANGMAI", "PCAUGIAY", "XTHUONGTIN"}
    history = login("thanhuy").get("/committees/HANOI/overview/?term=2020-2025")
    codes = {row.committee.code for row in history.context["rows"]}
    assert codes == {"TAYHO", "HOANGMAI", "CAUGIAY", "NAMTULIEM", "THUONGTIN"}


def test_an_old_district_has_no_present_term(demo_module, db, login):
    html = login("tayho").get("/committees/TAYHO/").content.decode()
    assert "2020-2025" in html and "2025-2030" not in html.split("<main", 1)[-1][:4000]

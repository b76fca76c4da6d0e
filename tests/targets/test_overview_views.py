"""The overview of the committees under one: counts, totals, sorting, missing reports, and a
query count that does not grow with the number of committees or targets."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from districts.models import Committee, Membership
from targets.models import QuarterlyReport
from tests.factories import (
    make_committee,
    make_measurement,
    make_membership,
    make_plan,
    make_report,
    make_target,
    make_term,
    make_user,
)

pytestmark = pytest.mark.django_db


def build_city(city, committees: int, targets: int = 3):
    """`committees` districts under the city, each with `targets` revenue targets whose 2021
    figures reach 100, 80 or nothing against a plan of 100; every other district reported."""
    make_term(city, 2020, 2025, congress=17)
    for index in range(committees):
        district = make_committee(f"D{index:03d}", parent=city, name=f"Quận {index:03d}")
        term = make_term(district, 2020, 2025)
        for number in range(targets):
            target = make_target(term, code=f"CT{number:02d}", term_target=500)
            make_plan(target, 2021, 100)
            if number % 3 == 0:
                make_measurement(target, 2021, 4, 100)
            elif number % 3 == 1:
                make_measurement(target, 2021, 4, 80)
        if index % 2 == 0:
            make_report(term, 2021, 4, status=QuarterlyReport.Status.APPROVED)


@pytest.fixture
def viewer(city):
    user = make_user("leader")
    make_membership(user, city, Membership.Role.VIEWER)
    return user


def rows_in_order(html: str) -> list[str]:
    return re.findall(r'<tr data-committee="(\w+)">', html)


@pytest.mark.parametrize("committees", [5, 50])
def test_its_query_count_does_not_grow_with_the_committees(
    client, city, viewer, django_assert_num_queries, committees
):
    build_city(city, committees, targets=3 if committees == 5 else 25)
    client.force_login(viewer)
    # 1 session, 2 user, 3 the committee (within the user's memberships), 4 its terms,
    # 5 the terms of the committees under it, 6 their targets, 7 plans, 8 figures,
    # 9 revisions, 10 the quarter's reports, 11 the header's membership.
    with django_assert_num_queries(11):
        response = client.get("/committees/HANOI/overview/?year=2021&quarter=4")
    assert response.status_code == 200
    assert len(rows_in_order(response.content.decode())) == committees


def test_it_counts_each_committee_s_targets_by_status(client, city, viewer):
    build_city(city, 2)
    client.force_login(viewer)
    response = client.get("/committees/HANOI/overview/?year=2021&quarter=4")
    rows = {row.committee.code: row for row in response.context["rows"]}
    annual = rows["D000"].summary.annual
    assert (annual.achieved, annual.behind, annual.no_data) == (1, 1, 1)
    assert rows["D000"].annual_share == Decimal("33.3")
    assert rows["D000"].report_status == "approved"
    assert rows["D001"].report_status is None
    totals = response.context["result"].totals
    assert (totals.targets, totals.annual.achieved) == (6, 2)
    html = response.content.decode()
    assert "33,3\xa0%" in html
    assert re.search(r'id="totals-row">.*?<td class="num">6</td>', html, re.S)


def test_it_lists_the_committees_that_have_not_reported(client, city, viewer):
    build_city(city, 3)
    client.force_login(viewer)
    html = client.get("/committees/HANOI/overview/?year=2021&quarter=4").content.decode()
    missing = re.search(r'id="not-reported">(.*?)</ul>', html, re.S).group(1)
    assert "Quận 001" in missing
    assert "Quận 000" not in missing and "Quận 002" not in missing
    assert "chưa lập" in missing


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["D000", "D001", "D002"]),
        ("-name", ["D002", "D001", "D000"]),
        ("report", ["D001", "D000", "D002"]),
        ("-annual_share", ["D002", "D000", "D001"]),
        ("nonsense", ["D000", "D001", "D002"]),
    ],
)
def test_it_sorts_by_any_column(client, city, viewer, sort, expected):
    build_city(city, 3)
    # D002 reaches its plan on every target, D001 has nothing at all.
    d002 = Committee.objects.get(code="D002").terms.get()
    for target in d002.targets.all():
        target.measurements.update(value=100)
        if not target.measurements.exists():
            make_measurement(target, 2021, 4, 100)
    Committee.objects.get(code="D001").terms.get().targets.all().delete()
    client.force_login(viewer)
    html = client.get(f"/committees/HANOI/overview/?year=2021&quarter=4&sort={sort}")
    assert rows_in_order(html.content.decode()) == expected


def test_the_sort_links_keep_the_moment(client, city, viewer):
    build_city(city, 1)
    client.force_login(viewer)
    html = client.get("/committees/HANOI/overview/?year=2021&quarter=4").content.decode()
    assert 'href="?term=2020-2025&amp;year=2021&amp;quarter=4&amp;sort=-name"' in html
    assert 'aria-sort="ascending"' in html


def test_it_shows_only_committees_that_have_the_term(client, city, viewer):
    build_city(city, 2)
    make_term(Committee.objects.get(code="D001"), 2015, 2019)
    make_term(make_committee("NEW", parent=city), 2025, 2030)
    client.force_login(viewer)
    html = client.get("/committees/HANOI/overview/?term=2020-2025").content.decode()
    assert rows_in_order(html) == ["D000", "D001"]


def test_the_chart_data_stacks_up_to_the_targets(client, city, viewer):
    build_city(city, 2)
    client.force_login(viewer)
    chart = client.get("/committees/HANOI/overview/?year=2021&quarter=4").context["chart"]
    assert chart["labels"] == ["Quận 000", "Quận 001"]
    for part in ("annual", "term"):
        stacked = [sum(values) for values in zip(*(s["data"] for s in chart[part]), strict=True)]
        assert stacked == [3, 3]
    assert [s["label"] for s in chart["annual"]][:2] == ["vượt", "đạt"]


def test_a_committee_user_gets_404_for_the_city_overview(client, city, tayho_editor):
    build_city(city, 1)
    client.force_login(tayho_editor)
    assert client.get("/committees/HANOI/overview/").status_code == 404


def test_a_user_without_membership_gets_404(client, city, outsider):
    build_city(city, 1)
    client.force_login(outsider)
    assert client.get("/committees/HANOI/overview/").status_code == 404
    assert client.get("/committees/D000/").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=abc", "year phải là số nguyên"),
        ("year=2019", "Năm 2019 nằm ngoài nhiệm kỳ 2020-2025"),
        ("year=2021&quarter=5", "Quý 5 không nằm trong khoảng 1 đến 4"),
        ("quarter=2", "Chọn quý thì phải chọn cả năm"),
        ("term=2030-2035", "HANOI không có nhiệm kỳ 2030-2035"),
    ],
)
def test_a_bad_moment_is_a_400_with_a_message(client, city, viewer, query, message):
    build_city(city, 1)
    client.force_login(viewer)
    response = client.get(f"/committees/HANOI/overview/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_superusers_without_membership_start_at_the_top_committee(client, city):
    build_city(city, 1)
    admin = get_user_model().objects.create_superuser("root", password="x-secret-1")
    client.force_login(admin)
    assert client.get("/")["Location"] == "/committees/HANOI/overview/"

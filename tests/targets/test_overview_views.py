"""The overview of the committees under one: counts, totals, sorting, missing reports, and a
query count that does not grow with the number of committees or targets."""

import io
import random
import re
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth import get_user_model

from districts.models import Committee, Membership, Term
from targets.models import QuarterlyReport
from targets.presenters import STATUS_ORDER, share_band
from tests.factories import (
    make_committee,
    make_figure,
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
    figures reach 100, 80 or nothing against a plan of 100; every other district reported, the
    others saved a draft (figures without any report would be imported history)."""
    make_term(city, 2020, 2025, congress=17)
    for index in range(committees):
        district = make_committee(f"D{index:03d}", parent=city, name=f"Quận {index:03d}")
        term = make_term(district, 2020, 2025)
        for number in range(targets):
            target = make_target(term, code=f"CT{number:02d}", term_target=500)
            make_plan(target, 2021, 100)
            if number % 3 == 0:
                make_figure(target, 2021, 4, 100)
            elif number % 3 == 1:
                make_figure(target, 2021, 4, 80)
        status = QuarterlyReport.Status.DRAFT if index % 2 else QuarterlyReport.Status.APPROVED
        make_report(term, 2021, 4, status=status)


@pytest.fixture
def viewer(city):
    user = make_user("leader")
    make_membership(user, city, Membership.Role.VIEWER)
    return user


def rows_in_order(html: str) -> list[str]:
    return re.findall(r'<tr data-committee="(\w+)"', html)


@pytest.mark.parametrize("committees", [5, 50])
def test_its_query_count_does_not_grow_with_the_committees(
    client, city, viewer, django_assert_num_queries, committees
):
    build_city(city, committees, targets=3 if committees == 5 else 25)
    client.force_login(viewer)
    # 1 session with its user, read with the committee (within the user's memberships) with
    # its terms, the user's memberships (the header) and the header's count, 2 the terms of the
    # committees under it (their data versions: the kept page's key), 3 their targets,
    # 4 plans, 5 figures, 6 revisions, 7 the quarter's reports, 8 the targets contributing to
    # the city's (heat map).
    with django_assert_num_queries(8):
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
    assert rows["D001"].report_status == "draft"
    totals = response.context["result"].totals
    assert (totals.targets, totals.annual.achieved) == (6, 2)
    html = response.content.decode()
    assert "33,3\xa0%" in html
    assert re.search(r'id="totals-row">.*?data-column="targets">6</td>', html, re.S)


def test_it_lists_the_committees_that_have_not_reported(client, city, viewer):
    build_city(city, 3)
    client.force_login(viewer)
    html = client.get("/committees/HANOI/overview/?year=2021&quarter=4").content.decode()
    counts = re.search(r'id="not-reported-counts">(.*?)</p>', html, re.S).group(1)
    assert "1/3 đảng bộ chưa nộp quý này" in counts
    assert re.search(r"Nháp</span> 1\b", counts)
    missing = re.search(r'<details id="not-reported">(.*?)</details>', html, re.S).group(1)
    assert "Quận 001" in missing
    assert "Quận 000" not in missing and "Quận 002" not in missing
    assert "Nháp" in missing


def test_imported_history_counts_as_handed_in(client, city, viewer):
    build_city(city, 2)
    QuarterlyReport.objects.all().delete()  # figures without reports: brought in by import
    client.force_login(viewer)
    response = client.get("/committees/HANOI/overview/")
    assert (response.context["year"], response.context["quarter"]) == (2021, 4)
    assert response.context["result"].not_reported == []
    assert [row.imported for row in response.context["rows"]] == [True, True]
    assert 'id="not-reported"' not in response.content.decode()


def test_a_draft_never_moves_the_overview(client, city, viewer):
    build_city(city, 4)  # D000 and D002 handed 2021 Q4 in, the others saved a draft
    term = Committee.objects.get(code="D001").terms.get()
    make_figure(term.targets.first(), 2022, 1, 10)
    make_report(term, 2022, 1)  # a draft in a new quarter
    make_report(Committee.objects.get(code="D003").terms.get(), 2022, 1,
                status=QuarterlyReport.Status.SUBMITTED)  # fmt: skip
    client.force_login(viewer)
    response = client.get("/committees/HANOI/overview/")
    # 2022 Q1: one committee of four handed it in; 2021 Q4: two, which is half.
    assert (response.context["year"], response.context["quarter"]) == (2021, 4)
    # The committee's own pages open on its latest figures, drafts included.
    response = client.get("/committees/D001/")
    assert (response.context["year"], response.context["quarter"]) == (2022, 1)


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
        target.figures.update(value=100)
        if not target.figures.exists():
            make_figure(target, 2021, 4, 100)
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


def test_the_chart_follows_the_table_with_shares_and_counts(client, city, viewer):
    build_city(city, 2)
    client.force_login(viewer)
    response = client.get("/committees/HANOI/overview/?year=2021&quarter=4&sort=-name")
    chart = response.context["chart"]
    assert chart["labels"] == ["Quận 001", "Quận 000"]  # the table's order
    assert chart["targets"] == [3, 3]
    for part in ("annual", "term"):
        counts = [sum(column) for column in zip(*(s["counts"] for s in chart[part]), strict=True)]
        assert counts == [3, 3]
    annual = {s["label"]: s for s in chart["annual"]}
    assert annual["đạt"]["counts"] == [1, 1] and annual["đạt"]["data"] == [33.3, 33.3]
    assert annual["vượt"]["counts"] == [0, 0]
    assert [s["label"] for s in chart["annual"]][:2] == ["vượt", "đạt"]


def build_many(city, committees: int, seed: int = 11):
    """Committees with 0 to 9 targets of every kind, with or without plans, term targets and
    figures, above, at and below them: every status in some row."""
    rng = random.Random(seed)
    make_term(city, 2020, 2025, congress=17)
    for index in range(committees):
        term = make_term(make_committee(f"G{index:03d}", parent=city, name=f"Thử {index}"))
        for number in range(rng.randrange(10)):
            target = make_target(
                term,
                code=f"CT{number:02d}",
                aggregation=rng.choice(["sum", "latest", "average"]),
                direction=rng.choice(["up", "up", "down"]),
                term_target=rng.choice([None, 100, 400]),
                baseline=rng.choice([None, 10]),
            )
            if rng.random() < 0.8:
                make_plan(target, 2021, 100)
            for quarter in range(1, 5):
                if rng.random() < 0.6:
                    make_figure(target, 2021, quarter, rng.choice([0, 25, 50, 100, 130]))


def test_every_row_and_the_totals_add_up_to_the_targets(client, city, viewer):
    build_many(city, 40)
    client.force_login(viewer)
    response = client.get("/committees/HANOI/overview/?year=2021&quarter=3")
    html = response.content.decode()
    lines = re.findall(r'<tr (?:data-committee="\w+"[^>]*|id="totals-row")>(.*?)</tr>', html, re.S)
    assert len(lines) == 41
    seen = set()
    for line in lines:
        cells = dict(re.findall(r'data-column="(\w+)">([\d.]+)</td>', line))
        count = {key: int(value.replace(".", "")) for key, value in cells.items()}
        for part in ("annual", "term"):
            statuses = {key: value for key, value in count.items() if key.startswith(part)}
            assert len(statuses) == len(STATUS_ORDER)
            assert sum(statuses.values()) == count["targets"], line
            seen |= {key for key, value in statuses.items() if value}
    # The generated city has targets in every status but "not due" (which needs a frequency).
    assert {key.split("_", 1)[1] for key in seen} >= {
        "exceeded", "achieved", "on_track", "behind", "no_data", "no_plan"
    }  # fmt: skip
    totals = response.context["result"].totals
    assert totals.targets == sum(row.summary.targets for row in response.context["rows"])


def test_names_sort_naturally(client, city, viewer):
    make_term(city, 2020, 2025, congress=17)
    for number in (10, 2, 1):
        make_term(make_committee(f"T{number}", parent=city, name=f"Thử {number}"))
    client.force_login(viewer)
    html = client.get("/committees/HANOI/overview/").content.decode()
    assert rows_in_order(html) == ["T1", "T2", "T10"]
    html = client.get("/committees/HANOI/overview/?sort=-name").content.decode()
    assert rows_in_order(html) == ["T10", "T2", "T1"]


@pytest.mark.parametrize(
    ("share", "band"),
    [(Decimal(100), "high"), (Decimal(80), "high"), (Decimal("79.9"), "mid"),
     (Decimal(50), "mid"), (Decimal("49.9"), "low"), (Decimal(0), "low"), (None, "")],
)  # fmt: skip
def test_the_share_achieved_falls_in_one_band(share, band):
    assert share_band(share) == band


def test_the_share_is_coloured_and_the_legend_explains_it(client, city, viewer):
    build_city(city, 1)
    client.force_login(viewer)
    html = client.get("/committees/HANOI/overview/?year=2021&quarter=4").content.decode()
    assert '<span class="share share-low">33,3\xa0%</span>' in html
    legend = re.search(r'id="overview-legend">(.*?)</div>', html, re.S).group(1)
    assert "Tỷ lệ đạt tính cả các chỉ tiêu vượt" in legend
    assert '<span class="share share-high">từ 80 trở lên</span>' in legend


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


def build_contributions(city, committees: int):
    """The city's targets TP01 and TP02; each committee's CT00 contributes to TP01, and every
    other committee's CT01 to TP02."""
    build_city(city, committees)
    city_term = city.terms.get()
    tp01 = make_target(city_term, code="TP01", name="Thu ngân sách toàn thành phố")
    tp02 = make_target(city_term, code="TP02", name="Kết nạp đảng viên mới")
    for index, term in enumerate(
        Term.objects.filter(committee__parent=city).order_by("committee__code")
    ):
        term.targets.filter(code="CT00").update(parent=tp01)
        if index % 2 == 0:
            term.targets.filter(code="CT01").update(parent=tp02)


@pytest.mark.parametrize("committees", [4, 40])
def test_the_heat_map_keeps_its_query_count(
    client, city, viewer, django_assert_num_queries, committees
):
    build_contributions(city, committees)
    client.force_login(viewer)
    with django_assert_num_queries(8):  # as above: the heat map's progress is the engine's
        response = client.get("/committees/HANOI/overview/?year=2021&quarter=4")
    assert len(response.context["heat_rows"]()) == committees


def test_the_heat_map_shows_each_committee_under_the_city_s_targets(client, city, viewer):
    build_contributions(city, 2)
    client.force_login(viewer)
    response = client.get("/committees/HANOI/overview/?year=2021&quarter=4")
    assert response.context["shown"].heat_columns == [
        ("TP01", "Thu ngân sách toàn thành phố"), ("TP02", "Kết nạp đảng viên mới")
    ]  # fmt: skip
    html = response.content.decode()
    heat = re.search(r'<table[^>]*id="heat-map">(.*?)</table>', html, re.S).group(1)
    d000 = re.search(r'<tr data-committee="D000".*?</tr>', heat, re.S).group(0)
    # D000's CT00 reached 100 of its plan, and 100 of a term target of 500: behind for the term.
    assert 'class="heat status-behind"' in d000
    assert (
        'href="/committees/D000/targets/CT00/?term=2020-2025&amp;year=2021&amp;quarter=4"' in d000
    )
    assert 'aria-label="CT00: chậm tiến độ, 20\xa0%"' in d000
    d001 = re.search(r'<tr data-committee="D001".*?</tr>', heat, re.S).group(0)
    assert "không có chỉ tiêu đóng góp" in d001  # D001's CT01 does not contribute to TP02


def test_the_overview_downloads_as_a_spreadsheet(client, city, viewer):
    build_city(city, 3)
    client.force_login(viewer)
    response = client.get("/committees/HANOI/overview/?year=2021&quarter=4&format=xlsx&sort=-name")
    assert response["Content-Disposition"] == 'attachment; filename="tong-quan-HANOI-2021-Q4.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[3]
    assert header[0] == "Đảng bộ" and "Năm · vượt" in header
    body = {row[0]: dict(zip(header, row, strict=True)) for row in rows[4:]}
    assert list(body) == ["Quận 002", "Quận 001", "Quận 000", "Tổng cộng"]
    assert body["Quận 000"]["Năm · đạt"] == 1
    assert body["Quận 000"]["Năm · % đạt (gồm vượt)"] == pytest.approx(33.3)
    assert body["Tổng cộng"]["Chỉ tiêu"] == 9
    assert body["Quận 001"]["Báo cáo quý"] == "Nháp"
    cell = next(c for c in sheet[5] if c.value == 1)
    assert cell.number_format == "#,##0"


# Pages of the table: a country's thousands of committees are shown a page at a time, sorted
# across all of them on the server; a city's fit on one page, as ever.


@pytest.fixture
def small_pages(settings):
    settings.OVERVIEW_PAGE_SIZE = 2


def build_ranked_city(city, committees: int):
    """build_city with five targets each, where each district reaches its plan on one target
    more than the one before it (by code): D000 on none, D004 on four."""
    build_city(city, committees, targets=5)
    for index, term in enumerate(
        Term.objects.filter(committee__parent=city).order_by("committee__code")
    ):
        for number, target in enumerate(term.targets.order_by("code")):
            target.figures.all().delete()
            if number < index:
                make_figure(target, 2021, 4, 100)


def test_a_city_that_fits_on_one_page_shows_no_page_controls(client, city, viewer):
    build_city(city, 3)
    client.force_login(viewer)
    response = client.get("/committees/HANOI/overview/?year=2021&quarter=4")
    html = response.content.decode()
    assert rows_in_order(html) == ["D000", "D001", "D002"]
    assert 'id="overview-pages"' not in html and 'id="overview-range"' not in html
    assert (response.context["table"].number, response.context["table"].pages) == (1, 1)


def test_it_shows_one_page_of_the_committees_with_where_it_is(client, city, viewer, small_pages):
    build_city(city, 5)
    client.force_login(viewer)
    response = client.get("/committees/HANOI/overview/?year=2021&quarter=4&page=2")
    html = response.content.decode()
    assert rows_in_order(html) == ["D002", "D003"]
    assert re.search(r'id="overview-range">3–4 trên 5 đảng bộ<', html)
    pages = re.search(r'<nav [^>]*id="overview-pages".*?</nav>', html, re.S).group(0)
    assert 'aria-label="Các trang của bảng"' in pages
    assert '<li class="page-item active" aria-current="page"><span class="page-link">2<' in pages
    moment = "?term=2020-2025&amp;year=2021&amp;quarter=4&amp;sort=name"
    assert f'rel="prev" href="{moment}&amp;page=1">‹ Trang trước<' in pages
    assert f'rel="next" href="{moment}&amp;page=3">Trang sau ›<' in pages
    # The totals, the not-reported list and the trend of all of them cover every committee.
    totals = re.search(r'<tr id="totals-row">.*?</tr>', html, re.S).group(0)
    assert 'data-column="targets">15<' in totals
    assert "2/5 đảng bộ chưa nộp quý này" in html


def test_the_page_count_is_in_english_too(client, city, viewer, small_pages):
    build_city(city, 5)
    client.force_login(viewer)
    client.cookies["django_language"] = "en"
    html = client.get("/committees/HANOI/overview/?year=2021&quarter=4&page=3").content.decode()
    assert rows_in_order(html) == ["D004"]
    assert re.search(r'id="overview-range">5 of 5 committees<', html)
    assert ">‹ Previous</span>" not in html and "Next ›</span>" in html  # the last page
    assert 'aria-label="Page 1"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sort=name&page=1", ["D000", "D001"]),
        ("sort=-annual_share&page=1", ["D004", "D003"]),
        ("sort=-annual_share&page=2", ["D002", "D001"]),
        ("sort=annual_share&page=3", ["D004"]),
        ("sort=-name&page=3", ["D000"]),
        ("sort=nonsense&page=2", ["D002", "D003"]),  # an unknown column sorts by name
    ],
)
def test_it_sorts_across_every_page_on_the_server(
    client, city, viewer, small_pages, query, expected
):
    build_ranked_city(city, 5)
    client.force_login(viewer)
    html = client.get(f"/committees/HANOI/overview/?year=2021&quarter=4&{query}")
    assert rows_in_order(html.content.decode()) == expected


def test_the_sort_links_start_again_at_the_first_page(client, city, viewer, small_pages):
    build_city(city, 5)
    client.force_login(viewer)
    html = client.get("/committees/HANOI/overview/?year=2021&quarter=4&page=2").content.decode()
    assert (
        'class="sort-link" href="?term=2020-2025&amp;year=2021&amp;quarter=4&amp;sort=-name"'
        in html
    )
    assert "&amp;format=xlsx" in html and "page=2&amp;format" not in html


@pytest.mark.parametrize(
    ("page", "expected"), [("0", ["D000", "D001"]), ("99", ["D004"]), ("", ["D000", "D001"])]
)
def test_a_page_out_of_range_shows_the_first_or_the_last(
    client, city, viewer, small_pages, page, expected
):
    build_city(city, 5)
    client.force_login(viewer)
    response = client.get(f"/committees/HANOI/overview/?year=2021&quarter=4&page={page}")
    assert response.status_code == 200
    assert rows_in_order(response.content.decode()) == expected


@pytest.mark.parametrize("page", ["abc", "-1", "1.5", "²", "1234567"])
def test_a_page_that_is_not_a_whole_number_is_a_400_with_a_message(
    client, city, viewer, small_pages, page
):
    build_city(city, 5)
    client.force_login(viewer)
    response = client.get(f"/committees/HANOI/overview/?page={page}")
    assert response.status_code == 400
    assert f"page phải là số nguyên, không phải “{page}”" in response.content.decode()


def test_another_committee_s_pages_are_404(client, city, tayho_editor, small_pages):
    build_city(city, 5)
    client.force_login(tayho_editor)
    assert client.get("/committees/HANOI/overview/?page=2&sort=-name").status_code == 404
    assert client.get("/committees/HANOI/overview/?page=abc").status_code == 404


@pytest.mark.parametrize("committees", [5, 12])
def test_a_page_keeps_its_query_count_whatever_the_committees(
    client, city, viewer, django_assert_num_queries, small_pages, committees
):
    build_contributions(city, committees)
    client.force_login(viewer)
    # As above (test_its_query_count_does_not_grow_with_the_committees): sorting and the page
    # add none.
    with django_assert_num_queries(8):
        response = client.get(
            "/committees/HANOI/overview/?year=2021&quarter=4&sort=-term_share&page=2"
        )
    assert len(rows_in_order(response.content.decode())) == 2 * 2  # the table and heat map


def test_only_the_page_s_rows_get_their_trend_heat_map_and_bars(client, city, viewer, small_pages):
    build_contributions(city, 5)
    client.force_login(viewer)
    response = client.get("/committees/HANOI/overview/?year=2021&quarter=4&page=2")
    shown = response.context["shown"]
    assert [row.committee.code for row in shown.rows] == ["D002", "D003"]
    assert all(len(row.trend) == 8 for row in shown.rows)
    assert all(row.trend == () for row in response.context["result"].rows)  # the others: none
    assert set(shown.heat) == {row.term.pk for row in shown.rows}
    assert [line.row.committee.code for line in response.context["heat_rows"]()] == [
        "D002", "D003"
    ]  # fmt: skip
    assert response.context["chart"]["labels"] == ["Quận 002", "Quận 003"]
    # The trend of all of them together covers every committee: 5 × 3 targets.
    assert len(response.context["result"].rows) == 5


def test_each_page_is_kept_apart(client, city, viewer, small_pages):
    build_city(city, 5)
    client.force_login(viewer)
    url = "/committees/HANOI/overview/?year=2021&quarter=4&sort=-name"
    first = client.get(f"{url}&page=1").content.decode()
    second = client.get(f"{url}&page=2").content.decode()
    assert rows_in_order(first) == ["D004", "D003"]
    assert rows_in_order(second) == ["D002", "D001"]
    assert rows_in_order(client.get(f"{url}&page=1").content.decode()) == ["D004", "D003"]


def test_the_spreadsheet_has_every_committee_whatever_the_page(client, city, viewer, small_pages):
    build_city(city, 5)
    client.force_login(viewer)
    response = client.get(
        "/committees/HANOI/overview/?year=2021&quarter=4&format=xlsx&sort=-name&page=2"
    )
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert [row[0] for row in rows[4:]] == [
        "Quận 004", "Quận 003", "Quận 002", "Quận 001", "Quận 000", "Tổng cộng"
    ]  # fmt: skip

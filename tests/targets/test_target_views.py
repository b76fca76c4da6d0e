"""Target detail, report (page and spreadsheet) and the progress API."""

import io
import json
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from districts.models import Membership
from targets.models import Figure
from tests.factories import (
    make_committee,
    make_figure,
    make_membership,
    make_plan,
    make_ratio_figure,
    make_ratio_target,
    make_report,
    make_revision,
    make_target,
    make_term,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def revenue(tayho_term):
    """Tây Hồ's revenue: plans of 100 a year, 30 a quarter in 2020 and 2021 (2021 Q4 an
    estimate with a note)."""
    target = make_target(tayho_term, code="CT02", term_target=600)
    for year in (2020, 2021):
        make_plan(target, year, 100)
        for quarter in (1, 2, 3, 4):
            make_figure(
                target, year, quarter, 30,
                is_estimate=(year, quarter) == (2021, 4),
                note="số ước cả năm" if (year, quarter) == (2021, 4) else "",
            )  # fmt: skip
    return target


@pytest.fixture
def reader(city_viewer):
    return city_viewer


class TestTargetDetail:
    def test_it_shows_the_figures_progress_and_notes(self, client, revenue, tayho_editor):
        client.force_login(tayho_editor)
        response = client.get("/committees/TAYHO/targets/CT02/")
        assert response.status_code == 200
        html = response.content.decode()
        detail = response.context["detail"]
        assert (detail.year, detail.quarter) == (2021, 4)
        assert detail.progress.to_date_pct == Decimal("120.0")
        assert re.search(r'data-field="to_date_pct">120\xa0%', html)
        assert "số ước cả năm" in html
        assert len(detail.quarters) == 8
        # Quarters read as everywhere else: "quý 1/2020", not a bare "1/2020".
        assert re.search(r'<th scope="row" class="fw-normal">quý 1/2020</th>', html)

    def test_its_chart_carries_figures_plans_and_expected_lines(
        self, client, revenue, tayho_editor
    ):
        client.force_login(tayho_editor)
        chart = client.get("/committees/TAYHO/targets/CT02/").context["chart"]
        assert chart["labels"][:2] == ["quý 1/2020", "quý 2/2020"]  # as the rest of the app
        assert (chart["unit"], chart["quarters"]) == ("tỷ đồng", "Quý")  # the axes' titles
        year = {series["key"]: series["data"] for series in chart["year"]}
        assert year["figure"][:4] == [30.0, 30.0, 30.0, 30.0]
        assert year["year_value"][:4] == [30.0, 60.0, 90.0, 120.0]
        assert year["plan"][0] == 100.0
        assert year["expected"][:4] == [25.0, 50.0, 75.0, 100.0]
        term = {series["key"]: series["data"] for series in chart["term"]}
        assert term["expected"][3] == 100.0  # a sixth of 600 after one year of six
        assert term["target"][0] == 600.0
        assert '<script id="target-chart-data" type="application/json">' in (
            client.get("/committees/TAYHO/targets/CT02/").content.decode()
        )

    def test_it_shows_who_changed_a_figure_and_from_what(self, client, revenue, tayho_editor):
        figure = Figure.objects.get(target=revenue, year=2021, quarter=4)
        figure.value = Decimal("41.5")
        figure._history_user = tayho_editor
        figure.save()
        client.force_login(tayho_editor)
        response = client.get("/committees/TAYHO/targets/CT02/")
        latest = response.context["detail"].history[0]
        assert (latest.subject, latest.old_value, latest.new_value) == (
            "4/2021",
            Decimal("30"),
            Decimal("41.5"),
        )
        assert latest.user == "tayho"
        html = response.content.decode()
        assert re.search(r"Kết quả quý 4/2021.*?30</td>\s*<td class=\"num\">41,5", html, re.S)

    def test_a_parent_target_ranks_its_children(self, client, city, tayho_term, reader):
        hoangmai = make_committee("HOANGMAI", parent=city, name="Đảng bộ quận Hoàng Mai")
        city_term = make_term(city, 2020, 2025, congress=17)
        parent = make_target(city_term, code="TP01")
        for term, value in ((tayho_term, 80), (make_term(hoangmai), 120)):
            child = make_target(term, code="CT02", parent=parent)
            make_plan(child, 2021, 100)
            make_figure(child, 2021, 4, value)
        client.force_login(reader)
        response = client.get("/committees/HANOI/targets/TP01/?year=2021&quarter=4")
        detail = response.context["detail"]
        assert [child.committee.code for child in detail.children_ranked] == [
            "HOANGMAI",
            "TAYHO",
        ]
        assert detail.rollup.year_total == Decimal("200")
        assert [child.holding_back for child in detail.children_ranked] == [False, True]
        html = response.content.decode()
        assert "kéo chậm" in html

    def test_its_query_count_is_fixed(
        self, client, revenue, tayho_editor, django_assert_num_queries
    ):
        client.force_login(tayho_editor)
        # session with its user, read with the committee with its terms, the user's
        # memberships (rights, header) and the header's count; the children targets (their data
        # versions: the kept page's key), the target with its programme and parent, its figures
        # with who entered them, the engine's targets, plans, figures and revisions of the term
        # (not yet cached), figure, plan and revision history.
        with django_assert_num_queries(11):
            assert client.get("/committees/TAYHO/targets/CT02/").status_code == 200

    def test_an_unknown_target_is_404(self, client, revenue, tayho_editor):
        client.force_login(tayho_editor)
        assert client.get("/committees/TAYHO/targets/CT99/").status_code == 404

    def test_another_committee_s_target_is_404(self, client, revenue, city):
        other = make_user("other")
        make_membership(other, make_committee("HOANGMAI", parent=city), Membership.Role.EDITOR)
        client.force_login(other)
        assert client.get("/committees/TAYHO/targets/CT02/").status_code == 404


class TestReport:
    def test_the_page_has_the_summary_years_and_assessment(self, client, revenue, tayho_editor):
        make_report(revenue.term, 2021, 4, assessment="Hoàn thành vượt mức dự toán.")
        client.force_login(tayho_editor)
        html = client.get("/committees/TAYHO/report/").content.decode()
        assert "Năm 2021: 1/1 chỉ tiêu đạt, trong đó 1 vượt" in html
        assert "Hoàn thành vượt mức dự toán." in html
        row = re.search(r'<tr data-target="CT02">(.*?)</tr>', html, re.S).group(1)
        assert "120\xa0%" in row  # each year's value against its plan
        assert re.search(r'data-field="to_date_pct">120\xa0%', row)

    def test_the_spreadsheet_has_the_same_numbers(self, client, revenue, tayho_editor):
        client.force_login(tayho_editor)
        response = client.get("/committees/TAYHO/report/?format=xlsx")
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "bao-cao-TAYHO-2021-Q4.xlsx" in response["Content-Disposition"]
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        header = next(row for row in rows if row[0] == "Mã")
        line = dict(zip(header, next(row for row in rows if row[0] == "CT02"), strict=True))
        assert line["Kết quả 2020"] == 120 and line["Kế hoạch 2020"] == 100
        assert line["% kế hoạch 2021"] == 120
        assert line["Kết quả nhiệm kỳ"] == 240 and line["Mục tiêu nhiệm kỳ"] == 600
        assert line["% mục tiêu nhiệm kỳ"] == 40
        assert line["% kế hoạch lũy kế"] == 120
        assert line["Số ước"] == "có"
        assert any(str(row[0]).startswith("Năm: 1/1 chỉ tiêu đạt") for row in rows if row[0])

    def test_its_query_count_is_fixed(
        self, client, revenue, tayho_editor, django_assert_num_queries
    ):
        client.force_login(tayho_editor)
        # session with its user, read with the committee with its terms, the user's
        # memberships (rights, header) and the header's count; targets, plans, figures,
        # revisions, the quarter's report.
        with django_assert_num_queries(6):
            assert client.get("/committees/TAYHO/report/").status_code == 200


class TestApi:
    def test_it_returns_the_progress_json(self, client, revenue, tayho_editor):
        client.force_login(tayho_editor)
        response = client.get("/api/progress?committee=TAYHO&term=2020-2025&year=2021&quarter=4")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        document = json.loads(response.content, parse_float=Decimal)
        assert (document["committee"], document["year"], document["quarter"]) == (
            "TAYHO",
            2021,
            4,
        )
        target = document["targets"][0]
        assert target["to_date_pct"] == Decimal("120.0")
        assert target["estimate"] is True
        assert document["summary"]["annual"]["exceeded"] == 1

    def test_it_gives_ratios_frequency_and_revisions(self, client, revenue, tayho_editor):
        tayho_term = revenue.term
        schools = make_ratio_target(tayho_term, code="CT20", term_target=100)
        make_ratio_figure(schools, 2021, 2, 25, 27)
        make_ratio_figure(schools, 2021, 4, 26, 27)
        make_target(tayho_term, code="CT21", frequency="year")
        make_revision(revenue, 480, 2021, 3, basis="Nghị quyết số 15-NQ/QU ngày 07/4/2021")
        client.force_login(tayho_editor)
        url = "/api/progress?committee=TAYHO&term=2020-2025&year=2021&quarter={quarter}"
        document = json.loads(client.get(url.format(quarter=4)).content, parse_float=Decimal)
        by_code = {target["code"]: target for target in document["targets"]}
        ratio = by_code["CT20"]
        assert ratio["aggregation"] == "ratio"
        assert (ratio["numerator"], ratio["denominator"]) == (26, 27)
        assert ratio["year_value"] == ratio["term_value"] == Decimal("96.3")
        assert ratio["term_pct"] == Decimal("96.3")
        assert by_code["CT21"]["frequency"] == "year"
        assert by_code["CT21"]["annual_status"] == "no_data"
        assert by_code["CT02"]["revised"] is True
        assert by_code["CT02"]["term_target"] == 480
        assert by_code["CT02"]["original_term_target"] == 600
        assert by_code["CT02"]["revision_basis"] == "Nghị quyết số 15-NQ/QU ngày 07/4/2021"
        earlier = json.loads(client.get(url.format(quarter=2)).content, parse_float=Decimal)
        by_code = {target["code"]: target for target in earlier["targets"]}
        assert by_code["CT21"]["annual_status"] == "not_due"
        assert earlier["summary"]["annual"]["not_due"] == 1
        assert (by_code["CT20"]["numerator"], by_code["CT20"]["denominator"]) == (25, 27)
        assert by_code["CT02"]["revised"] is False
        assert by_code["CT02"]["original_term_target"] is None
        assert by_code["CT02"]["term_target"] == 600

    def test_anonymous_is_401(self, client, revenue):
        response = client.get("/api/progress?committee=TAYHO")
        assert response.status_code == 401
        assert "đăng nhập" in response.json()["error"]

    def test_a_committee_the_user_may_not_see_is_404(self, client, revenue, city):
        other = make_user("other")
        make_membership(other, make_committee("HOANGMAI", parent=city), Membership.Role.EDITOR)
        client.force_login(other)
        assert client.get("/api/progress?committee=TAYHO").status_code == 404
        assert client.get("/api/progress?committee=NOWHERE").status_code == 404

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ("", "Thiếu tham số committee"),
            ("committee=TAYHO&year=x", "year phải là số nguyên"),
            ("committee=TAYHO&year=2031", "Năm 2031 nằm ngoài nhiệm kỳ 2020-2025"),
            ("committee=TAYHO&year=2021&quarter=7", "Quý 7 không nằm trong khoảng 1 đến 4"),
            ("committee=TAYHO&term=1990-1995", "TAYHO không có nhiệm kỳ 1990-1995"),
        ],
    )
    def test_bad_parameters_are_400_with_a_message(
        self, client, revenue, tayho_editor, query, message
    ):
        client.force_login(tayho_editor)
        response = client.get(f"/api/progress?{query}")
        assert response.status_code == 400
        assert message in response.json()["error"]

    def test_its_query_count_is_fixed(
        self, client, revenue, tayho_editor, django_assert_num_queries
    ):
        client.force_login(tayho_editor)
        # session with its user; committee with its terms and the user's rights; targets,
        # plans, figures, revisions.
        with django_assert_num_queries(6):
            assert client.get("/api/progress?committee=TAYHO").status_code == 200


class TestDashboardQueries:
    @pytest.mark.parametrize("targets", [3, 30])
    def test_its_query_count_does_not_grow_with_the_targets(
        self, client, tayho_term, tayho_editor, django_assert_num_queries, targets
    ):
        for index in range(targets):
            target = make_target(tayho_term, code=f"CT{index:02d}")
            make_plan(target, 2021, 100)
            make_figure(target, 2021, 1, 40)
        client.force_login(tayho_editor)
        # session with its user, read with the committee (and whether it has committees below)
        # with its terms, the user's memberships (rights, header) and the header's count; the
        # engine's targets, plans, figures and revisions (not yet cached), the quarter's report,
        # its handed-in quarters (for the overdue ones), the term's reports (the returned and
        # the next quarter to enter), the targets to show (their tables are not cached yet).
        with django_assert_num_queries(9):
            response = client.get("/committees/TAYHO/")
        assert response.status_code == 200
        assert response.context["result"].summary.targets == targets
        assert response.content.decode().count("<tr data-target=") == targets


@pytest.fixture
def schools_and_revision(revenue):
    """Beside the revenue: a ratio target (26/27 schools, plan 100 %) and the revenue's term
    target revised from 600 to 480 by a resolution from 2021 Q3."""
    schools = make_ratio_target(revenue.term, code="CT20", term_target=100)
    make_plan(schools, 2021, 100)
    make_ratio_figure(schools, 2021, 2, 25, 27)
    make_ratio_figure(schools, 2021, 4, 26, 27)
    make_revision(revenue, 480, 2021, 3, basis="Nghị quyết số 15-NQ/QU ngày 07/4/2021")
    return schools


def row_html(html: str, code: str) -> str:
    match = re.search(rf'<tr data-target="{code}">(.*?)</tr>', html, re.S)
    assert match, code
    return match.group(1)


class TestRatiosAndRevisionsOnTheScreens:
    def test_the_dashboard_shows_counts_and_marks_the_revised_target(
        self, client, schools_and_revision, tayho_editor
    ):
        client.force_login(tayho_editor)
        html = client.get("/committees/TAYHO/?year=2021&quarter=4").content.decode()
        assert "26/27 (96,3\N{NO-BREAK SPACE}%)" in row_html(html, "CT20")
        revenue = row_html(html, "CT02")
        assert 'title="Điều chỉnh theo Nghị quyết số 15-NQ/QU ngày 07/4/2021; ban đầu 600"' in (
            revenue
        )
        assert ">480 <abbr" in revenue

    def test_the_dashboard_speaks_english_too(self, client, schools_and_revision, tayho_editor):
        client.force_login(tayho_editor)
        client.cookies["django_language"] = "en"
        html = client.get("/committees/TAYHO/?year=2021&quarter=4").content.decode()
        assert "26/27 (96.3\N{NO-BREAK SPACE}%)" in row_html(html, "CT20")
        assert "Revised by Nghị quyết số 15-NQ/QU ngày 07/4/2021; originally 600" in html

    def test_before_the_revision_nothing_is_marked(
        self, client, schools_and_revision, tayho_editor
    ):
        client.force_login(tayho_editor)
        html = client.get("/committees/TAYHO/?year=2021&quarter=2").content.decode()
        assert "revised-mark" not in row_html(html, "CT02")
        assert "25/27 (92,6\N{NO-BREAK SPACE}%)" in row_html(html, "CT20")

    def test_the_target_page_shows_the_original_beside_the_revised_value(
        self, client, schools_and_revision, tayho_editor
    ):
        client.force_login(tayho_editor)
        html = client.get("/committees/TAYHO/targets/CT02/?year=2021&quarter=4").content.decode()
        assert "ban đầu 600 · điều chỉnh theo Nghị quyết số 15-NQ/QU ngày 07/4/2021" in html
        table = html[html.index('id="revisions-table"') :]
        assert "3/2021" in table and "600" in table and "480" in table

    def test_the_ratio_target_page_shows_each_quarter_s_counts(
        self, client, schools_and_revision, tayho_editor
    ):
        client.force_login(tayho_editor)
        html = client.get("/committees/TAYHO/targets/CT20/?year=2021&quarter=4").content.decode()
        table = html[html.index('id="figures-table"') :]
        assert "25/27 (92,6\N{NO-BREAK SPACE}%)" in table
        assert "26/27 (96,3\N{NO-BREAK SPACE}%)" in table

    def test_the_report_shows_counts_originals_and_revisions(
        self, client, schools_and_revision, tayho_editor
    ):
        client.force_login(tayho_editor)
        html = client.get("/committees/TAYHO/report/?year=2021&quarter=4").content.decode()
        assert "26/27 (96,3\N{NO-BREAK SPACE}%)" in row_html(html, "CT20")
        assert "ban đầu 600" in row_html(html, "CT02")
        revisions = html[html.index('id="revisions-table"') :]
        assert "Nghị quyết số 15-NQ/QU ngày 07/4/2021" in revisions

    def test_the_report_spreadsheet_has_the_counts_and_the_original(
        self, client, schools_and_revision, tayho_editor
    ):
        client.force_login(tayho_editor)
        response = client.get("/committees/TAYHO/report/?year=2021&quarter=4&format=xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        header = next(row for row in rows if row[0] == "Mã")
        lines = {row[0]: dict(zip(header, row, strict=False)) for row in rows if row[0]}
        assert lines["CT20"]["Tử số/mẫu số (kỳ gần nhất)"] == "26/27"
        assert lines["CT02"]["Mục tiêu nhiệm kỳ ban đầu"] == 600
        assert lines["CT02"]["Căn cứ điều chỉnh"] == "Nghị quyết số 15-NQ/QU ngày 07/4/2021"

    def test_a_city_target_adds_its_children_s_counts(self, client, city, tayho_term, reader):
        city_term = make_term(city, 2020, 2025, congress=17)
        city_schools = make_ratio_target(city_term, code="TP20")
        hoangmai = make_committee("HOANGMAI", parent=city)
        for term, counts in ((tayho_term, (26, 27)), (make_term(hoangmai), (8, 8))):
            child = make_ratio_target(term, code="CT20", parent=city_schools)
            make_ratio_figure(child, 2021, 4, *counts)
        client.force_login(reader)
        html = client.get("/committees/HANOI/targets/TP20/?year=2021&quarter=4").content.decode()
        total = html[html.index('id="rollup-total"') :]
        assert "34/35 (97,1\N{NO-BREAK SPACE}%)" in total[:400]

"""A term reports from its start quarter (Term.start_quarter): the wards and communes created by
the 2025 reform report from 2025 Q4, so 2025 Q1–Q3 are neither asked for nor overdue on any
screen, in the reminders or on the entry page; the admin edits it and the workbook's `Nhiệm kỳ`
sheet carries it (optional column `Quý bắt đầu`)."""

import datetime
import io

import pytest
from django.db import IntegrityError

from districts.models import Committee, Membership, Term
from targets import deadlines, moments, selectors
from targets import progress as engine
from targets.reminders import committee_reminders
from targets.workbook.exports import term_workbook
from targets.workbook.reading import read_workbook
from targets.workbook.service import workbook_import
from tests.factories import make_committee, make_membership, make_target, make_term, make_user
from tests.workbooks import xlsx

D = datetime.date


def test_a_term_reports_from_its_start_quarter_to_the_end_of_its_end_year():
    assert deadlines.term_quarters(2025, 2026, start_quarter=4) == [
        (2025, 4), (2026, 1), (2026, 2), (2026, 3), (2026, 4),
    ]  # fmt: skip
    assert not deadlines.reports_in(2025, 2030, 2025, 3, start_quarter=4)
    assert deadlines.reports_in(2025, 2030, 2025, 4, start_quarter=4)
    assert not deadlines.reports_in(2025, 2030, 2031, 1, start_quarter=4)
    assert not deadlines.reports_in(2025, 2030, 2026, 5)


def test_quarters_before_the_start_quarter_are_never_overdue_nor_begun():
    today = D(2026, 11, 22)
    late = deadlines.overdue(2025, 2030, [], today, 15, start_quarter=4)
    assert late == [(2025, 4), (2026, 1), (2026, 2), (2026, 3)]
    # Without a start quarter the whole of 2025 would be chased.
    assert deadlines.overdue(2025, 2030, [], today, 15)[:3] == [(2025, 1), (2025, 2), (2025, 3)]
    assert deadlines.quarters_begun(2025, 2030, D(2025, 11, 1), start_quarter=4) == [(2025, 4)]
    assert deadlines.quarters_begun(2025, 2030, D(2025, 9, 30), start_quarter=4) == []


def test_a_page_without_figures_opens_on_the_start_quarter_at_the_earliest():
    assert moments.without_figures(2025, 2030, D(2025, 8, 1), start_quarter=4) == (2025, 4)
    assert moments.without_figures(2025, 2030, D(2026, 5, 1), start_quarter=4) == (2026, 1)


def test_the_trend_starts_at_the_start_quarter():
    assert engine.trend_quarters(2025, 2026, 2, 8, start_quarter=4) == [
        (2025, 4), (2026, 1), (2026, 2),
    ]  # fmt: skip


@pytest.mark.django_db
def test_the_database_refuses_a_start_quarter_outside_1_to_4(tayho):
    with pytest.raises(IntegrityError):
        Term.objects.create(committee=tayho, start_year=2025, end_year=2030, congress=1,
                            start_quarter=5)  # fmt: skip


@pytest.fixture
def ward(city):
    """A ward created by the 2025 reform: its term 2025–2030 reports from 2025 Q4."""
    ward = make_committee("PTAYHO", parent=city, name="Đảng bộ phường Tây Hồ",
                          level=Committee.Level.WARD)  # fmt: skip
    term = make_term(ward, 2025, 2030, congress=1)
    term.start_quarter = 4
    term.save()
    make_target(term, code="CT01")
    return term


@pytest.fixture
def ward_editor(ward):
    user = make_user("phuong", email="phuong@example.vn")
    make_membership(user, ward.committee, Membership.Role.EDITOR)
    return user


@pytest.mark.django_db
class TestTheWardIsNotChasedBeforeItExisted:
    def test_its_overdue_quarters_start_at_2025_q4(self, ward):
        late = selectors.overdue_quarters(ward, [], up_to=(2026, 1), today=D(2026, 5, 1))
        assert late == [(2025, 4), (2026, 1)]

    def test_its_entry_prompt_opens_2025_q4(self, ward):
        prompt = selectors.entry_prompt(ward, [], today=D(2026, 5, 1))
        assert prompt.next_quarter == (2025, 4)

    def test_the_reminders_name_no_quarter_before_2025_q4(self, ward, ward_editor):
        (reminder,) = committee_reminders(D(2026, 2, 1))
        assert reminder.overdue == [(2025, 4)]

    def test_the_overview_counts_no_quarter_before_2025_q4(self, client, ward, city, city_viewer):
        city_term = make_term(city, 2025, 2030, congress=18)
        city_term.start_quarter = 4
        city_term.save()
        client.force_login(city_viewer)
        response = client.get("/committees/HANOI/overview/?term=2025-2030&year=2026&quarter=1")
        (row,) = response.context["rows"]
        assert row.overdue == [(2025, 4), (2026, 1)]

    def test_the_dashboard_lists_no_quarter_before_2025_q4(self, client, ward, ward_editor):
        client.force_login(ward_editor)
        response = client.get("/committees/PTAYHO/?year=2026&quarter=1")
        assert response.context["overdue"] == [(2025, 4), (2026, 1)]
        html = response.content.decode()
        assert "/committees/PTAYHO/entry/2025/3/" not in html
        assert 'href="/committees/PTAYHO/entry/2025/4/"' in html

    def test_its_first_quarter_s_entry_page_has_no_column_of_a_quarter_before_it(
        self, client, ward, ward_editor
    ):
        from tests.factories import make_programme

        ward.targets.update(programme=make_programme(ward))
        client.force_login(ward_editor)
        first = client.get("/committees/PTAYHO/entry/2025/4/").content.decode()
        assert "Quý 3/2025" not in first and 'class="num previous"' not in first
        assert 'colspan="8"' in first and 'colspan="9"' not in first  # a programme's row
        second = client.get("/committees/PTAYHO/entry/2026/1/").content.decode()
        assert "Quý 4/2025" in second and 'class="num previous"' in second
        assert 'colspan="9"' in second

    def test_its_first_quarter_s_review_has_no_previous_quarter_nor_change(
        self, client, ward, city_reviewer
    ):
        from targets.models import QuarterlyReport
        from tests.factories import make_report

        report = make_report(ward, 2025, 4, status=QuarterlyReport.Status.SUBMITTED)
        client.force_login(city_reviewer)
        html = client.get(f"/review/{report.pk}/").content.decode()
        assert "CT01" in html
        assert "Quý 3/2025" not in html and "Thay đổi" not in html

    def test_its_target_page_starts_at_2025_q4(self, client, ward, ward_editor):
        client.force_login(ward_editor)
        response = client.get("/committees/PTAYHO/targets/CT01/?year=2026&quarter=1")
        quarters = [
            (row.point.year, row.point.quarter) for row in response.context["detail"].quarters
        ]
        assert quarters == [(2025, 4), (2026, 1)]
        assert "quý 3/2025" not in response.content.decode()

    def test_its_pages_asked_for_2025_q2_show_2025_q4(self, client, ward, ward_editor):
        client.force_login(ward_editor)
        for url in ("/committees/PTAYHO/", "/committees/PTAYHO/targets/CT01/",
                    "/committees/PTAYHO/report/"):  # fmt: skip
            response = client.get(f"{url}?year=2025&quarter=2")
            assert response.status_code == 200
            assert (response.context["year"], response.context["quarter"]) == (2025, 4), url
        document = client.get("/api/progress?committee=PTAYHO&term=2025-2030&year=2025&quarter=2")
        assert (document.json()["year"], document.json()["quarter"]) == (2025, 4)

    def test_its_entry_page_has_no_quarter_before_2025_q4(self, client, ward, ward_editor):
        client.force_login(ward_editor)
        assert client.get("/committees/PTAYHO/entry/2025/3/").status_code == 404
        assert client.get("/committees/PTAYHO/entry/2025/4/").status_code == 200


@pytest.mark.django_db
def test_a_city_with_two_terms_in_2025_enters_each_quarter_in_the_term_that_reports_it(
    client, city
):
    old = make_term(city, 2020, 2025, congress=17)
    new = make_term(city, 2025, 2030, congress=18)
    new.start_quarter = 4
    new.save()
    make_target(old, code="OLD01")
    make_target(new, code="NEW01")
    admin = make_user("admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get("/committees/HANOI/entry/2025/2/").context["term"] == old
    assert client.get("/committees/HANOI/entry/2025/4/").context["term"] == new


@pytest.mark.django_db
class TestTheAdminAndTheWorkbook:
    def test_the_admin_edits_the_start_quarter(self, admin_client, ward):
        url = f"/admin/districts/term/{ward.pk}/change/"
        page = admin_client.get(url).content.decode()
        assert 'name="start_quarter"' in page
        data = {"committee": ward.committee_id, "start_year": 2025, "end_year": 2030,
                "congress": 1, "start_quarter": 5}  # fmt: skip
        response = admin_client.post(url, data)
        assert response.status_code == 200  # the form again, with the error
        assert "start_quarter" in response.context["adminform"].form.errors
        ward.refresh_from_db()
        assert ward.start_quarter == 4
        admin_client.post(url, {**data, "start_quarter": 3})
        ward.refresh_from_db()
        assert ward.start_quarter == 3

    def test_the_terms_sheet_imports_exports_and_keeps_the_start_quarter(self, city):
        sheets = {
            "Đảng bộ": [["PTAYHO", "Đảng bộ phường Tây Hồ", "Phường", "HANOI"]],
            "Nhiệm kỳ": [["PTAYHO", "2025-2030", "I", "Q4"]],
        }
        result = workbook_import(sheets=read_workbook(io.BytesIO(xlsx(sheets))), user=None)
        assert not result.errors
        term = Term.objects.get(committee__code="PTAYHO")
        assert term.start_quarter == 4
        # A sheet without the optional column leaves it as it is.
        headers = {"Nhiệm kỳ": ["Mã đảng bộ", "Nhiệm kỳ", "Đại hội lần thứ"]}
        plain = {"Nhiệm kỳ": [["PTAYHO", "2025-2030", "I"]]}
        result = workbook_import(
            sheets=read_workbook(io.BytesIO(xlsx(plain, headers=headers))), user=None
        )
        assert not result.errors
        term.refresh_from_db()
        assert term.start_quarter == 4
        # The export writes it, and imports back unchanged.
        exported = read_workbook(io.BytesIO(term_workbook(term.committee, term)))
        terms_sheet = next(sheet for sheet in exported if sheet.name == "Nhiệm kỳ")
        assert terms_sheet.headers[-1] == "Quý bắt đầu"
        assert [row[-1] for _number, row in terms_sheet.rows] == [4]
        term.start_quarter = 1
        term.save()
        result = workbook_import(sheets=exported, user=None)
        assert not result.errors
        term.refresh_from_db()
        assert term.start_quarter == 4

    def test_a_bad_start_quarter_is_refused_with_its_row_and_nothing_written(self, city):
        sheets = {
            "Đảng bộ": [["PTAYHO", "Đảng bộ phường Tây Hồ", "Phường", "HANOI"]],
            "Nhiệm kỳ": [["PTAYHO", "2025-2030", "I", 5]],
        }
        result = workbook_import(sheets=read_workbook(io.BytesIO(xlsx(sheets))), user=None)
        messages = [str(error) for error in result.errors]
        assert messages == ["Nhiệm kỳ, dòng 2, cột Quý bắt đầu: “5” không phải quý hợp lệ (1–4)."]
        assert not Committee.objects.filter(code="PTAYHO").exists()


@pytest.mark.django_db
def test_the_demo_s_wards_report_from_2025_q4(demo_module):
    terms = Term.objects.filter(start_year=2025)
    assert set(terms.values_list("start_quarter", flat=True)) == {4}
    assert set(Term.objects.filter(start_year=2020).values_list("start_quarter", flat=True)) == {1}

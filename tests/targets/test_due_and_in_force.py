"""What a quarter asks for and compares with, on every path: the entry and review pages show the
annual plan in force at the quarter (a revision in force from some quarter, from the engine, with
the revised mark), and the imports refuse a figure for a quarter in which its target is not due,
with the entry page's message (targets.cycle.not_due_refusal, the one rule)."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from districts.models import Membership
from targets import progress as engine
from targets.cycle import BEFORE_TERM_REPORTS, NOT_DUE_THIS_QUARTER
from targets.models import Figure, QuarterlyReport
from targets.selectors import committee_progress, quarter_page, review_flags
from targets.workbook.reading import read_workbook
from targets.workbook.service import workbook_import
from tests.factories import (
    make_figure,
    make_membership,
    make_plan,
    make_report,
    make_revision,
    make_target,
    make_user,
)
from tests.targets.test_entry_views import row_html
from tests.workbooks import xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def revised(tayho_term):
    """The 2021 plan of CT01 (1000) lowered to 900 from 2021 Q3 by a resolution."""
    target = make_target(tayho_term, code="CT01")
    make_plan(target, 2021, 1000)
    make_revision(target, 900, 2021, 3, basis="Nghị quyết số 15-NQ/QU ngày 07/7/2021",
                  plan_year=2021)  # fmt: skip
    return target


class TestThePlanInForce:
    def test_the_entry_page_shows_the_original_plan_before_the_revision(
        self, client, revised, tayho_editor
    ):
        client.force_login(tayho_editor)
        page = client.get("/committees/TAYHO/entry/2021/2/")
        (row,) = page.context["page"].rows
        assert row.plan == engine.PlanInForce(Decimal(1000))
        assert "revised-mark" not in row_html(page.content.decode(), "CT01")

    def test_the_entry_page_shows_the_revised_plan_with_its_mark_once_in_force(
        self, client, revised, tayho_editor, tayho_term
    ):
        client.force_login(tayho_editor)
        page = client.get("/committees/TAYHO/entry/2021/3/")
        (row,) = page.context["page"].rows
        # The engine's plan, as the dashboard shows it at the same moment.
        progress = committee_progress(tayho_term.committee, tayho_term, 2021, 3).rows[0].progress
        assert row.plan.value == progress.annual_plan == Decimal(900)
        assert (row.plan.original, row.plan.basis) == (
            progress.original_annual_plan,
            progress.annual_plan_basis,
        )
        html = row_html(page.content.decode(), "CT01")
        assert ">900 <abbr" in html
        assert (
            'title="Điều chỉnh theo Nghị quyết số 15-NQ/QU ngày 07/7/2021; ban đầu 1.000"' in html
        )
        assert ">đc</abbr>" in html

    def test_the_review_page_shows_the_plan_in_force_too(self, client, revised, tayho_term):
        make_figure(revised, 2021, 3, 250)
        report = make_report(tayho_term, 2021, 3, status=QuarterlyReport.Status.SUBMITTED)
        client.force_login(make_user("admin", is_superuser=True, is_staff=True))
        html = client.get(f"/review/{report.pk}/").content.decode()
        row = html.split('data-target="CT01"')[1].split("</tr>")[0]
        assert '<td class="num plan">900 <abbr class="revised-mark"' in row

    def test_a_term_target_revision_leaves_the_plan_alone(self, tayho_term):
        target = make_target(tayho_term, code="CT02")
        make_plan(target, 2021, 50)
        make_revision(target, 70, 2021, 1)  # the term target, not a plan
        (row,) = quarter_page(tayho_term.committee, tayho_term, 2021, 2).rows
        assert row.plan == engine.PlanInForce(Decimal(50))


@pytest.fixture
def kinds(tayho_term):
    make_target(tayho_term, code="CT01")
    make_target(tayho_term, code="CT03", frequency="half_year")
    make_target(tayho_term, code="CT04", frequency="year")
    return tayho_term


def figures_sheet(rows) -> dict:
    return {"Kết quả quý": [["TAYHO", "2020-2025", code, 2021, quarter, "5", None, None]
                            for code, quarter in rows]}  # fmt: skip


class TestImportsRefuseAFigureNotDue:
    def test_the_workbook_refuses_a_yearly_target_s_q1_and_a_half_yearly_one_s_q3(self, kinds):
        sheets = figures_sheet([("CT01", 1), ("CT04", 1), ("CT03", 3), ("CT03", 2), ("CT04", 4)])
        result = workbook_import(sheets=read_workbook(io.BytesIO(xlsx(sheets))), user=None)
        assert [str(error) for error in result.errors] == [
            "Kết quả quý, dòng 3, cột Quý: "
            + str(NOT_DUE_THIS_QUARTER) % {"quarter": 1, "due": "Q4"},
            "Kết quả quý, dòng 4, cột Quý: "
            + str(NOT_DUE_THIS_QUARTER) % {"quarter": 3, "due": "Q2, Q4"},
        ]
        assert "Chỉ tiêu này không báo cáo trong quý 1" in str(result.errors[0])
        assert not Figure.objects.exists()

    def test_the_entry_service_gives_the_same_message(self, kinds, tayho_editor):
        from targets import services

        target = kinds.targets.get(code="CT04")
        row = services.FigureInput(target_id=target.pk, value=Decimal(5), is_estimate=False,
                                   note="")  # fmt: skip
        with pytest.raises(services.FiguresRefused) as refused:
            services.figures_save(committee=kinds.committee, term=kinds, year=2021, quarter=1,
                                  rows=[row], user=tayho_editor)  # fmt: skip
        assert refused.value.errors == {
            target.pk: str(NOT_DUE_THIS_QUARTER) % {"quarter": 1, "due": "Q4"}
        }
        assert not Figure.objects.exists()

    def test_a_figure_before_the_term_reports_is_refused(self, kinds):
        kinds.start_quarter = 3
        kinds.save()
        sheets = {"Kết quả quý": [["TAYHO", "2020-2025", "CT01", 2020, 2, "5", None, None]]}
        result = workbook_import(sheets=read_workbook(io.BytesIO(xlsx(sheets))), user=None)
        assert [str(error) for error in result.errors] == [
            "Kết quả quý, dòng 2, cột Quý: "
            + str(BEFORE_TERM_REPORTS)
            % {
                "term": "2020-2025",
                "first_quarter": 3,
                "first_year": 2020,
                "quarter": 2,
                "year": 2020,
            }  # fmt: skip
        ]

    def test_a_figure_already_stored_is_not_a_change(self, kinds):
        # Stored before the target became yearly: importing the same value again is no write.
        make_figure(kinds.targets.get(code="CT04"), 2021, 1, 5)
        sheets = figures_sheet([("CT04", 1)])
        result = workbook_import(sheets=read_workbook(io.BytesIO(xlsx(sheets))), user=None)
        assert not result.errors

    def test_the_per_sheet_import_refuses_it_too(self, client, kinds, tayho):
        from django.contrib.auth.models import Permission

        user = make_user("staff_editor", is_staff=True)
        user.user_permissions.set(Permission.objects.filter(content_type__app_label="targets"))
        make_membership(user, tayho, Membership.Role.EDITOR)
        client.force_login(user)
        content = xlsx(figures_sheet([("CT04", 2)]))
        upload = SimpleUploadedFile("f.xlsx", content, content_type="application/octet-stream")
        response = client.post(
            "/admin/targets/figure/import/", {"import_file": upload, "format": "0"}
        )
        html = response.content.decode()
        # The admin's table of invalid rows: the row number, the column and the message.
        assert "Một số dòng không hợp lệ" in html
        assert str(NOT_DUE_THIS_QUARTER) % {"quarter": 2, "due": "Q4"} in html
        assert not Figure.objects.exists()


def test_the_review_inbox_counts_only_the_targets_due_as_missing(kinds):
    make_figure(kinds.targets.get(code="CT01"), 2021, 1, 5)
    report = make_report(kinds, 2021, 1, status=QuarterlyReport.Status.SUBMITTED)
    assert review_flags([report])[report.pk].missing == 0  # CT03 and CT04 are not due in Q1
    report_q2 = make_report(kinds, 2021, 2, status=QuarterlyReport.Status.SUBMITTED)
    assert review_flags([report_q2])[report_q2.pk].missing == 2  # CT01 and CT03

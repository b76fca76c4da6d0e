"""The quarterly cycle as users meet it: an editor enters and submits, a reviewer approves or
returns, an admin reopens; others get 404 or 403; stale saves and bad numbers are refused
beside their field with nothing half-saved; every step is in the history."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils.html import escape

from targets import presenters, services
from targets.cycle import QUARTER_APPROVED, quarter_refusal
from targets.models import Figure, QuarterlyReport
from targets.numbers import decimal_text
from tests.factories import (
    make_committee,
    make_figure,
    make_plan,
    make_programme,
    make_target,
    make_term,
    make_user,
)

pytestmark = pytest.mark.django_db
URL = "/committees/TAYHO/entry/2021/2/"


@pytest.fixture
def targets(tayho_term):
    """Three Tây Hồ targets with 2021 plans and Q1 figures."""
    made = []
    for index in range(3):
        target = make_target(tayho_term, code=f"CT0{index + 1}")
        make_plan(target, 2021, 1000)
        make_figure(target, 2021, 1, 200 + index)
        made.append(target)
    return made


@pytest.fixture
def reviewer(city_reviewer):
    return city_reviewer


def form_data(page, **changes) -> dict:
    """The entry form as the page rendered it, with some fields changed: {"0-value": "1,5"}."""
    formset = page.context["formset"]
    data = {
        "figures-TOTAL_FORMS": str(formset.total_form_count()),
        "figures-INITIAL_FORMS": str(formset.initial_form_count()),
    }
    for index, form in enumerate(formset.forms):
        initial = form.initial
        data[f"figures-{index}-target"] = initial["target"]
        data[f"figures-{index}-seen"] = initial["seen"]
        value = initial["value"]
        data[f"figures-{index}-value"] = (
            "" if value is None else decimal_text(value).replace(".", ",")
        )
        if initial["is_estimate"]:
            data[f"figures-{index}-is_estimate"] = "on"
        data[f"figures-{index}-note"] = initial["note"]
    for key, value in changes.items():
        data[f"figures-{key}"] = value
    return data


def row_html(html: str, code: str) -> str:
    return re.search(rf'<tr data-target="{code}"[^>]*>(.*?)</tr>', html, re.S).group(1)


def figure(target, quarter=2):
    return Figure.objects.filter(target=target, year=2021, quarter=quarter).first()


class TestEntry:
    def test_an_editor_enters_and_submits_a_quarter(self, client, targets, tayho_editor):
        client.force_login(tayho_editor)
        page = client.get(URL)
        assert page.status_code == 200
        html = page.content.decode()
        compared = r'class="num previous"[^>]*>200</td>\s*<td class="num plan"[^>]*>1.000</td>'
        assert re.search(compared, row_html(html, "CT01"))
        data = form_data(page, **{"0-value": "1.075,5", "0-is_estimate": "on", "0-note": "ước",
                                  "1-value": "300", "2-value": "0,25"})  # fmt: skip
        response = client.post(URL, {**data, "save": ""}, follow=True)
        assert "Đã lưu nháp: ghi 3 số liệu." in response.content.decode()
        first = figure(targets[0])
        assert (first.value, first.is_estimate, first.note) == (Decimal("1075.5"), True, "ước")
        assert first.updated_by == tayho_editor
        report = QuarterlyReport.objects.get(year=2021, quarter=2)
        assert report.status == "draft"
        response = client.post(URL, {**form_data(response), "submit": "", "assessment": "Tốt"},
                               follow=True)  # fmt: skip
        report.refresh_from_db()
        assert (report.status, report.submitted_by, report.assessment) == (
            "submitted",
            tayho_editor,
            "Tốt",
        )
        assert "Đã gửi duyệt quý." in response.content.decode()

    def test_a_submit_refused_for_missing_figures_keeps_what_was_typed_as_a_draft(
        self, client, targets, tayho_editor
    ):
        client.force_login(tayho_editor)
        data = form_data(client.get(URL), **{"0-value": "5", "0-note": "ghi chú", "2-value": "7"})
        response = client.post(URL, {**data, "submit": "", "assessment": " Khá "}, follow=True)
        html = response.content.decode()
        missing = services.MISSING_FIGURES_DRAFT_SAVED % {"list": f"CT02 {targets[1].name}"}
        assert str(missing) in html
        assert (figure(targets[0]).value, figure(targets[0]).note) == (Decimal("5"), "ghi chú")
        assert figure(targets[2]).value == Decimal("7")
        report = QuarterlyReport.objects.get(year=2021, quarter=2)
        assert (report.status, report.assessment) == ("draft", "Khá")
        # The page shows the draft as saved, ready to be completed and submitted.
        assert 'value="5"' in row_html(html, "CT01") and ">Khá</textarea>" in html

    def test_saving_a_draft_keeps_the_assessment(self, client, targets, tayho_editor):
        client.force_login(tayho_editor)
        data = form_data(client.get(URL), **{"0-value": "5"})
        client.post(URL, {**data, "save": "", "assessment": "Quý này đạt khá."})
        report = QuarterlyReport.objects.get(year=2021, quarter=2)
        assert (report.status, report.assessment) == ("draft", "Quý này đạt khá.")
        page = client.get(URL)
        assert page.context["submit_form"]["assessment"].value() == "Quý này đạt khá."
        # Changing only the assessment keeps it too, and says so in the quarter's history.
        client.post(URL, {**form_data(page), "save": "", "assessment": "Đạt."})
        report.refresh_from_db()
        assert report.assessment == "Đạt."
        assert report.history.first().history_change_reason == "Sửa đánh giá chung"

    def test_a_bad_number_is_refused_beside_its_field_and_nothing_is_half_saved(
        self, client, targets, tayho_editor
    ):
        client.force_login(tayho_editor)
        data = form_data(client.get(URL), **{"0-value": "12", "1-value": "14.84", "2-value": "ba"})
        response = client.post(URL, {**data, "save": ""})
        assert response.status_code == 200
        html = response.content.decode()
        row = row_html(html, "CT02")
        assert "“14.84” không phải là số (viết như 1.075,5)." in row
        assert 'value="14.84"' in row and "is-invalid" in row
        assert "“ba” không phải là số" in row_html(html, "CT03")
        assert not Figure.objects.filter(quarter=2).exists()

    def test_a_stale_save_is_refused_with_the_newer_value(self, client, targets, tayho_editor):
        client.force_login(tayho_editor)
        make_figure(targets[0], 2021, 2, 10)
        page = client.get(URL)
        colleague = make_user("colleague")
        newer = figure(targets[0])
        newer.value, newer.updated_by = Decimal("42.5"), colleague
        newer.save()
        data = form_data(page, **{"0-value": "11", "1-value": "7"})
        response = client.post(URL, {**data, "save": ""})
        row = row_html(response.content.decode(), "CT01")
        assert "colleague đã sửa số liệu này thành 42,5" in row
        assert figure(targets[0]).value == Decimal("42.5")
        assert figure(targets[1]) is None  # nothing of the form was saved

    def test_an_untouched_row_does_not_overwrite_a_newer_value(self, client, targets, tayho_editor):
        client.force_login(tayho_editor)
        make_figure(targets[0], 2021, 2, 10)
        page = client.get(URL)
        newer = figure(targets[0])
        newer.value = Decimal("42.5")
        newer.save()
        client.post(URL, {**form_data(page, **{"1-value": "7"}), "save": ""})
        assert figure(targets[0]).value == Decimal("42.5")
        assert figure(targets[1]).value == Decimal("7")

    def test_another_committee_s_entry_page_is_404(self, client, targets, tayho_editor, city):
        make_term(make_committee("HOANGMAI", parent=city), 2020, 2025)
        client.force_login(tayho_editor)
        assert client.get("/committees/HOANGMAI/entry/2021/2/").status_code == 404
        assert client.post("/committees/HOANGMAI/entry/2021/2/", {}).status_code == 404

    def test_a_viewer_sees_the_page_read_only_and_gets_403_when_posting(
        self, client, targets, city_viewer
    ):
        client.force_login(city_viewer)
        page = client.get(URL)
        assert page.status_code == 200
        assert "disabled" in page.content.decode()
        response = client.post(URL, {**form_data(page, **{"0-value": "1"}), "save": ""})
        assert response.status_code == 403
        assert figure(targets[0]) is None

    @pytest.mark.parametrize("how_many", [3, 30])
    def test_its_query_count_does_not_grow_with_the_targets(
        self, client, tayho_term, tayho_editor, django_assert_num_queries, how_many
    ):
        for index in range(how_many):
            make_target(tayho_term, code=f"X{index:02d}")
        client.force_login(tayho_editor)
        # session, user, committee, rights, terms, targets, plans, figures, figure history,
        # report, report history, header membership.
        with django_assert_num_queries(12):
            assert client.get(URL).status_code == 200


class TestGuidance:
    def test_rows_are_grouped_and_ordered_as_on_the_dashboard_with_hints(
        self, client, tayho_term, tayho_editor
    ):
        second, first = (
            make_programme(tayho_term, 2, "Kinh tế"),
            make_programme(tayho_term, 1, "Xây dựng Đảng"),
        )
        make_target(
            tayho_term, "CT03", group="socio_economic", programme=second, aggregation="latest"
        )
        make_target(
            tayho_term, "CT01", group="socio_economic", programme=second, aggregation="average"
        )
        make_target(tayho_term, "CT02", group="party_building", programme=first)
        make_target(tayho_term, "CT09", group="other")  # fmt: skip
        client.force_login(tayho_editor)
        html = client.get(URL).content.decode()
        order = re.findall(r'<tr data-target="(\w+)"', html)
        assert order == ["CT02", "CT01", "CT03", "CT09"]  # group, then programme, then code
        headings = re.findall(r'<h2 class="h5" id="group-\w+">(.*?)</h2>', html)
        assert headings == ["Xây dựng Đảng", "Kinh tế - xã hội", "Khác"]
        assert "Chương trình 1: Xây dựng Đảng" in html and "Chương trình 2: Kinh tế" in html
        moment = {"quarter": 2, "year": 2021, "end": "30/06/2021"}
        kinds = {"CT02": "sum", "CT03": "latest", "CT01": "average"}
        hints = {code: str(presenters.FIGURE_HINTS[kind] % moment) for code, kind in kinds.items()}
        assert hints["CT02"] == "Chỉ riêng quý 2/2021, không cộng dồn từ đầu năm."
        for code, hint in hints.items():
            assert hint in row_html(html, code)
        # The box says what to type through its description, for screen readers too.
        assert 'aria-describedby="id_figures-0-value-hint"' in row_html(html, "CT02")

    def test_the_form_tells_the_page_script_the_decimal_mark_only_when_editable(
        self, client, tayho_term, tayho_editor, city_viewer, settings
    ):
        make_target(tayho_term, "CT01")
        client.force_login(tayho_editor)
        assert 'data-decimal=","' in client.get(URL).content.decode()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        assert 'data-decimal="."' in client.get(URL).content.decode()
        client.force_login(city_viewer)
        assert "data-decimal" not in client.get(URL).content.decode()


class TestReview:
    def submit(self, client, editor):
        client.force_login(editor)
        data = form_data(client.get(URL), **{"0-value": "1", "1-value": "2", "2-value": "900"})
        client.post(URL, {**data, "submit": ""})
        return QuarterlyReport.objects.get(year=2021, quarter=2)

    def test_a_reviewer_approves_and_the_editor_s_next_save_is_refused(
        self, client, targets, tayho_editor, reviewer
    ):
        report = self.submit(client, tayho_editor)
        client.force_login(reviewer)
        listing = client.get("/review/").content.decode()
        assert f'data-report="{report.pk}"' in listing
        detail = client.get(f"/review/{report.pk}/").content.decode()
        assert 'class="table-warning"' in detail and "thay đổi lớn" in detail  # 202 → 900
        client.post(f"/review/{report.pk}/approve/")
        report.refresh_from_db()
        assert (report.status, report.reviewed_by) == ("approved", reviewer)
        client.force_login(tayho_editor)
        page = client.get(URL)
        html = page.content.decode()
        assert "đã được tonghop duyệt lúc" in html and "đã khóa" in html
        response = client.post(URL, {**form_data(page, **{"0-value": "5"}), "save": ""})
        assert "đã được tonghop duyệt lúc" in response.content.decode()
        assert figure(targets[0]).value == Decimal("1")

    def test_a_return_needs_a_comment_and_reopens_the_quarter(
        self, client, targets, tayho_editor, reviewer
    ):
        report = self.submit(client, tayho_editor)
        client.force_login(reviewer)
        response = client.post(f"/review/{report.pk}/return/", {"comment": " "}, follow=True)
        assert "Trả lại thì phải ghi nội dung cần sửa." in response.content.decode()
        client.post(f"/review/{report.pk}/return/", {"comment": "CT03 quá cao"})
        report.refresh_from_db()
        assert (report.status, report.review_comment) == ("returned", "CT03 quá cao")
        client.force_login(tayho_editor)
        page = client.get(URL)
        assert "CT03 quá cao" in page.content.decode()
        client.post(URL, {**form_data(page, **{"2-value": "250"}), "save": ""})
        assert figure(targets[2]).value == Decimal("250")

    def test_bulk_approval_from_the_list(self, client, targets, tayho_editor, reviewer):
        report = self.submit(client, tayho_editor)
        client.force_login(reviewer)
        client.post("/review/", {"report": [str(report.pk)]})
        report.refresh_from_db()
        assert report.status == "approved"

    def test_an_editor_cannot_approve_their_own_quarter(self, client, targets, tayho_editor):
        report = self.submit(client, tayho_editor)
        assert client.post(f"/review/{report.pk}/approve/").status_code == 403
        assert client.get("/review/").content.decode().count("data-report=") == 0
        report.refresh_from_db()
        assert report.status == "submitted"

    def test_only_an_admin_reopens_an_approved_quarter_with_a_reason(
        self, client, targets, tayho_editor, reviewer
    ):
        report = self.submit(client, tayho_editor)
        client.force_login(reviewer)
        client.post(f"/review/{report.pk}/approve/")
        assert client.post(f"/review/{report.pk}/reopen/", {"reason": "x"}).status_code == 403
        admin = get_user_model().objects.create_superuser("root", password="x-pass-1")
        client.force_login(admin)
        client.post(f"/review/{report.pk}/reopen/", {"reason": "Sai số liệu CT02"})
        report.refresh_from_db()
        assert report.status == "returned"
        assert "Sai số liệu CT02" in report.review_comment

    def test_the_history_records_each_step(self, client, targets, tayho_editor, reviewer):
        report = self.submit(client, tayho_editor)
        client.force_login(reviewer)
        client.post(f"/review/{report.pk}/return/", {"comment": "Sửa CT03"})
        client.force_login(tayho_editor)
        page = client.get(URL)
        client.post(URL, {**form_data(page, **{"2-value": "250"}), "submit": ""})
        client.force_login(reviewer)
        client.post(f"/review/{report.pk}/approve/")
        steps = [(step.history_user.username, step.history_change_reason)
                 for step in report.history.order_by("history_date", "history_id")]  # fmt: skip
        assert steps == [
            ("tayho", "Bắt đầu nhập liệu"),
            ("tayho", "Gửi duyệt"),
            ("tonghop", "Trả lại: Sửa CT03"),
            ("tayho", "Gửi duyệt"),
            ("tonghop", "Đã duyệt"),
        ]
        html = client.get(f"/review/{report.pk}/").content.decode()
        assert "Trả lại: Sửa CT03" in html
        changes = [(h.history_user.username, h.value) for h in
                   figure(targets[2]).history.order_by("history_date")]  # fmt: skip
        assert changes == [("tayho", Decimal("900")), ("tayho", Decimal("250"))]
        entry = client.get(URL).content.decode()
        assert re.search(r"tayho, .*?\(trước là 900\)", row_html(entry, "CT03"), re.S)

    def test_review_pages_have_fixed_query_counts(
        self, client, targets, tayho_editor, reviewer, django_assert_num_queries
    ):
        report = self.submit(client, tayho_editor)
        client.force_login(reviewer)
        # session, user, submitted reports of reviewed committees, their terms' targets and
        # their quarters' figures (the flags), header membership, header count of waiting ones.
        with django_assert_num_queries(7):
            client.get("/review/")
        # session, user, report, rights, targets, plans, figures, figure history, report,
        # report history, header membership, header count of waiting quarters.
        with django_assert_num_queries(12):
            client.get(f"/review/{report.pk}/")


class TestAdminObeysTheSameRules:
    @pytest.fixture
    def staff_editor(self, tayho_editor):
        from django.contrib.auth.models import Permission

        tayho_editor.is_staff = True
        tayho_editor.save()
        tayho_editor.user_permissions.set(
            Permission.objects.filter(content_type__app_label="targets")
        )
        return tayho_editor

    def test_a_figure_of_an_approved_quarter_is_read_only_in_the_admin(
        self, client, targets, staff_editor
    ):
        locked = make_figure(targets[0], 2021, 2, 10)
        QuarterlyReport.objects.create(committee=targets[0].term.committee, term=targets[0].term,
                                       year=2021, quarter=2, status="approved")  # fmt: skip
        client.force_login(staff_editor)
        url = f"/admin/targets/figure/{locked.pk}/change/"
        assert 'name="value"' not in client.get(url).content.decode()
        response = client.post(url, {"target": targets[0].pk, "year": 2021, "quarter": 2,
                                     "value": "99"})  # fmt: skip
        assert response.status_code == 403
        locked.refresh_from_db()
        assert locked.value == 10

    def test_a_new_figure_in_an_approved_quarter_is_refused(self, client, targets, staff_editor):
        report = QuarterlyReport.objects.create(committee=targets[0].term.committee,
                                                term=targets[0].term, year=2021, quarter=2,
                                                status="approved")  # fmt: skip
        client.force_login(staff_editor)
        response = client.post("/admin/targets/figure/add/", {
            "target": targets[0].pk, "year": 2021, "quarter": 2, "value": "5"})  # fmt: skip
        assert str(QUARTER_APPROVED).split("%")[0] == "Quý "
        assert escape(quarter_refusal(report)) in response.content.decode()
        assert figure(targets[0]) is None

    def test_reports_are_read_only_in_the_admin(self, client, targets, staff_editor):
        report = QuarterlyReport.objects.create(committee=targets[0].term.committee,
                                                term=targets[0].term, year=2021, quarter=2,
                                                status="submitted")  # fmt: skip
        client.force_login(staff_editor)
        response = client.post(f"/admin/targets/quarterlyreport/{report.pk}/change/",
                               {"status": "approved"})  # fmt: skip
        assert response.status_code == 403
        report.refresh_from_db()
        assert report.status == "submitted"


@pytest.mark.parametrize("how_many", [3, 30])
def test_the_review_page_s_query_count_does_not_grow_with_the_targets(
    client, tayho_term, reviewer, django_assert_num_queries, how_many
):
    for index in range(how_many):
        target = make_target(tayho_term, code=f"X{index:02d}")
        make_figure(target, 2021, 1, 1)
        make_figure(target, 2021, 2, 2)
    report = QuarterlyReport.objects.create(committee=tayho_term.committee, term=tayho_term,
                                            year=2021, quarter=2, status="submitted")  # fmt: skip
    client.force_login(reviewer)
    # session, user, report, rights, targets, plans, figures, figure history, report,
    # report history, header membership, header count of waiting quarters.
    with django_assert_num_queries(12):
        response = client.get(f"/review/{report.pk}/")
    assert response.content.decode().count("data-target=") == how_many


def test_english_entry_takes_english_numbers(client, tayho_term, tayho_editor, settings):
    target = make_target(tayho_term, code="CT01")
    client.force_login(tayho_editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/committees/TAYHO/entry/2021/1/")
    seen = page.context["formset"].forms[0].initial["seen"]
    data = {"figures-TOTAL_FORMS": "1", "figures-INITIAL_FORMS": "1",
            "figures-0-target": str(target.pk), "figures-0-seen": seen,
            "figures-0-value": "1,075.5", "figures-0-note": "", "save": ""}  # fmt: skip
    client.post("/committees/TAYHO/entry/2021/1/", data)
    assert Figure.objects.get(target=target).value == Decimal("1075.5")
    data["figures-0-value"] = "1.075,5"
    response = client.post("/committees/TAYHO/entry/2021/1/", data)
    assert "is not a number (write it as 1,075.5)" in response.content.decode()

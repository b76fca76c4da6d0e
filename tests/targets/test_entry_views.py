"""The quarterly entry as users meet it: an editor enters and submits; others get 404 or 403;
stale saves and bad numbers are refused beside their field with nothing half-saved; the admin
obeys the same rules. (The reviewer's side: test_review_views.py.)"""

import re
from decimal import Decimal

import pytest
from django.utils.html import escape

from targets import presenters, services
from targets.cycle import QUARTER_APPROVED, quarter_refusal
from targets.models import Figure, QuarterlyReport
from tests.factories import (
    make_committee,
    make_figure,
    make_programme,
    make_target,
    make_term,
    make_user,
)
from tests.targets.entry_form import URL, figure, form_data, row_html

pytestmark = pytest.mark.django_db


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
        # session with its user; committee with its terms, the user's rights and the header's
        # facts; targets, plans, figures, figure history, report, report history.
        with django_assert_num_queries(8):
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

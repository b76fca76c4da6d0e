"""The review as reviewers meet it: approve, return with a comment, reopen with a reason,
each a view of its own with its form; others get 403, another committee's quarter 404."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from districts.models import Membership
from targets import services
from targets.forms import ReturnForm
from targets.models import QuarterlyReport
from tests.factories import make_figure, make_membership, make_report, make_target, make_user
from tests.targets.entry_form import URL, figure, form_data, row_html

pytestmark = pytest.mark.django_db


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
        # session with its user, submitted reports of reviewed committees, their terms' targets
        # and their quarters' figures (the flags), header membership, header count of waiting
        # ones.
        with django_assert_num_queries(6):
            client.get("/review/")
        # session with its user, report, rights, targets, plans, figures, figure history,
        # report, report history, header membership, header count of waiting quarters.
        with django_assert_num_queries(11):
            client.get(f"/review/{report.pk}/")


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
    # session with its user, report, rights, targets, plans, figures, figure history, report,
    # report history, header membership, header count of waiting quarters.
    with django_assert_num_queries(11):
        response = client.get(f"/review/{report.pk}/")
    assert response.content.decode().count("data-target=") == how_many


class TestReviewSteps:
    """Each step is its own view, reached by POST only, with its own form."""

    @pytest.fixture
    def submitted(self, targets):
        term = targets[0].term
        return make_report(term, 2021, 2, status=QuarterlyReport.Status.SUBMITTED)

    def test_an_unknown_step_is_404(self, client, submitted, reviewer):
        client.force_login(reviewer)
        assert client.post(f"/review/{submitted.pk}/accept/").status_code == 404

    @pytest.mark.parametrize("step", ["approve", "return", "reopen"])
    def test_a_step_is_a_post(self, client, submitted, reviewer, step):
        client.force_login(reviewer)
        assert client.get(f"/review/{submitted.pk}/{step}/").status_code == 405

    @pytest.mark.parametrize("step", ["approve", "return", "reopen"])
    def test_another_committee_s_quarter_is_404(self, client, submitted, hoangmai, step):
        other = make_user("hoangmai")
        make_membership(other, hoangmai, Membership.Role.REVIEWER)
        client.force_login(other)
        response = client.post(f"/review/{submitted.pk}/{step}/", {"comment": "x", "reason": "x"})
        assert response.status_code == 404
        submitted.refresh_from_db()
        assert submitted.status == "submitted"

    def test_a_viewer_s_return_is_403(self, client, submitted, city_viewer):
        client.force_login(city_viewer)
        response = client.post(f"/review/{submitted.pk}/return/", {"comment": "Sửa CT01"})
        assert response.status_code == 403
        submitted.refresh_from_db()
        assert (submitted.status, submitted.review_comment) == ("submitted", "")

    def test_the_return_form_requires_the_comment(self):
        form = ReturnForm({"comment": "  "})
        assert not form.is_valid()
        assert form.errors["comment"] == [str(services.RETURN_NEEDS_COMMENT)]
        assert ReturnForm({"comment": " Sửa CT01 "}).is_valid()

    def test_a_reopening_needs_a_reason_and_writes_nothing_without_one(self, client, submitted):
        QuarterlyReport.objects.filter(pk=submitted.pk).update(status="approved")
        admin = get_user_model().objects.create_superuser("root", password="x-pass-1")
        client.force_login(admin)
        response = client.post(f"/review/{submitted.pk}/reopen/", {"reason": " "}, follow=True)
        assert str(services.REOPEN_NEEDS_REASON) == "Hãy ghi lý do mở lại quý."
        assert str(services.REOPEN_NEEDS_REASON) in response.content.decode()
        submitted.refresh_from_db()
        assert submitted.status == "approved"
        assert submitted.history.count() == 1  # created, never changed

    def test_the_page_posts_each_step_to_its_own_address(self, client, submitted, reviewer):
        client.force_login(reviewer)
        html = client.get(f"/review/{submitted.pk}/").content.decode()
        assert f'action="/review/{submitted.pk}/approve/"' in html
        assert f'action="/review/{submitted.pk}/return/"' in html

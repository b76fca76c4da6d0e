"""The cycle's one rule for figures (targets.cycle): who may write a figure of a quarter, and
when. Every write path asks it; tests/targets/test_write_paths.py tries each path."""

import pytest

from districts.models import Membership
from targets.cycle import (
    NOT_AN_EDITOR,
    QUARTER_APPROVED,
    QUARTER_SUBMITTED,
    NotAllowed,
    QuarterClosed,
    figure_write_refusal,
    quarter_refusal,
    require_figure_write,
)
from tests.factories import make_membership, make_report, make_user

pytestmark = pytest.mark.django_db


def refusal(user, term, **report):
    if report:
        make_report(term, 2021, 2, **report)
    return figure_write_refusal(user, term=term, year=2021, quarter=2)


class TestWho:
    def test_an_editor_of_the_committee_writes_an_open_quarter(self, tayho_term, tayho_editor):
        assert refusal(tayho_editor, tayho_term) is None

    def test_a_superuser_writes_an_open_quarter(self, tayho_term, admin_user):
        assert refusal(admin_user, tayho_term) is None

    def test_an_editor_above_the_committee_does_not(self, tayho_term, city):
        editor = make_user("city_editor")
        make_membership(editor, city, Membership.Role.EDITOR)
        expected = str(NOT_AN_EDITOR) % {"committee": tayho_term.committee.name}
        assert refusal(editor, tayho_term) == expected
        assert expected.startswith("Chỉ cán bộ nhập liệu của Đảng bộ quận Tây Hồ")

    @pytest.mark.parametrize("who", ["city_viewer", "city_reviewer", "outsider"])
    def test_viewers_reviewers_and_outsiders_do_not(self, request, tayho_term, who):
        user = request.getfixturevalue(who)
        assert refusal(user, tayho_term) == str(NOT_AN_EDITOR) % {
            "committee": tayho_term.committee.name
        }


class TestWhen:
    @pytest.mark.parametrize("status", ["draft", "returned"])
    def test_a_draft_or_returned_quarter_is_open(self, tayho_term, tayho_editor, status):
        assert refusal(tayho_editor, tayho_term, status=status) is None

    def test_a_submitted_quarter_waits_for_its_reviewer(self, tayho_term, tayho_editor):
        message = refusal(tayho_editor, tayho_term, status="submitted", submitted_by=tayho_editor)
        assert message.startswith(str(QUARTER_SUBMITTED).split("%")[0] + "2/2021")
        assert "tayho" in message

    def test_an_approved_quarter_is_locked_for_admins_too(self, tayho_term, admin_user):
        message = refusal(admin_user, tayho_term, status="approved", reviewed_by=admin_user)
        assert message.startswith(str(QUARTER_APPROVED).split("%")[0] + "2/2021")

    def test_the_state_message_is_the_same_for_everyone(self, tayho_term):
        report = make_report(tayho_term, 2021, 2, status="approved")
        assert quarter_refusal(report) == str(QUARTER_APPROVED) % {
            "quarter": 2, "year": 2021, "user": "—", "when": "—"
        }  # fmt: skip


class TestRequire:
    def test_it_raises_not_allowed_for_a_non_editor(self, tayho_term, city_viewer):
        with pytest.raises(NotAllowed):
            require_figure_write(city_viewer, term=tayho_term, year=2021, quarter=2)

    def test_it_raises_quarter_closed_for_an_editor_of_a_submitted_quarter(
        self, tayho_term, tayho_editor
    ):
        make_report(tayho_term, 2021, 2, status="submitted")
        with pytest.raises(QuarterClosed):
            require_figure_write(tayho_editor, term=tayho_term, year=2021, quarter=2)

    def test_a_report_at_hand_is_not_looked_up_again(
        self, tayho_term, tayho_editor, django_assert_num_queries
    ):
        tayho_term.committee  # noqa: B018 (loaded before counting)
        with django_assert_num_queries(1):  # the user's memberships at and above Tây Hồ
            require_figure_write(tayho_editor, term=tayho_term, year=2021, quarter=2, report=None)

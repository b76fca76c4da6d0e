"""The quarterly cycle's write services called directly, as the entry page and the review
pages call them: each writes everything or nothing, and says why it refuses."""

from decimal import Decimal

import pytest

from targets import services
from targets.models import Figure, QuarterlyReport
from tests.factories import make_figure

pytestmark = pytest.mark.django_db


def typed(target, value, **fields) -> services.FigureInput:
    return services.FigureInput(
        target_id=target.pk, value=Decimal(value), is_estimate=False, note="", **fields
    )


def save(term, editor, rows, submit=False, assessment="Ổn"):
    return services.quarter_save(
        user=editor, committee=term.committee, term=term, year=2021, quarter=2,
        rows=rows, assessment=assessment, submit=submit,
    )  # fmt: skip


def figures_of(term) -> dict[str, Decimal]:
    found = Figure.objects.filter(target__term=term, year=2021, quarter=2)
    return {figure.target.code: figure.value for figure in found}


class TestQuarterSave:
    def test_it_saves_a_draft_with_its_assessment(self, targets, tayho_editor):
        term = targets[0].term
        assert save(term, tayho_editor, [typed(targets[0], "7")]) == 1
        report = QuarterlyReport.objects.get(term=term, year=2021, quarter=2)
        assert (report.status, report.assessment) == ("draft", "Ổn")
        assert figures_of(term) == {"CT01": Decimal("7")}

    def test_it_submits_when_every_target_has_its_figure(self, targets, tayho_editor):
        term = targets[0].term
        rows = [typed(target, str(index + 1)) for index, target in enumerate(targets)]
        assert save(term, tayho_editor, rows, submit=True) == 3
        report = QuarterlyReport.objects.get(term=term, year=2021, quarter=2)
        assert (report.status, report.submitted_by) == ("submitted", tayho_editor)

    def test_a_refused_submit_keeps_the_draft(self, targets, tayho_editor):
        term = targets[0].term
        with pytest.raises(services.MissingFigures) as missing:
            save(term, tayho_editor, [typed(targets[0], "7")], submit=True)
        assert [target.code for target in missing.value.targets] == ["CT02", "CT03"]
        assert figures_of(term) == {"CT01": Decimal("7")}
        assert QuarterlyReport.objects.get(term=term, year=2021, quarter=2).status == "draft"

    def test_one_stale_row_refuses_them_all(self, targets, tayho_editor):
        term = targets[0].term
        make_figure(targets[1], 2021, 2, 50)  # written after the form was opened
        rows = [typed(targets[0], "7"), typed(targets[1], "8", seen_stamp="2020-01-01")]
        with pytest.raises(services.FiguresRefused) as refused:
            save(term, tayho_editor, rows)
        assert list(refused.value.errors) == [targets[1].pk]
        assert figures_of(term) == {"CT02": Decimal("50")}
        assert not QuarterlyReport.objects.exists()

    def test_a_viewer_may_not_save(self, targets, city_viewer):
        with pytest.raises(services.NotAllowed):
            save(targets[0].term, city_viewer, [typed(targets[0], "7")])
        assert not Figure.objects.filter(year=2021, quarter=2).exists()


class TestReviewSteps:
    @pytest.fixture
    def submitted(self, targets, tayho_editor):
        rows = [typed(target, "1") for target in targets]
        save(targets[0].term, tayho_editor, rows, submit=True)
        return QuarterlyReport.objects.get(year=2021, quarter=2)

    def test_a_return_needs_a_comment(self, submitted, reviewer):
        with pytest.raises(services.CycleError, match=str(services.RETURN_NEEDS_COMMENT)):
            services.report_return(report=submitted, user=reviewer, comment="  ")
        submitted.refresh_from_db()
        assert submitted.status == "submitted"

    def test_a_reopening_needs_a_reason(self, submitted, reviewer, admin_user):
        services.report_approve(report=submitted, user=reviewer)
        with pytest.raises(services.CycleError, match=str(services.REOPEN_NEEDS_REASON)):
            services.report_reopen(report=submitted, user=admin_user, reason="")
        submitted.refresh_from_db()
        assert submitted.status == "approved"


def test_a_long_comment_is_kept_whole_and_its_history_reason_shortened(targets, tayho_editor,
                                                                       reviewer):  # fmt: skip
    save(targets[0].term, tayho_editor, [typed(target, "1") for target in targets], submit=True)
    report = QuarterlyReport.objects.get(year=2021, quarter=2)
    comment = "CT02 thấp hơn quý trước nhiều, " * 10  # 310 characters
    services.report_return(report=report, user=reviewer, comment=comment)
    report.refresh_from_db()
    assert report.review_comment == comment.strip()
    reason = report.history.latest("history_date").history_change_reason
    assert len(reason) <= 100 and reason.startswith("Trả lại: CT02") and reason.endswith("…")

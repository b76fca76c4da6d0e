"""Each sheet's resource exports the contract's columns, in its order, with its words: what the
admin's export of one sheet writes (and imports back)."""

from decimal import Decimal

import pytest

from targets.models import Revision
from targets.workbook import contract as book
from targets.workbook.resources import RESOURCES, FigureResource, RevisionResource, TargetResource
from tests.factories import (
    make_figure,
    make_programme,
    make_ratio_figure,
    make_ratio_target,
    make_target,
)

pytestmark = pytest.mark.django_db


def exported(resource, queryset) -> list[dict]:
    dataset = resource().export(queryset=queryset.order_by("pk"), force_native_type=True)
    return [dict(zip(dataset.headers, row, strict=True)) for row in dataset]


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda resource: resource.__name__)
def test_each_sheet_exports_the_contract_s_columns_in_order(resource):
    headers = [column.header for column in book.SHEETS[resource.sheet]]
    assert resource().export(queryset=resource.Meta.model.objects.none()).headers == headers


def test_a_target_s_row_has_its_term_programme_and_words(tayho_term):
    programme = make_programme(tayho_term, 2)
    make_target(tayho_term, "CT07", programme=programme, baseline=Decimal("3.50"))
    (row,) = exported(TargetResource, tayho_term.targets.all())
    assert row["Mã đảng bộ"] == "TAYHO" and row["Nhiệm kỳ"] == "2020-2025"
    assert (row["Mã"], row["Chương trình"], row["Mã chỉ tiêu cấp trên"]) == ("CT07", 2, "")
    assert row["Cách tính"] == book.AGGREGATION_WORDS["sum"]
    assert row["Chiều"] == book.DIRECTION_WORDS["up"]
    assert row["Giá trị đầu kỳ"] == Decimal("3.5")


def test_figures_export_counts_for_ratios_and_the_estimate_word(tayho_term):
    schools = make_ratio_target(tayho_term, "CT08")
    make_ratio_figure(schools, 2021, 4, 26, 27)
    make_figure(make_target(tayho_term, "CT09"), 2021, 4, Decimal("12.5"), is_estimate=True)
    ratio, plain = exported(FigureResource, schools.figures.model.objects.all())
    assert (ratio["Mã chỉ tiêu"], ratio["Giá trị"], ratio["Tử số"], ratio["Mẫu số"]) == (
        "CT08", "", 26, 27)  # fmt: skip
    assert ratio["Số ước"] == ""
    assert (plain["Giá trị"], plain["Tử số"], plain["Số ước"]) == (
        Decimal("12.5"), "", book.ESTIMATE_WORD)  # fmt: skip


def test_a_revision_says_from_when_it_is_in_force(tayho_term):
    target = make_target(tayho_term, "CT10", term_target=Decimal(100))
    Revision.objects.create(target=target, value=Decimal(120), from_year=2023, from_quarter=2,
                            basis="Nghị quyết số 15-NQ/QU")  # fmt: skip
    (row,) = exported(RevisionResource, Revision.objects.all())
    assert row["Năm kế hoạch"] == "" and row["Giá trị mới"] == 120
    assert row["Hiệu lực từ"] == Revision.objects.get().in_force_label != ""

"""The entry page for ratio targets (two counts) and for targets not reported every quarter."""

from decimal import Decimal

import pytest

from targets import services
from targets.counts import DENOMINATOR_POSITIVE
from targets.models import Figure, QuarterlyReport
from tests.factories import (
    make_figure,
    make_plan,
    make_ratio_figure,
    make_ratio_target,
    make_target,
)
from tests.targets.entry_form import form_data
from tests.targets.test_entry_views import row_html

pytestmark = pytest.mark.django_db
URL = "/committees/TAYHO/entry/2021/{quarter}/"


@pytest.fixture
def kinds(tayho_term):
    """Revenue (quarterly), the schools (a ratio, quarterly), new members (half-yearly) and the
    party organisations' rating (yearly)."""
    revenue = make_target(tayho_term, code="CT01")
    make_plan(revenue, 2021, 1000)
    schools = make_ratio_target(tayho_term, code="CT02")
    make_ratio_figure(schools, 2021, 1, 25, 27)
    half = make_target(tayho_term, code="CT03", frequency="half_year")
    yearly = make_target(tayho_term, code="CT04", frequency="year")
    return revenue, schools, half, yearly


def codes(page) -> list[str]:
    return [row.target.code for row in page.context["page"].rows]


class TestRatioEntry:
    def test_an_editor_enters_the_two_counts_and_sees_the_percentage(
        self, client, kinds, tayho_editor
    ):
        _revenue, schools, *_rest = kinds
        client.force_login(tayho_editor)
        page = client.get(URL.format(quarter=2))
        html = page.content.decode()
        assert "25/27 (92,6\N{NO-BREAK SPACE}%)" in row_html(html, "CT02")  # last quarter
        position = codes(page).index("CT02")
        response = client.post(
            URL.format(quarter=2),
            form_data(page, **{f"{position}-numerator": "26", f"{position}-denominator": "27"}),
        )
        assert response.status_code == 302
        figure = Figure.objects.get(target=schools, year=2021, quarter=2)
        assert (figure.numerator, figure.denominator) == (26, 27)
        assert figure.value == Decimal("96.2963")
        html = client.get(URL.format(quarter=2)).content.decode()
        assert "= 96,3\N{NO-BREAK SPACE}%" in row_html(html, "CT02")

    def test_a_zero_denominator_is_refused_beside_the_field_and_nothing_is_written(
        self, client, kinds, tayho_editor
    ):
        client.force_login(tayho_editor)
        page = client.get(URL.format(quarter=2))
        position = codes(page).index("CT02")
        revenue = codes(page).index("CT01")
        response = client.post(
            URL.format(quarter=2),
            form_data(
                page,
                **{
                    f"{position}-numerator": "3",
                    f"{position}-denominator": "0",
                    f"{revenue}-value": "250",
                },
            ),
        )
        assert response.status_code == 200
        assert str(DENOMINATOR_POSITIVE) in row_html(response.content.decode(), "CT02")
        assert not Figure.objects.filter(year=2021, quarter=2).exists()

    def test_one_count_alone_is_refused(self, client, kinds, tayho_editor):
        client.force_login(tayho_editor)
        page = client.get(URL.format(quarter=2))
        position = codes(page).index("CT02")
        response = client.post(
            URL.format(quarter=2), form_data(page, **{f"{position}-numerator": "26"})
        )
        assert response.status_code == 200
        assert "cần đủ hai số" in row_html(response.content.decode(), "CT02")
        assert not Figure.objects.filter(year=2021, quarter=2).exists()

    def test_the_page_speaks_english_too(self, client, kinds, tayho_editor):
        client.force_login(tayho_editor)
        client.cookies["django_language"] = "en"
        html = client.get(URL.format(quarter=2)).content.decode()
        assert "Numerator of CT02" in html and "Denominator of CT02" in html


class TestFrequencyOnTheEntryPage:
    @pytest.mark.parametrize(
        ("quarter", "asked"),
        [(1, ["CT01", "CT02"]), (2, ["CT01", "CT02", "CT03"]), (3, ["CT01", "CT02"]),
         (4, ["CT01", "CT02", "CT03", "CT04"])],
    )  # fmt: skip
    def test_a_quarter_asks_only_for_the_targets_due_in_it(
        self, client, kinds, tayho_editor, quarter, asked
    ):
        client.force_login(tayho_editor)
        assert sorted(codes(client.get(URL.format(quarter=quarter)))) == asked

    def test_a_quarter_is_submitted_without_the_targets_not_due_in_it(
        self, client, kinds, tayho_editor
    ):
        revenue, schools, _half, _yearly = kinds
        make_figure(revenue, 2021, 3, 300)
        make_ratio_figure(schools, 2021, 3, 26, 27)
        client.force_login(tayho_editor)
        page = client.get(URL.format(quarter=3))
        response = client.post(URL.format(quarter=3), {**form_data(page), "submit": ""})
        assert response.status_code == 302
        report = QuarterlyReport.objects.get(year=2021, quarter=3)
        assert report.status == QuarterlyReport.Status.SUBMITTED

    def test_the_fourth_quarter_needs_the_yearly_target(self, tayho_term, kinds, tayho_editor):
        missing = services.missing_figures(tayho_term, 2021, 4)
        assert [target.code for target in missing] == ["CT01", "CT02", "CT03", "CT04"]

    def test_a_figure_for_a_target_not_due_is_refused(self, tayho_term, kinds, tayho_editor):
        yearly = kinds[3]
        row = services.FigureInput(
            target_id=yearly.pk, value=Decimal(5), is_estimate=False, note=""
        )
        with pytest.raises(services.FiguresRefused) as refused:
            services.figures_save(
                committee=tayho_term.committee, term=tayho_term, year=2021, quarter=1,
                rows=[row], user=tayho_editor,
            )  # fmt: skip
        assert "Q4" in refused.value.errors[yearly.pk]
        assert not Figure.objects.filter(target=yearly).exists()


def test_the_reviewer_sees_a_ratio_figure_as_its_counts(client, kinds, city_reviewer):
    revenue, schools, *_rest = kinds
    make_figure(revenue, 2021, 1, 200)
    report = QuarterlyReport.objects.create(
        committee=revenue.term.committee, term=revenue.term, year=2021, quarter=1,
        status=QuarterlyReport.Status.SUBMITTED,
    )  # fmt: skip
    client.force_login(city_reviewer)
    html = client.get(f"/review/{report.pk}/").content.decode()
    assert "25/27 (92,6\N{NO-BREAK SPACE}%)" in row_html(html, "CT02")

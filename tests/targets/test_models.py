"""Invariants the database guards itself, whatever writes to it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from districts.models import Term, from_roman, to_roman
from targets.counts import COUNTS_NOT_ALLOWED, COUNTS_REQUIRED, DENOMINATOR_POSITIVE
from targets.models import Figure, Revision
from tests.factories import (
    make_committee,
    make_figure,
    make_plan,
    make_programme,
    make_ratio_figure,
    make_ratio_target,
    make_report,
    make_revision,
    make_target,
    make_term,
)

pytestmark = pytest.mark.django_db


def assert_refused(create, constraint_name: str) -> None:
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        create()
    assert constraint_name in str(raised.value) or _sqlite_unique(raised.value, constraint_name)


def _sqlite_unique(error, constraint_name: str) -> bool:
    # SQLite names the columns of a failed UNIQUE, not the constraint.
    return "UNIQUE constraint failed" in str(error) and "unique" in constraint_name


class TestFigureConstraints:
    def test_one_figure_per_target_and_quarter(self, tayho_term):
        target = make_target(tayho_term)
        make_figure(target, 2021, 1, 5)
        assert_refused(
            lambda: make_figure(target, 2021, 1, 6), "targets_measurement_unique_quarter"
        )

    @pytest.mark.parametrize("quarter", [0, 5])
    def test_quarter_is_between_1_and_4(self, tayho_term, quarter):
        target = make_target(tayho_term)
        assert_refused(
            lambda: make_figure(target, 2021, quarter, 5), "targets_measurement_quarter_1_4"
        )

    @pytest.mark.parametrize("year", [2019, 2026])
    def test_year_lies_inside_the_term(self, tayho_term, year):
        target = make_target(tayho_term)
        assert_refused(lambda: make_figure(target, year, 1, 5), "targets_measurement_year_in_term")
        assert not Figure.objects.exists()

    def test_moving_a_figure_out_of_its_term_is_refused(self, tayho_term):
        figure = make_figure(make_target(tayho_term), 2025, 4, 5)
        figure.year = 2026
        assert_refused(figure.save, "targets_measurement_year_in_term")

    def test_full_clean_names_the_term(self, tayho_term):
        figure = Figure(target=make_target(tayho_term), year=2026, quarter=1, value=1)
        with pytest.raises(ValidationError) as raised:
            figure.full_clean()
        assert "2020-2025" in str(raised.value.message_dict["year"])

    def test_values_are_exact_decimals(self, tayho_term):
        figure = make_figure(make_target(tayho_term), 2021, 1, "1113.733")
        figure.refresh_from_db()
        assert figure.value == Decimal("1113.733")
        assert isinstance(figure.value, Decimal)


class TestOtherConstraints:
    def test_annual_plan_year_lies_inside_the_term(self, tayho_term):
        target = make_target(tayho_term)
        assert_refused(lambda: make_plan(target, 2030, 1), "targets_annualplan_year_in_term")

    def test_one_plan_per_year(self, tayho_term):
        target = make_target(tayho_term)
        make_plan(target, 2021, 1)
        assert_refused(lambda: make_plan(target, 2021, 2), "targets_annualplan_unique_year")

    def test_term_starts_before_it_ends(self, tayho):
        assert_refused(
            lambda: make_term(tayho, start_year=2025, end_year=2020),
            "districts_term_start_before_end",
        )

    def test_target_codes_are_unique_within_a_term(self, tayho_term):
        make_target(tayho_term, code="CT01")
        assert_refused(lambda: make_target(tayho_term, code="CT01"), "targets_target_unique_code")

    def test_the_same_code_is_fine_in_another_committee(self, tayho_term, hoangmai_term):
        make_target(tayho_term, code="CT01")
        make_target(hoangmai_term, code="CT01")

    def test_committee_codes_are_unique(self, city):
        assert_refused(lambda: make_committee("HANOI"), "code")

    def test_programme_numbers_are_unique_within_a_term(self, tayho_term):
        make_programme(tayho_term, 1)
        assert_refused(lambda: make_programme(tayho_term, 1), "targets_programme_unique_number")

    def test_report_quarter_and_term(self, tayho_term, hoangmai_term):
        assert_refused(
            lambda: make_report(tayho_term, 2021, 5), "targets_quarterlyreport_quarter_1_4"
        )
        assert_refused(
            lambda: make_report(tayho_term, 2031, 1), "targets_quarterlyreport_year_in_term"
        )
        make_report(tayho_term, 2021, 1)
        assert_refused(
            lambda: make_report(tayho_term, 2021, 1), "targets_quarterlyreport_unique_quarter"
        )

    def test_report_term_must_be_the_committee_s(self, tayho_term, hoangmai):
        from targets.models import QuarterlyReport

        assert_refused(
            lambda: QuarterlyReport.objects.create(
                committee=hoangmai, term=tayho_term, year=2021, quarter=1
            ),
            "targets_quarterlyreport_year_in_term",
        )


class TestTargetValidation:
    def test_parent_target_must_belong_to_the_parent_committee(
        self, city, tayho_term, hoangmai_term
    ):
        city_target = make_target(make_term(city, congress=17), code="TP01")
        sibling = make_target(hoangmai_term, code="CT01")
        good = make_target(tayho_term, code="CT01", parent=city_target)
        good.full_clean()
        bad = make_target(tayho_term, code="CT02", parent=sibling)
        with pytest.raises(ValidationError) as raised:
            bad.full_clean()
        assert "parent" in raised.value.message_dict

    def test_programme_must_belong_to_the_same_term(self, tayho_term, hoangmai_term):
        target = make_target(tayho_term, programme=make_programme(hoangmai_term))
        with pytest.raises(ValidationError) as raised:
            target.full_clean()
        assert "programme" in raised.value.message_dict


class TestHistory:
    def test_changes_to_a_figure_are_kept_with_who_and_the_old_value(
        self, tayho_term, tayho_editor
    ):
        figure = make_figure(make_target(tayho_term), 2021, 1, 5)
        figure.value = Decimal(7)
        figure._history_user = tayho_editor
        figure.save()
        latest, first = figure.history.all()[:2]
        assert (first.value, latest.value) == (Decimal(5), Decimal(7))
        assert latest.history_user == tayho_editor
        assert latest.history_type == "~"


class TestTerms:
    def test_label_and_roman_congress(self, tayho):
        term = make_term(tayho, 2020, 2025, congress=17)
        assert term.label == "2020-2025"
        assert term.congress_roman == "XVII"
        assert list(Term.objects.for_label("2020–2025")) == [term]
        assert not Term.objects.for_label("2020").exists()

    @pytest.mark.parametrize(
        ("number", "roman"), [(1, "I"), (4, "IV"), (6, "VI"), (17, "XVII"), (24, "XXIV")]
    )
    def test_roman_numerals_round_trip(self, number, roman):
        assert to_roman(number) == roman
        assert from_roman(roman.lower()) == number

    @pytest.mark.parametrize("text", ["", "IIII", "VX", "ABC"])
    def test_bad_roman_numerals_are_refused(self, text):
        with pytest.raises(ValueError):
            from_roman(text)


class TestRatioFigures:
    """A ratio target's figure is its two counts; the database refuses counts that make no
    ratio, and the model derives the value from them."""

    def _figure(self, target, numerator, denominator, value=0):
        return Figure.objects.create(
            target=target,
            year=2021,
            quarter=1,
            value=Decimal(value),
            numerator=None if numerator is None else Decimal(numerator),
            denominator=None if denominator is None else Decimal(denominator),
        )

    def test_the_denominator_must_be_greater_than_0(self, tayho_term):
        target = make_ratio_target(tayho_term)
        assert_refused(
            lambda: self._figure(target, 1, 0), "targets_measurement_denominator_positive"
        )

    def test_the_numerator_must_not_be_negative(self, tayho_term):
        target = make_ratio_target(tayho_term)
        assert_refused(
            lambda: self._figure(target, -1, 5), "targets_measurement_numerator_not_negative"
        )

    @pytest.mark.parametrize(("numerator", "denominator"), [(1, None), (None, 5)])
    def test_the_counts_come_together(self, tayho_term, numerator, denominator):
        target = make_ratio_target(tayho_term)
        assert_refused(
            lambda: self._figure(target, numerator, denominator),
            "targets_measurement_counts_together",
        )

    def test_the_value_is_the_engine_s_percentage_of_the_counts(self, tayho_term):
        figure = make_ratio_figure(make_ratio_target(tayho_term), 2021, 4, 26, 27)
        figure.refresh_from_db()
        assert figure.value == Decimal("96.2963")
        assert (figure.numerator, figure.denominator) == (26, 27)
        assert str(figure).endswith("26/27")

    def test_a_ratio_figure_needs_both_counts(self, tayho_term):
        figure = Figure(target=make_ratio_target(tayho_term), year=2021, quarter=1, value=5)
        with pytest.raises(ValidationError) as raised:
            figure.full_clean()
        assert raised.value.message_dict["numerator"] == [str(COUNTS_REQUIRED)]
        assert raised.value.message_dict["denominator"] == [str(COUNTS_REQUIRED)]

    def test_a_zero_denominator_is_refused_with_its_message(self, tayho_term):
        figure = Figure(target=make_ratio_target(tayho_term), year=2021, quarter=1)
        figure.set_counts(Decimal(3), Decimal(0))
        with pytest.raises(ValidationError) as raised:
            figure.full_clean()
        assert raised.value.message_dict["denominator"] == [str(DENOMINATOR_POSITIVE)]

    def test_other_targets_take_no_counts(self, tayho_term):
        figure = Figure(target=make_target(tayho_term), year=2021, quarter=1, value=5, numerator=1)
        with pytest.raises(ValidationError) as raised:
            figure.full_clean()
        assert raised.value.message_dict["numerator"] == [str(COUNTS_NOT_ALLOWED)]


class TestFrequency:
    def test_an_unknown_frequency_is_refused(self, tayho_term):
        assert_refused(
            lambda: make_target(tayho_term, frequency="month"), "targets_target_frequency_valid"
        )

    @pytest.mark.parametrize(
        ("frequency", "due"),
        [("quarter", [1, 2, 3, 4]), ("half_year", [2, 4]), ("year", [4])],
    )
    def test_a_target_knows_its_due_quarters(self, tayho_term, frequency, due):
        target = make_target(tayho_term, frequency=frequency)
        assert [quarter for quarter in (1, 2, 3, 4) if target.is_due(quarter)] == due


class TestRevisions:
    def test_the_original_stays_and_the_history_keeps_both(self, tayho_term):
        target = make_target(tayho_term, term_target=Decimal(20000))
        revision = make_revision(target, 16000, 2023, 2, basis="NQ 15-NQ/QU ngày 07/4/2023")
        revision.value = Decimal(15000)
        revision.save()
        target.refresh_from_db()
        assert target.term_target == 20000
        assert [version.value for version in revision.history.order_by("history_id")] == [
            16000,
            15000,
        ]

    def test_one_revision_of_the_term_target_per_quarter(self, tayho_term):
        target = make_target(tayho_term)
        make_revision(target, 1, 2023, 2)
        assert_refused(
            lambda: make_revision(target, 2, 2023, 2), "targets_revision_unique_term_target"
        )
        make_revision(target, 3, 2023, 2, plan_year=2023)  # a plan's revision is another key
        assert_refused(
            lambda: make_revision(target, 4, 2023, 2, plan_year=2023),
            "targets_revision_unique_plan",
        )

    @pytest.mark.parametrize(("field", "year"), [("from_year", 2026), ("plan_year", 2019)])
    def test_its_years_lie_inside_the_term(self, tayho_term, field, year):
        target = make_target(tayho_term)
        fields = {"from_year": 2023, "plan_year": 2023, field: year}
        assert_refused(
            lambda: Revision.objects.create(
                target=target, value=1, from_quarter=1, basis="x", **fields
            ),
            "targets_revision_year_in_term",
        )
        revision = Revision(target=target, value=1, from_quarter=1, basis="x", **fields)
        with pytest.raises(ValidationError) as raised:
            revision.full_clean()
        assert field in raised.value.message_dict

    @pytest.mark.parametrize(
        ("fields", "constraint"),
        [
            ({"from_quarter": 5}, "targets_revision_quarter_1_4"),
            ({"basis": ""}, "targets_revision_basis_not_empty"),
        ],
    )
    def test_it_needs_a_quarter_and_a_basis(self, tayho_term, fields, constraint):
        target = make_target(tayho_term)
        values = {"from_year": 2023, "from_quarter": 2, "basis": "NQ 15", **fields}
        assert_refused(
            lambda: Revision.objects.create(target=target, value=1, **values), constraint
        )

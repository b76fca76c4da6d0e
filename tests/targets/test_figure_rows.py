"""The engine's inputs of a term: each target's figures read in one query, in the order of
its quarters, with their counts and estimates."""

from decimal import Decimal

import pytest

from targets.progress_cache import TermResults, figure_rows
from tests.factories import (
    make_figure,
    make_ratio_figure,
    make_ratio_target,
    make_target,
    make_term,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def terms():
    """Two terms: a sum with a gap and an estimate, a ratio target, one without figures."""
    first, second = make_term(), make_term()
    total = make_target(first, code="CT01")
    make_figure(total, 2021, 3, "12.5")
    make_figure(total, 2020, 4, 7, is_estimate=True)
    make_figure(total, 2021, 1, "0.0001")
    schools = make_ratio_target(first, code="CT02")
    make_ratio_figure(schools, 2022, 2, 26, 27)
    make_ratio_figure(schools, 2021, 4, 20, 27, is_estimate=True)
    make_target(first, code="CT03")
    other = make_target(second, code="CT01")
    make_figure(other, 2020, 1, 3)
    return [first, second]


def test_each_target_s_rows_come_in_the_order_of_its_quarters(terms):
    rows = figure_rows([term.pk for term in terms])
    total = terms[0].targets.get(code="CT01")
    assert [(row[1], row[2], row[3], row[6]) for row in rows[total.pk]] == [
        (2020, 4, Decimal(7), True),
        (2021, 1, Decimal("0.0001"), False),
        (2021, 3, Decimal("12.5"), False),
    ]
    schools = terms[0].targets.get(code="CT02")
    assert [(row[4], row[5]) for row in rows[schools.pk]] == [
        (Decimal(20), Decimal(27)),
        (Decimal(26), Decimal(27)),
    ]
    assert terms[0].targets.get(code="CT03").pk not in rows


def test_the_engine_is_given_the_figures_counts_and_estimates(terms):
    figures = TermResults(terms).figures()[terms[0].pk]
    total = figures[terms[0].targets.get(code="CT01").pk]
    assert dict(total.figures) == {
        (2020, 4): Decimal(7),
        (2021, 1): Decimal("0.0001"),
        (2021, 3): Decimal("12.5"),
    }
    assert total.estimates == frozenset({(2020, 4)})
    schools = figures[terms[0].targets.get(code="CT02").pk]
    assert schools.counts[2022, 2].numerator == Decimal(26)
    assert schools.figures[2022, 2] == Decimal(26) / Decimal(27) * 100
    assert schools.estimates == frozenset({(2021, 4)})
    assert figures[terms[0].targets.get(code="CT03").pk].figures == {}

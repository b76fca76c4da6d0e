"""Fixtures shared by the tests of several modules of the targets app."""

import pytest

from targets.models import QuarterlyReport
from tests.factories import make_figure, make_plan, make_report, make_target


@pytest.fixture
def late_tayho(tayho_term, tayho_editor):
    make_target(tayho_term, code="CT01")
    make_report(tayho_term, 2020, 1, status=QuarterlyReport.Status.APPROVED)
    make_report(tayho_term, 2020, 2, status=QuarterlyReport.Status.RETURNED,
                review_comment="Thiếu CT01")  # fmt: skip
    return tayho_term


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

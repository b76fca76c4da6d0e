"""Arrangement for the screens: trend lines and the overview's sorting."""

from decimal import Decimal as D

import pytest

from targets.presenters import SPARK_HEIGHT, SPARK_WIDTH, plain_text, sparkline


def points(text: str) -> list[tuple[float, float]]:
    return [tuple(float(part) for part in pair.split(",")) for pair in text.split()]


def test_a_trend_needs_two_figures():
    assert sparkline([]) == ""
    assert sparkline([None, D(3), None]) == ""


def test_a_trend_spans_the_box_from_the_first_quarter_to_the_last():
    drawn = points(sparkline([D(1), D(2), D(3)]))
    assert drawn[0] == (0.0, SPARK_HEIGHT - 1)  # the lowest value at the bottom
    assert drawn[-1] == (SPARK_WIDTH, 1.0)  # the highest at the top
    assert drawn[1] == (SPARK_WIDTH / 2, SPARK_HEIGHT / 2)


def test_a_trend_skips_missing_quarters_and_handles_a_flat_line():
    drawn = points(sparkline([D(5), None, D(5), None]))
    assert [x for x, _y in drawn] == [0.0, 53.3]  # two thirds of 80, one decimal
    assert len({y for _x, y in drawn}) == 1


def test_counts_in_a_summary_carry_the_thousands_separator():
    from django.utils import translation

    from targets.labels import summary_sentence
    from targets.progress import StatusCounts

    counts = StatusCounts(achieved=1567, exceeded=1020)
    with translation.override("vi"):
        sentence = summary_sentence("Năm", counts, 1584)
    assert sentence == "Năm: 1.567/1.584 chỉ tiêu đạt, trong đó 1.020 vượt"
    with translation.override("en"):
        assert "1,567/1,584" in summary_sentence("Year", counts, 1584)


def test_a_quarter_reads_as_people_write_it():
    from django.utils import translation

    from targets.labels import quarter_label

    with translation.override("vi"):
        assert quarter_label(2020, 1) == "quý 1/2020"
    with translation.override("en"):
        assert quarter_label(2020, 1) == "quarter 1/2020"


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Đảng bộ phường Tây Hồ", "dang bo phuong tay ho"),
        ("  XÃ THƯỜNG TÍN ", "xa thuong tin"),
        ("Quận Đống Đa", "quan dong da"),
        ("Nam Từ Liêm", "nam tu liem"),
        ("", ""),
    ],
)
def test_a_search_leaves_accents_and_case_aside(text, plain):
    assert plain_text(text) == plain

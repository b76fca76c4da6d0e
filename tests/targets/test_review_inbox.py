"""The reviewer's inbox: the count of waiting quarters in the header, and the review list's
hints of what deserves a look, computed by the engine."""

import re

import pytest

from targets.models import QuarterlyReport
from tests.factories import make_committee, make_figure, make_report, make_target, make_term

pytestmark = pytest.mark.django_db

SUBMITTED = QuarterlyReport.Status.SUBMITTED


def submitted_quarter(term):
    """2021 Q2 of a term with five targets: one without a figure, one estimate, one unchanged
    from Q1, one up from 10 to 30 (+200 %), one ordinary."""
    codes = ["CT01", "CT02", "CT03", "CT04", "CT05"]
    targets = {code: make_target(term, code=code) for code in codes}
    for code in codes[1:]:
        make_figure(targets[code], 2021, 1, 10)
    make_figure(targets["CT02"], 2021, 2, 12, is_estimate=True)
    make_figure(targets["CT03"], 2021, 2, 10)
    make_figure(targets["CT04"], 2021, 2, 30)
    make_figure(targets["CT05"], 2021, 2, 11)
    return make_report(term, 2021, 2, status=SUBMITTED)


def test_the_header_counts_the_quarters_waiting_for_the_reviewer(client, tayho_term, city_reviewer):
    submitted_quarter(tayho_term)
    make_report(tayho_term, 2021, 1, status=SUBMITTED)
    make_report(tayho_term, 2020, 4, status=QuarterlyReport.Status.APPROVED)
    client.force_login(city_reviewer)
    html = client.get("/committees/HANOI/overview/").content.decode()
    link = re.search(r'<a class="nav-link" href="/review/" id="nav-review">(.*?)</a>', html, re.S)
    assert '2<span class="visually-hidden"> quý chờ duyệt</span>' in link.group(1)


def test_viewers_see_no_count(client, tayho_term, city_viewer):
    submitted_quarter(tayho_term)
    client.force_login(city_viewer)
    assert 'id="nav-review"' not in client.get("/committees/HANOI/overview/").content.decode()


def test_the_review_list_flags_what_deserves_a_look(client, tayho_term, city_reviewer):
    report = submitted_quarter(tayho_term)
    client.force_login(city_reviewer)
    html = client.get("/review/").content.decode()
    row = re.search(rf'<tr data-report="{report.pk}".*?</tr>', html, re.S).group(0)
    flags = [
        re.sub(r"\s+", " ", text) for text in re.findall(r'class="badge flag[^"]*">(.*?)<', row)
    ]
    assert flags == [
        "1 chỉ tiêu chưa có số liệu",
        "1 số ước",
        "1 không đổi so với quý trước",
        "1 thay đổi quá 50 %",
    ]


def test_the_review_list_keeps_its_query_count(
    client, city, city_reviewer, django_assert_num_queries
):
    for index in range(6):
        term = make_term(make_committee(f"R{index}", parent=city))
        submitted_quarter(term)
    client.force_login(city_reviewer)
    # session with its user, submitted reports, targets, figures, header membership, header
    # count.
    with django_assert_num_queries(6):
        response = client.get("/review/")
    assert response.content.decode().count('class="badge flag flag-large"') == 6

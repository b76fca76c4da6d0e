"""The overview's cells, written by one tag (figures.overview_cells) rather than a template
partial per cell: the page's rows and totals are byte for byte what the partial wrote, in
Vietnamese and in English, for every kind of cell the demo brings up."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.utils import translation

from districts.models import Committee
from targets.models import QuarterlyReport
from tests.factories import make_committee, make_term

pytestmark = pytest.mark.django_db

# The partial the overview used before the tag, kept as the tag's specification.
REFERENCE = Template(
    "{% load i18n figures %}"
    "{% partialdef cell %}"
    '{% if column.kind == "count" %}<td class="num{% if column.starts_group %} border-start'
    '{% endif %}" data-column="{{ column.key }}">{{ value|count }}</td>'
    '{% elif column.kind == "share" %}<td class="num fw-semibold{% if column.starts_group %}'
    ' border-start{% endif %}"><span class="share share-{{ value|share_band|default:\'none\' }}">'
    "{{ value|pct }}</span></td>"
    '{% elif column.kind == "report" %}<td class="border-start">{% if total %}'
    "{% blocktranslate count counter=value %}{{ counter }} not reported{% plural %}"
    "{{ counter }} not reported{% endblocktranslate %}"
    '{% elif row.imported %}<span class="badge report report-imported">'
    '{% translate "imported" %}</span>'
    '{% else %}{% include "targets/partials.html#report_badge" with status=row.report_status %}'
    "{% endif %}</td>"
    '{% elif column.kind == "trend" %}<td class="trend">{% if value %}<svg class="app-trend"'
    ' viewBox="0 0 80 20" role="img" aria-label="{% translate \'Trend of the term share'
    ' achieved\' %}"><polyline points="{{ value }}"/></svg>{% endif %}</td>'
    '{% elif column.kind == "overdue" %}<td class="num">{% if value and not total %}'
    '<span class="text-danger fw-semibold" title="{% for each_year, each_quarter in row.overdue %}'
    "{% quarter_label each_year each_quarter %}{% if not forloop.last %}, {% endif %}{% endfor %}"
    '">{{ value|count }}</span>{% else %}{{ value|count }}{% endif %}</td>{% endif %}'
    "{% endpartialdef %}"
    "{% for line in lines %}{% with row=line.row %}<tr>{% for column, value in line.cells %}"
    "{% partial cell %}{% endfor %}</tr>{% endwith %}{% endfor %}"
    "<tr>{% for column, value in totals %}{% with total=True %}{% partial cell %}{% endwith %}"
    "{% endfor %}</tr>"
)
WITH_TAG = Template(
    "{% load figures %}"
    "{% for line in lines %}<tr>{% overview_cells line.cells line.row %}</tr>{% endfor %}"
    "<tr>{% overview_cells totals total=True %}</tr>"
)
MOMENTS = [(2025, 1), (2025, 2), (2025, 4), (2026, 1), (2026, 3)]


@pytest.fixture
def admin_client(client, demo_module):
    # One committee's approved report of 2025 Q4 removed: its figures are imported history.
    approved = QuarterlyReport.objects.filter(
        term__committee__parent__code="HANOI",
        year=2025,
        quarter=4,
        status=QuarterlyReport.Status.APPROVED,
    ).first()
    approved.delete()
    # A committee without targets: no share achieved.
    make_term(make_committee("EMPTY", parent=Committee.objects.get(code="HANOI")), 2025, 2030)
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def overview_context(client, language: str, year: int, quarter: int):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(
        f"/committees/HANOI/overview/?term=2025-2030&year={year}&quarter={quarter}"
    )
    assert response.status_code == 200
    return response, response.context["lines"](), response.context["totals"]()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_cells_are_what_the_template_partial_wrote(admin_client, language):
    reports, bands, seen = set(), set(), set()
    for year, quarter in MOMENTS:
        response, lines, totals = overview_context(admin_client, language, year, quarter)
        with translation.override(language):
            context = {"lines": lines, "totals": totals}
            expected = REFERENCE.render(Context(context))
            written = WITH_TAG.render(Context(context))
        assert written == expected
        # The page shows them as written.
        html = response.content.decode()
        for row in re.findall(r"<tr>(.*?)</tr>", written):
            assert row in html
        reports.update(re.findall(r'report-(\w+)"', written))
        bands.update(re.findall(r'share share-(\w+)"', written))
        seen.update(kind for kind in ("app-trend", "text-danger") if kind in written)
        if re.search(r'<td class="trend"></td>', written):
            seen.add("no trend")
    # Every kind of cell came up, each way it can be written.
    assert {"imported", "approved", "draft", "none", "submitted"} <= reports
    assert {"none", "low", "mid"} <= bands
    assert {"app-trend", "no trend", "text-danger"} <= seen


def test_the_totals_row_counts_the_committees_not_reported_in_each_language(admin_client):
    for language, words in (("vi", "chưa báo cáo"), ("en", "not reported")):
        response, _lines, _totals = overview_context(admin_client, language, 2025, 4)
        totals = re.search(r'<tr id="totals-row">(.*?)</tr>', response.content.decode(), re.S)
        assert re.search(rf'<td class="border-start">\d+ {words}</td>', totals.group(1))

"""Numbers are localised only where people read them: every template is rendered, in Vietnamese
and in English, and no attribute that a program reads (values, links, data attributes) carries a
localised number such as 2.021 or 2,021."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from targets.models import QuarterlyReport, Target, WorkbookUpload
from tests.factories import make_user

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# What a person reads (a tooltip, a screen reader's label) may be localised like the page.
READ_BY_PEOPLE = {"title", "aria-label", "alt", "placeholder", "aria-valuetext"}
# SVG geometry separates its numbers with commas: "0.0,19.0 7.3,13.3".
COORDINATES = {"points", "viewbox", "d"}
# A number with a thousands separator (2.021, 2,021, 1.234.567) or a decimal comma (96,3).
LOCALISED = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d{3})+(?![\d.,])|\d,\d")


class Attributes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name not in READ_BY_PEOPLE | COORDINATES | {"nonce"}:
                self.found.append((tag, name, value))


def localised_attributes(html: str) -> list[str]:
    parser = Attributes()
    parser.feed(html)
    return [
        f"<{tag} {name}={value!r}>" for tag, name, value in parser.found if LOCALISED.search(value)
    ]


def test_the_pattern_finds_localised_numbers():
    assert localised_attributes('<option value="2.021">') == ["<option value='2.021'>"]
    assert localised_attributes('<a href="?year=2,021">') == ["<a href='?year=2,021'>"]
    assert localised_attributes('<td data-x="96,3">') == ["<td data-x='96,3'>"]
    assert localised_attributes('<option value="2021" title="2.021">') == []
    assert localised_attributes('<a href="?term=2020-2025&amp;year=2021&amp;quarter=4">') == []


def pages(client) -> list[str]:
    """Every screen, as the users who may see it; the renders' template names."""
    users = get_user_model().objects
    client.force_login(users.get(username="admin"))
    report = QuarterlyReport.objects.get(committee__code="TAYHO", year=2022, quarter=4)
    # A primary key past 999 would be written 1.234 if it were localised.
    QuarterlyReport.objects.filter(pk=report.pk).update(id=12345)
    # A big workbook half checked: its bars' numbers are read by the browser, not by people.
    WorkbookUpload.objects.create(
        id=4321, user=users.get(username="admin"), name="lon.xlsx", language="vi", data=b"x",
        token="t" * 32, background=True, rows_total=12345, rows_checked=2345,
    )  # fmt: skip
    target = Target.objects.get(term__committee__code="PTAYHO", code="CT01")
    urls = [
        "/committees/HANOI/overview/",
        "/committees/HANOI/overview/?year=2021&quarter=2",
        "/committees/TAYHO/",
        "/committees/TAYHO/targets/CT02/",
        "/committees/HANOI/targets/TP01/",
        "/committees/TAYHO/report/",
        "/committees/TAYHO/entry/2023/1/",
        "/review/",
        "/review/12345/",
        "/committees/TAYHO/?year=abc",
        "/password/",
        "/password/done/",
        "/admin/",
        "/admin/workbook/import/",
        "/admin/workbook/export/",
        "/admin/workbook/uploads/",
        "/admin/workbook/uploads/4321/",
        # A target's history in the admin, with its figures', plans' and revisions' changes.
        f"/admin/targets/target/{target.pk}/history/",
    ]
    rendered = []
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 400), url
        rendered.append((url, response))
    # The error pages: a committee that does not exist, and a viewer at the entry page.
    response = client.get("/committees/NOPE/")
    assert response.status_code == 404
    rendered.append(("/committees/NOPE/", response))
    client.force_login(users.get(username="thanhuy"))
    response = client.post("/committees/TAYHO/entry/2023/1/", {})
    assert response.status_code == 403
    rendered.append(("viewer at the entry page", response))
    client.force_login(make_user("nobody"))
    rendered.append(("/", client.get("/")))
    client.logout()
    rendered.append(("/login/", client.get("/login/")))
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/login/", {"username": "tayho", "password": "wrong"})
    rendered.append(("locked out", response))
    return rendered


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_template_puts_a_localised_number_in_an_attribute(client, demo, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    found, names = [], set()
    for url, response in pages(client):
        names |= {t.origin.name for t in response.templates if t.origin}
        found += [f"{url}: {item}" for item in localised_attributes(response.content.decode())]
    assert found == []
    ours = {str(path) for path in TEMPLATES.rglob("*.html")}
    assert ours - names == set()

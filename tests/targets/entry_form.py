"""The entry form as a browser sends it, for the tests that post it."""

import re

from targets.models import Figure
from targets.numbers import decimal_text

URL = "/committees/TAYHO/entry/2021/2/"


def form_data(page, **changes) -> dict:
    """The entry form as the page rendered it (values, counts, estimate marks and notes),
    with some fields changed: {"0-value": "1,5"}."""
    formset = page.context["formset"]
    data = {
        "figures-TOTAL_FORMS": str(formset.total_form_count()),
        "figures-INITIAL_FORMS": str(formset.initial_form_count()),
    }
    for index, form in enumerate(formset.forms):
        initial = form.initial
        data[f"figures-{index}-target"] = initial["target"]
        data[f"figures-{index}-seen"] = initial["seen"]
        for field in ("value", "numerator", "denominator"):
            value = initial.get(field)
            data[f"figures-{index}-{field}"] = (
                "" if value is None else decimal_text(value).replace(".", ",")
            )
        if initial.get("is_estimate"):
            data[f"figures-{index}-is_estimate"] = "on"
        data[f"figures-{index}-note"] = initial["note"]
    for key, value in changes.items():
        data[f"figures-{key}"] = value
    return data


def figure(target, quarter=2):
    return Figure.objects.filter(target=target, year=2021, quarter=quarter).first()


def row_html(html: str, code: str) -> str:
    """The cells of one target's row of a page."""
    return re.search(rf'<tr data-target="{code}"[^>]*>(.*?)</tr>', html, re.S).group(1)

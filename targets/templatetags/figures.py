"""Figures and statuses as a Vietnamese reader expects them: 12.993,5 · 96,3 % · "vượt"."""

from decimal import Decimal

from django import template
from django.utils.html import format_html

from targets import cycle, labels, numbers, presenters
from targets.labels import REPORT_LABELS, STATUS_LABELS, summary_sentence
from targets.progress import displayed

register = template.Library()

EMPTY = "–"


@register.filter
def figure(value) -> str:
    """A stored figure without trailing zeros, grouped: Decimal("12993.0000") -> 12.993."""
    if value is None or value == "":
        return EMPTY
    return numbers.grouped(value)


@register.filter
def shown(value, unit="") -> str:
    """A computed value with the precision its unit needs (targets.progress.displayed):
    13,51 % rather than 13,5067; 21.180,2 tỷ đồng rather than 21.180,212."""
    if value is None or value == "":
        return EMPTY
    return numbers.grouped(displayed(Decimal(value), unit or ""))


@register.simple_tag
def value_of(value, counts, unit) -> str:
    """A computed value as the screens show it: a ratio target's counts with its percentage
    (counted), any other value with the precision its unit needs (shown)."""
    if counts is not None:
        return counted(value, counts)
    return shown(value, unit)


def _written(value, write, empty: str = EMPTY) -> str:
    """`write(value)`, or `empty` where there is no value."""
    return empty if value is None or value == "" else write(value)


@register.filter
def count(value) -> str:
    """A count as people read it, with the thousands separator: 1.584."""
    return _written(value, numbers.grouped)


@register.simple_tag
def count_cell(column, value) -> str:
    """An overview's cell of a count, with its column's key: a page has thousands of them,
    so each is written at once rather than through a dozen template nodes."""
    classes = "num border-start" if column.starts_group else "num"
    return format_html('<td class="{}" data-column="{}">{}</td>', classes, column.key, count(value))


@register.filter
def share_band(value) -> str:
    return presenters.share_band(value)


@register.filter
def pct(value) -> str:
    """A percentage of the engine (already rounded to one decimal): 96,3 % or 151 %."""
    if value is None:
        return EMPTY
    return f"{figure(value)}\N{NO-BREAK SPACE}%"


@register.filter
def counted(value, counts) -> str:
    """A value as the reports print it: a ratio target's counts with the engine's percentage,
    26/27 (96,3 %); any other value as a figure."""
    if counts is None:
        return figure(value)
    return f"{figure(counts.numerator)}/{figure(counts.denominator)} ({pct(value)})"


@register.filter
def status_label(status) -> str:
    return str(STATUS_LABELS.get(status, status))


@register.filter
def report_label(status) -> str:
    return str(REPORT_LABELS.get(status or None, status))


@register.simple_tag
def quarter_label(year, quarter) -> str:
    return labels.quarter_label(year, quarter)


@register.simple_tag
def summary_line(label, counts, total) -> str:
    return summary_sentence(str(label), counts, total)


@register.filter
def figure_input(value) -> str:
    """A figure as it is typed back into the entry form: Vietnamese, without grouping."""
    return _written(value, numbers.typed, "")


@register.filter
def person(user) -> str:
    """Who did a step of the cycle, as its messages name them."""
    return cycle.person_label(user)


@register.filter
def moment(when) -> str:
    """When a step of the cycle was done, as its messages say it."""
    return cycle.moment_label(when)

"""Figures and statuses as a Vietnamese reader expects them: 12.993,5 · 96,3 % · "vượt"."""

from decimal import Decimal

from django import template
from django.utils import numberformat
from django.utils.formats import get_format, number_format

from targets.presenters import REPORT_LABELS, summary_sentence
from targets.rendering import STATUS_LABELS

register = template.Library()

EMPTY = "–"


@register.filter
def figure(value) -> str:
    """A stored figure without trailing zeros, grouped: Decimal("12993.0000") -> 12.993."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, Decimal):
        value = value.normalize()
    return number_format(value, force_grouping=True)


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
def summary_line(label, counts, total) -> str:
    return summary_sentence(str(label), counts, total)


@register.filter
def figure_input(value) -> str:
    """A figure as it is typed back into the entry form: Vietnamese, without grouping."""
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal):
        value = value.normalize()
    return numberformat.format(value, get_format("DECIMAL_SEPARATOR"), use_l10n=False)

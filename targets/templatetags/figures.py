"""Figures and statuses as a Vietnamese reader expects them: 12.993,5 · 96,3 % · "vượt"."""

import functools
from decimal import Decimal
from html import escape

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


@register.simple_tag(takes_context=True)
def overview_cells(context, cells, row=None, total=False) -> str:
    """The cells of an overview's row (`cells`: (column, value) pairs; `row`: its
    CommitteeSummary), or of its totals row (`total`), each written at once: a page has
    thousands of them, and a template partial for each was most of its rendering time."""
    return mark_safe(
        "".join([_overview_cell(context, column, value, row, total) for column, value in cells])
    )


def _overview_cell(context, column, value, row, total: bool) -> str:
    kind = column.kind
    if kind == "count":
        return f"{_count_cell_start(column.key, column.starts_group)}{escape(count(value))}</td>"
    if kind == "share":
        border = " border-start" if column.starts_group else ""
        return (
            f'<td class="num fw-semibold{border}"><span class="share share-'
            f'{escape(share_band(value) or "none")}">{escape(pct(value))}</span></td>'
        )
    if kind == "report":
        if total:
            shown = _not_reported(context, value)
        elif row.imported:
            shown = f'<span class="badge report report-imported">{escape(_("imported"))}</span>'
        else:
            shown = _report_badge(context, row.report_status)
        return f'<td class="border-start">{shown}</td>'
    if kind == "trend":
        if not value:
            return '<td class="trend"></td>'
        label = escape(_("Trend of the term share achieved"))
        return (
            f'<td class="trend"><svg class="app-trend" viewBox="0 0 80 20" role="img" '
            f'aria-label="{label}"><polyline points="{escape(value)}"/></svg></td>'
        )
    if kind == "overdue":
        shown = escape(count(value))
        if value and not total:
            title = ", ".join(
                escape(labels.quarter_label(each_year, each_quarter))
                for each_year, each_quarter in row.overdue
            )
            shown = f'<span class="text-danger fw-semibold" title="{title}">{shown}</span>'
        return f'<td class="num">{shown}</td>'
    return ""


@functools.lru_cache(maxsize=64)
def _count_cell_start(key: str, starts_group: bool) -> str:
    classes = "num border-start" if starts_group else "num"
    return f'<td class="{classes}" data-column="{escape(key)}">'


def _not_reported(context, value: int) -> str:
    """The totals row's report cell, as {% blocktranslate count %} writes it."""
    text = ngettext("%(counter)s not reported", "%(counter)s not reported", value)
    return text % {"counter": render_value_in_context(value, context)}


def _report_badge(context, status: str | None) -> str:
    """A report's badge (the partial the other pages include), rendered once per status and
    page."""
    badges = context.render_context.setdefault("overview_cells:badges", {})
    if status not in badges:
        template = context.template.engine.get_template("targets/partials.html#report_badge")
        with context.push(status=status):
            badges[status] = template.render(context)
    return badges[status]


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

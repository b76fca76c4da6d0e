"""How the screens, exports and documents word things for people: statuses, quarterly reports,
quarters and the summary sentence ("Năm 2020: 15/15 chỉ tiêu đạt, trong đó 7 vượt")."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from targets import progress as engine
from targets.models import QuarterlyReport
from targets.numbers import grouped

# How the screens and the table name each status (the JSON and CSV keep the English words).
STATUS_LABELS = {
    engine.Status.EXCEEDED: gettext_lazy("exceeded"),
    engine.Status.ACHIEVED: gettext_lazy("achieved"),
    engine.Status.ON_TRACK: gettext_lazy("on track"),
    engine.Status.BEHIND: gettext_lazy("behind"),
    engine.Status.NO_DATA: gettext_lazy("no data"),
    engine.Status.NO_PLAN: gettext_lazy("no plan"),
    engine.Status.NOT_DUE: gettext_lazy("not due"),
}

# A committee's quarterly report by its status; None before one is started.
REPORT_LABELS = {
    None: gettext_lazy("not started"),
    **dict(QuarterlyReport.Status.choices),
}


def quarter_label(year: int, quarter: int) -> str:
    """A quarter as every screen writes it: "quý 1/2020"."""
    return _("quarter %(quarter)s/%(year)s") % {"quarter": quarter, "year": year}


def summary_sentence(
    label: str, counts: engine.StatusCounts, total: int, *, in_full: bool = False
) -> str:
    """ "Năm 2020: 15/15 chỉ tiêu đạt, trong đó 7 vượt", as the reports write it; in full, the
    other statuses follow (the plain-text table)."""
    numbers = {key: grouped(value) for key, value in counts.as_dict().items()}
    numbers.update(label=label, total=grouped(total))
    if in_full:
        return (
            _(
                "%(label)s: %(achieved)s/%(total)s targets achieved, of which %(exceeded)s"
                " exceeded; %(on_track)s on track, %(behind)s behind, %(no_data)s without data,"
                " %(no_plan)s without plan, %(not_due)s not due yet"
            )
            % numbers
        )
    return (
        _("%(label)s: %(achieved)s/%(total)s targets achieved, of which %(exceeded)s exceeded")
        % numbers
    )

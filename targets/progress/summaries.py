"""Many targets: counts by status, their totals over committees, shares achieved and their
trend quarter by quarter."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from operator import attrgetter

from targets.progress.inputs import TargetFigures
from targets.progress.quarters import previous_quarter
from targets.progress.statuses import Status, percent
from targets.progress.target import Progress, statuses_apart_over


@dataclass(frozen=True)
class StatusCounts:
    """Counts by status; `achieved` includes `exceeded`, as the reports count them."""

    achieved: int = 0
    exceeded: int = 0
    on_track: int = 0
    behind: int = 0
    no_data: int = 0
    no_plan: int = 0
    not_due: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "achieved": self.achieved,
            "exceeded": self.exceeded,
            "on_track": self.on_track,
            "behind": self.behind,
            "no_data": self.no_data,
            "no_plan": self.no_plan,
            "not_due": self.not_due,
        }


# A StatusCounts' counts in the order of its fields.
_COUNTS_OF = attrgetter(*(field.name for field in fields(StatusCounts)))


def count_statuses(statuses: Iterable[Status]) -> StatusCounts:
    # Counted by tuple.count (an overview counts a few targets thousands of times over).
    statuses = tuple(statuses)
    exceeded = statuses.count(Status.EXCEEDED)
    return StatusCounts(
        achieved=statuses.count(Status.ACHIEVED) + exceeded,
        exceeded=exceeded,
        on_track=statuses.count(Status.ON_TRACK),
        behind=statuses.count(Status.BEHIND),
        no_data=statuses.count(Status.NO_DATA),
        no_plan=statuses.count(Status.NO_PLAN),
        not_due=statuses.count(Status.NOT_DUE),
    )


@dataclass(frozen=True)
class Summary:
    targets: int
    annual: StatusCounts
    term: StatusCounts

    def as_dict(self) -> dict:
        return {
            "targets": self.targets,
            "annual": self.annual.as_dict(),
            "term": self.term.as_dict(),
        }


def summarize(progresses: Sequence[Progress]) -> Summary:
    """ "15/15 chỉ tiêu đạt, trong đó 7 chỉ tiêu vượt": counts for the year and for the term."""
    return Summary(
        targets=len(progresses),
        annual=count_statuses(item.annual_status for item in progresses),
        term=count_statuses(item.term_status for item in progresses),
    )


def summaries_over(
    targets: Iterable[TargetFigures], moments: Sequence[tuple[int, int]]
) -> list[Summary]:
    """The counts of these targets at each of the moments (in their order), as summarize() of
    their progress at each moment: each target's figures read once for all the moments."""
    statuses = [statuses_apart_over(target, moments) for target in targets]
    if not statuses:
        return [summarize([]) for _moment in moments]
    annual, term = zip(*statuses, strict=True)
    # Moment by moment: the statuses of every target there.
    return [
        Summary(
            targets=len(statuses),
            annual=count_statuses(annual_there),
            term=count_statuses(term_there),
        )
        for annual_there, term_there in zip(
            zip(*annual, strict=True), zip(*term, strict=True), strict=True
        )
    ]


def combine(summaries: Iterable[Summary]) -> Summary:
    """The totals row of an overview: the counts of several committees added up."""
    summaries = list(summaries)

    def added(part: str) -> StatusCounts:
        # Column by column (an overview of a country adds up thousands, several times).
        rows = [_COUNTS_OF(getattr(summary, part)) for summary in summaries]
        return StatusCounts(*map(sum, zip(*rows, strict=True))) if rows else StatusCounts()

    return Summary(
        targets=sum(summary.targets for summary in summaries),
        annual=added("annual"),
        term=added("term"),
    )


def own_counts(counts: StatusCounts) -> dict[Status, int]:
    """Each status's own count, "achieved" without the exceeded: every target is counted once,
    so the counts add up to the number of targets."""
    own = {Status(key): value for key, value in counts.as_dict().items()}
    own[Status.ACHIEVED] -= counts.exceeded
    return own


def share_of(count: int, total: int) -> Decimal | None:
    """A count as a percentage of a total, one decimal; None for no total."""
    return percent(Decimal(count), Decimal(total))


def share_achieved(counts: StatusCounts, total: int) -> Decimal | None:
    """Achieved (including exceeded) as a percentage of the targets, one decimal."""
    if total == 0:
        return None
    return percent(Decimal(counts.achieved), Decimal(total))


TREND_QUARTERS = 8  # the quarters a trend looks back over, the moment's included


def trend_quarters(
    start_year: int, year: int, quarter: int, count: int = TREND_QUARTERS, start_quarter: int = 1
) -> list[tuple[int, int]]:
    """The last `count` quarters of a term up to the moment, oldest first, from the term's
    start quarter at the earliest (the quarters it reports)."""
    quarters = [(year, quarter)]
    while len(quarters) < count:
        previous = previous_quarter(*quarters[-1])
        if previous < (start_year, start_quarter):
            break
        quarters.append(previous)
    return quarters[::-1]


@dataclass(frozen=True)
class TrendPoint:
    """The share achieved (exceeded included) at the end of one quarter, for the year and for
    the term."""

    year: int
    quarter: int
    annual_share: Decimal | None
    term_share: Decimal | None


def share_trend(summaries: Iterable[tuple[tuple[int, int], Summary]]) -> list[TrendPoint]:
    """The share achieved quarter by quarter, from the counts at each quarter."""
    return [
        TrendPoint(
            year=year,
            quarter=quarter,
            annual_share=share_achieved(summary.annual, summary.targets),
            term_share=share_achieved(summary.term, summary.targets),
        )
        for (year, quarter), summary in summaries
    ]

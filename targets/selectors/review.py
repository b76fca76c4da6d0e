"""The reviewer's inbox: the submitted quarters waiting, and what deserves a look in each."""

from __future__ import annotations

from collections import defaultdict

from django.db import connection

from districts.models import Viewer, reviewed_ids_of
from targets import progress as engine
from targets.models import Figure, QuarterlyReport, Target


def reports_to_review(user) -> list[QuarterlyReport]:
    """The submitted quarters of the committees the user reviews, oldest first."""
    return list(QuarterlyReport.objects.waiting_for(user).for_inbox())


def review_flags(reports: list[QuarterlyReport]) -> dict[int, engine.ReviewFlags]:
    """The engine's review flags of each report's quarter, by report id: two queries whatever
    the number of reports (their terms' targets, and the figures of their quarters and the
    quarters before)."""
    if not reports:
        return {}
    term_ids = {report.term_id for report in reports}
    targets = defaultdict(list)
    for pk, term_id, frequency in Target.objects.filter(term_id__in=term_ids).values_list(
        "pk", "term_id", "frequency"
    ):
        targets[term_id].append((pk, frequency))
    figures = defaultdict(dict)
    for target_id, term_id, year, quarter, value, is_estimate in Figure.objects.of_reports(reports):
        figures[term_id, year, quarter][target_id] = (value, is_estimate)
    flags = {}
    for report in reports:
        previous = engine.previous_quarter(report.year, report.quarter)
        before = figures.get((report.term_id, *previous), {})
        # A quarter asks only for the targets due in it, as its entry page does.
        due = [
            pk
            for pk, frequency in targets[report.term_id]
            if engine.is_due(frequency, report.quarter)
        ]
        flags[report.pk] = engine.review_flags(
            due,
            figures.get((report.term_id, report.year, report.quarter), {}),
            {target_id: value for target_id, (value, _estimate) in before.items()},
        )
    return flags


def waiting_for_review(user) -> int:
    """How many submitted quarters wait for this reviewer: the header's count on every page a
    reviewer opens, so one query written in SQL (the ORM took a millisecond to build it)."""
    if not user.is_authenticated:
        return 0
    sql, params = waiting_sql(Viewer.of(user))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def waiting_sql(viewer: Viewer) -> tuple[str, list]:
    """The SQL of waiting_for_review() for an authenticated user given in SQL (Viewer), with its
    parameters (a committee page reads it as a column of its first statement)."""
    reviewed, extra = reviewed_ids_of(viewer)
    # The status is written into the statement, not passed: a statement prepared once and
    # planned for any parameters (a generic plan) can then count through the partial index
    # of submitted reports (targets_report_submitted) instead of reading every report.
    sql = (
        f"SELECT COUNT(*) FROM {QuarterlyReport._meta.db_table}"
        f" WHERE status = '{QuarterlyReport.Status.SUBMITTED.value}'"
        f" AND ({viewer.superuser} OR committee_id IN ({reviewed}))"
    )
    return sql, [*viewer.superuser_params, *extra]


def request_waiting(request, where) -> int:
    """waiting_for_review() of the request's user if they review (`where`, their standing,
    says so), read once however many parts of a page ask for it."""
    user = request.user
    memo = getattr(request, "_waiting_for_review", None)
    if memo is None or memo[0] is not user:
        reviews = where is not None and where.reviews
        memo = request._waiting_for_review = (user, waiting_for_review(user) if reviews else 0)
    return memo[1]


def remember_waiting(request, where, count: int) -> None:
    """request_waiting() of this request is `count` (read with the page's committee) if the
    user reviews."""
    request._waiting_for_review = (request.user, count if where and where.reviews else 0)

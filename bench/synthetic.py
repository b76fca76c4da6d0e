"""Synthetic committees for the benchmarks, written in bulk and removed in bulk.

Every committee gets the same term (2025-2030) with T targets, plans for 2025-2027 and figures
for their twelve quarters; most quarters are approved, the last one partly reported. Rows are
written with bulk_create in chunks of committees (no history: nobody changed them), so that the
national volume (3,300 committees, 990,000 figures) fits in memory; they are removed with one
DELETE per table, in the order the foreign keys need, without loading a row.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.db.models import Q

from districts.models import Committee, Membership, Term
from targets.models import AnnualPlan, Figure, Programme, QuarterlyReport, Target

PREFIX = "BENCH"
START_YEAR, END_YEAR = 2025, 2030
YEARS_WITH_FIGURES = (2025, 2026, 2027)
CHUNK = 100  # committees written at a time


def build_root(code: str, name: str) -> tuple[Committee, Term]:
    root = Committee.objects.create(code=code, name=name, level="city")
    term = Term.objects.create(committee=root, start_year=START_YEAR, end_year=END_YEAR, congress=1)
    return root, term


def build_committees(root: Committee, count: int, targets: int, seed: int = 2025) -> int:
    """`count` committees directly under `root`, coded ROOT-0001…; returns the figures written."""
    rng = random.Random(seed)
    written = 0
    for first in range(1, count + 1, CHUNK):
        numbers = range(first, min(first + CHUNK, count + 1))
        with transaction.atomic():
            written += _chunk(root, numbers, targets, rng)
    return written


def analyze() -> None:
    """The database as one in service is after a bulk load (PostgreSQL): fresh planner
    statistics and, outside a transaction, the new rows vacuumed (their hint bits and the
    visibility map set) and written out by a checkpoint, so that the pages timed next do not
    share the machine with the database catching up on a million fresh rows."""
    if connection.vendor != "postgresql":
        return
    settle = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in (Committee, Term, Target, AnnualPlan, Figure, QuarterlyReport):
            cursor.execute(f"{settle} {connection.ops.quote_name(model._meta.db_table)}")
    if connection.in_atomic_block:
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError:  # a role without the right to ask for one: the server does it later
        pass


def build_wards(root: Committee, numbers: range) -> list[Term]:
    """Wards ROOT-0001… under `root`, each with the term 2025-2030; their terms."""
    wards = Committee.objects.bulk_create(
        Committee(code=f"{root.code}-{number:04d}", name=f"Phường {number:04d}", level="ward",
                  parent=root)
        for number in numbers
    )  # fmt: skip
    return Term.objects.bulk_create(
        Term(committee=ward, start_year=START_YEAR, end_year=END_YEAR, congress=1) for ward in wards
    )


def _chunk(root: Committee, numbers: range, targets: int, rng: random.Random) -> int:
    terms = build_wards(root, numbers)
    target_rows = Target.objects.bulk_create(
        Target(
            term=term,
            code=f"CT{number:02d}",
            name=f"Chỉ tiêu {number}",
            group=Target.Group.SOCIO_ECONOMIC,
            unit="tỷ đồng",
            aggregation=(Target.Aggregation.SUM, Target.Aggregation.LATEST)[number % 2],
            term_target=Decimal(1200),
        )
        for term in terms
        for number in range(1, targets + 1)
    )
    plans, figures = [], []
    for target in target_rows:
        for year in YEARS_WITH_FIGURES:
            plans.append(AnnualPlan(target=target, year=year, value=Decimal(200)))
            for quarter in range(1, 5):
                value = Decimal(rng.randint(300, 700)) / 10
                figures.append(Figure(target=target, year=year, quarter=quarter, value=value))
    AnnualPlan.objects.bulk_create(plans, batch_size=5000)
    Figure.objects.bulk_create(figures, batch_size=5000)
    last = (YEARS_WITH_FIGURES[-1], 4)
    QuarterlyReport.objects.bulk_create(
        QuarterlyReport(
            committee=term.committee,
            term=term,
            year=year,
            quarter=quarter,
            status=QuarterlyReport.Status.APPROVED,
        )
        for term in terms
        for year in YEARS_WITH_FIGURES
        for quarter in range(1, 5)
        if (year, quarter) != last or term.committee.pk % 3
    )
    return len(figures)


def remove(prefix: str = PREFIX, usernames: tuple[str, ...] = ()) -> None:
    """Every row of the committees whose code starts with `prefix`, and these users: one
    DELETE per table (children first), no row loaded, no history row written. The history rows
    that pages or writes may have made for these rows go too."""
    committees = Committee.objects.filter(code__startswith=prefix)
    terms = Term.objects.filter(committee__in=committees)
    targets = Target.objects.filter(term__in=terms)
    with transaction.atomic():
        for model, lookup in (
            (Figure, "target_id__in"),
            (AnnualPlan, "target_id__in"),
        ):
            _raw_delete(model.history.filter(**{lookup: targets.values("pk")}))
            _raw_delete(model.objects.filter(**{lookup: targets.values("pk")}))
        _raw_delete(QuarterlyReport.history.filter(term_id__in=terms.values("pk")))
        _raw_delete(QuarterlyReport.objects.filter(term__in=terms))
        # Targets that point at these as their parent (none outside the benchmark's) and the
        # targets themselves, with their history.
        Target.objects.filter(parent__in=targets).exclude(term__in=terms).update(parent=None)
        _raw_delete(Target.history.filter(term_id__in=terms.values("pk")))
        _raw_delete(Target.objects.filter(term__in=terms))
        _raw_delete(Programme.objects.filter(term__in=terms))
        _raw_delete(Term.objects.filter(committee__in=committees))
        _raw_delete(Membership.objects.filter(committee__in=committees))
        Committee.objects.filter(code__startswith=prefix).update(parent=None)
        _raw_delete(Committee.objects.filter(code__startswith=prefix))
        users = get_user_model().objects.filter(Q(username__in=usernames))
        users.delete()


def _raw_delete(queryset) -> int:
    """DELETE … WHERE …, without Django's collector (which loads every row to cascade and to
    write a history row per deleted figure)."""
    return queryset._raw_delete(queryset.db)

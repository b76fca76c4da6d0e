"""Small builders for test data: each makes one valid row with sensible defaults."""

from decimal import Decimal
from itertools import count

from django.contrib.auth import get_user_model

from districts.models import Committee, Membership, Term
from targets.models import AnnualPlan, Figure, Programme, QuarterlyReport, Revision, Target

_sequence = count(1)


def make_user(username: str | None = None, **fields):
    username = username or f"user{next(_sequence)}"
    user = get_user_model().objects.create_user(
        username=username, password="secret-pass-1", **fields
    )
    return user


def make_committee(code: str | None = None, parent: Committee | None = None, **fields) -> Committee:
    code = code or f"C{next(_sequence)}"
    fields.setdefault("name", f"Đảng bộ {code}")
    fields.setdefault("level", Committee.Level.URBAN_DISTRICT if parent else Committee.Level.CITY)
    return Committee.objects.create(code=code, parent=parent, **fields)


def make_term(
    committee: Committee | None = None, start_year=2020, end_year=2025, congress=6
) -> Term:
    committee = committee or make_committee()
    return Term.objects.create(
        committee=committee, start_year=start_year, end_year=end_year, congress=congress
    )


def make_membership(user, committee: Committee, role=Membership.Role.VIEWER) -> Membership:
    return Membership.objects.create(user=user, committee=committee, role=role)


def make_programme(term: Term, number: int = 1, name: str = "Chương trình") -> Programme:
    return Programme.objects.create(term=term, number=number, name=name)


def make_target(term: Term | None = None, code: str | None = None, **fields) -> Target:
    term = term or make_term()
    fields.setdefault("name", "Thu ngân sách nhà nước trên địa bàn")
    fields.setdefault("group", Target.Group.SOCIO_ECONOMIC)
    fields.setdefault("unit", "tỷ đồng")
    fields.setdefault("aggregation", Target.Aggregation.SUM)
    fields.setdefault("direction", Target.Direction.UP)
    return Target.objects.create(term=term, code=code or f"CT{next(_sequence):02d}", **fields)


def make_plan(target: Target, year: int, value) -> AnnualPlan:
    return AnnualPlan.objects.create(target=target, year=year, value=Decimal(str(value)))


def make_figure(target: Target, year: int, quarter: int, value, **fields) -> Figure:
    return Figure.objects.create(
        target=target, year=year, quarter=quarter, value=Decimal(str(value)), **fields
    )


def make_ratio_target(term: Term | None = None, code: str | None = None, **fields) -> Target:
    fields.setdefault("name", "Trường công lập đạt chuẩn quốc gia")
    fields.setdefault("unit", "trường")
    fields.setdefault("group", Target.Group.SOCIO_ECONOMIC)
    return make_target(term, code, aggregation=Target.Aggregation.RATIO, **fields)


def make_ratio_figure(
    target: Target, year: int, quarter: int, numerator, denominator, **fields
) -> Figure:
    """A ratio target's figure: its counts, and the value the model derives from them."""
    figure = Figure(target=target, year=year, quarter=quarter, **fields)
    figure.set_counts(Decimal(str(numerator)), Decimal(str(denominator)))
    figure.full_clean()
    figure.save()
    return figure


def make_revision(
    target: Target, value, from_year: int, from_quarter: int, basis="NQ 15-NQ/QU", **fields
) -> Revision:
    return Revision.objects.create(
        target=target,
        value=Decimal(str(value)),
        from_year=from_year,
        from_quarter=from_quarter,
        basis=basis,
        **fields,
    )


def make_report(term: Term, year: int, quarter: int, **fields) -> QuarterlyReport:
    return QuarterlyReport.objects.create(
        committee=term.committee, term=term, year=year, quarter=quarter, **fields
    )

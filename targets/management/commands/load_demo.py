import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from districts.models import Committee, Membership, Term
from targets import demo
from targets.models import AnnualPlan, Figure, Programme, QuarterlyReport, Revision, Target
from targets.progress import stored_ratio_value
from targets.progress_cache import data_changed


class Command(BaseCommand):
    help = (
        "Fill the database with the demo: the city, the five seed committees, their targets, "
        "figures 2020–2022 and one user per role. Running it again leaves the same data."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            users = _load_users()
            committees = _load_committees(users)
            for spec in demo.COMMITTEES:
                _load_committee_term(spec, committees[spec.code], users)
            for spec in demo.PRESENT_COMMITTEES:
                _load_present_term(spec, committees[spec.code], users)
            # Written without the services: no running server may keep results cached before.
            data_changed(Term.objects.values_list("pk", flat=True))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {Committee.objects.count()} committees, "
                f"{Target.objects.count()} targets, {Figure.objects.count()} figures."
            )
        )
        names = ", ".join(username for username, *_rest in demo.USERS)
        self.stdout.write(f"Users: {names}; password: {demo.DEMO_PASSWORD}")


def _sync(model, lookup: dict, values: dict, user=None, when=None):
    """Create the row, or update it only where it differs, so that a second run neither
    changes data nor adds history. A new row's history is dated `when` if given (the demo's
    figures were entered after their quarter ended, not when the demo was loaded)."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        if when is not None:
            instance._history_date = when
    elif all(getattr(instance, name) == value for name, value in values.items()):
        return instance
    else:
        for name, value in values.items():
            setattr(instance, name, value)
    if user is not None:
        instance._history_user = user
    instance.full_clean(exclude=["password"])
    instance.save()
    return instance


def _load_groups() -> dict:
    groups = {}
    for role, (name, codenames) in demo.ROLE_GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = {
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in codenames
        }
        if set(group.permissions.all()) != wanted:
            group.permissions.set(wanted)
        groups[role] = group
    return groups


def _load_users() -> dict:
    user_model = get_user_model()
    groups = _load_groups()
    users = {}
    for username, full_name, is_superuser, is_staff, _code, role in demo.USERS:
        user = _sync(
            user_model,
            {"username": username},
            {
                "first_name": full_name,
                # Reminders of overdue quarters go to this address (printed to the console).
                "email": f"{username}@{demo.DEMO_MAIL_DOMAIN}",
                "is_superuser": is_superuser,
                "is_staff": is_staff,
                "is_active": True,
            },
        )
        if not user.check_password(demo.DEMO_PASSWORD):
            user.set_password(demo.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if role and set(user.groups.all()) != {groups[role]}:
            user.groups.set([groups[role]])
        users[username] = user
    return users


def _load_committees(users: dict) -> dict:
    committees = {}
    for spec in demo.COMMITTEES:  # parents come first in the list
        committees[spec.code] = _sync(
            Committee,
            {"code": spec.code},
            {
                "name": spec.name,
                "level": spec.level,
                "parent": committees[spec.parent] if spec.parent else None,
            },
        )
    for spec in demo.PRESENT_COMMITTEES:
        if spec.code not in committees:
            committees[spec.code] = _sync(
                Committee,
                {"code": spec.code},
                {"name": spec.name, "level": spec.level, "parent": committees[spec.parent]},
            )
    memberships = [(username, code, role) for username, *_r, code, role in demo.USERS if code]
    for username, code, role in memberships + demo.PRESENT_MEMBERSHIPS:
        _sync(Membership, {"user": users[username], "committee": committees[code]}, {"role": role})
    return committees


def _load_committee_term(spec: demo.CommitteeSpec, committee: Committee, users: dict) -> None:
    """A district's term 2020–2025: programmes, targets, plans, figures through 2022 Q4 and
    the reports."""
    admin = users["admin"]
    editor = next(
        (
            users[name]
            for name, *_r, code, role in demo.USERS
            if code == spec.code and role == "editor"
        ),
        admin,
    )
    term, programmes = _load_term(
        committee, demo.START_YEAR, demo.END_YEAR, spec.congress, demo.PROGRAMMES[: spec.programmes]
    )
    city_targets = _city_targets(
        spec.parent, demo.START_YEAR, demo.committee_targets(demo.COMMITTEES[0])
    )
    for data in demo.committee_targets(spec):
        item = data.item
        programme = programmes.get(data.programme)
        target = _sync_target(term, data, admin, programme, "quarter", city_targets)
        for (year, quarter), value in sorted(data.quarters.items()):
            extra = {
                "is_estimate": (year, quarter) in data.estimates,
                "note": data.notes.get((year, quarter), ""),
            }
            _sync_figure(target, year, quarter, value, item.denominator, editor, **extra)
    moments = [(year, quarter) for year in demo.DEMO_YEARS for quarter in (1, 2, 3, 4)]
    for year, quarter in moments:
        status = demo.LATEST_REPORTS[spec.code] if (year, quarter) == moments[-1] else "approved"
        _sync_report(committee, term, year, quarter, status, editor, users["tonghop"])


def _load_present_term(spec: demo.PresentSpec, committee: Committee, users: dict) -> None:
    """A committee's term 2025–2030: programmes, targets (contributing to the city's), plans,
    figures of their due quarters through 2026 Q3, the revision and the reports."""
    admin, reviewer = users["admin"], users["tonghop"]
    editor = next(
        (users[name] for name, code, role in demo.PRESENT_MEMBERSHIPS if code == spec.code),
        admin,
    )
    term, programmes = _load_term(
        committee,
        demo.PRESENT_START,
        demo.PRESENT_END,
        spec.congress,
        demo.PRESENT_PROGRAMMES,
        start_quarter=demo.PRESENT_START_QUARTER,
    )
    city_targets = _city_targets(
        spec.parent, demo.PRESENT_START, demo.present_targets(demo.PRESENT_COMMITTEES[0])
    )
    revisions = {(each.committee, each.key): each for each in demo.PRESENT_REVISIONS}
    for data in demo.present_targets(spec):
        item = data.item
        programme = programmes[item.programme]
        target = _sync_target(term, data, admin, programme, item.frequency, city_targets)
        for (year, quarter), value in sorted(data.values.items()):
            _sync_figure(target, year, quarter, value, data.denominator, editor)
        revision = revisions.get((spec.code, data.key))
        if revision is not None:
            _sync_revision(target, revision, data, reviewer)
    for year, quarter in demo.PRESENT_QUARTERS:
        status = "approved"
        if (year, quarter) == demo.PRESENT_QUARTERS[-1]:
            status = spec.report_2026_q3
        _sync_report(committee, term, year, quarter, status, editor, reviewer)


def _load_term(
    committee, start: int, end: int, congress: int, names, start_quarter: int = 1
) -> tuple[Term, dict]:
    """The committee's term (reporting from `start_quarter` of its first year) and its
    programmes, by number."""
    term = _sync(
        Term,
        {"committee": committee, "start_year": start},
        {"end_year": end, "congress": congress, "start_quarter": start_quarter},
    )
    programmes = {
        number: _sync(Programme, {"term": term, "number": number}, {"name": name})
        for number, name in enumerate(names, start=1)
    }
    return term, programmes


def _city_targets(parent: str | None, start: int, city_data) -> dict:
    """The targets of the parent committee's term that this committee's contribute to, by key."""
    if not parent:
        return {}
    city_term = Term.objects.get(committee__code=parent, start_year=start)
    return {data.key: Target.objects.get(term=city_term, code=data.code) for data in city_data}


def _sync_target(term, data, admin, programme, frequency: str, city_targets: dict) -> Target:
    """A target of the term, contributing to the city's of the same key, with its plans."""
    item = data.item
    target = _sync(
        Target,
        {"term": term, "code": data.code},
        {"name": item.name, "group": item.group, "unit": item.unit,
         "aggregation": item.aggregation, "direction": item.direction, "frequency": frequency,
         "baseline": data.baseline, "term_target": data.term_target, "programme": programme,
         "parent": city_targets.get(data.key)},
        admin,
    )  # fmt: skip
    for year, value in data.plans.items():
        _sync(AnnualPlan, {"target": target, "year": year}, {"value": value}, admin)
    return target


def _sync_figure(target, year, quarter, value, denominator, editor, **extra) -> None:
    fields = _figure_fields(target.aggregation, value, denominator)
    fields.update({"is_estimate": False, "note": "", **extra, "updated_by": editor})
    entered = _quarter_end(year, quarter) + datetime.timedelta(days=7)
    _sync(Figure, {"target": target, "year": year, "quarter": quarter}, fields, editor, entered)


def _sync_revision(target, revision, data, reviewer) -> None:
    original = data.plans[revision.plan_year] if revision.plan_year else data.term_target
    _sync(
        Revision,
        {
            "target": target,
            "plan_year": revision.plan_year,
            "from_year": revision.from_year,
            "from_quarter": revision.from_quarter,
        },
        {
            "value": (original * revision.factor).quantize(Decimal("0.1")),
            "basis": revision.basis,
            "created_by": reviewer,
        },
        reviewer,
    )


def _figure_fields(aggregation: str, value, denominator: int) -> dict:
    """A figure's stored fields: a ratio's counts and the engine's value of them, or the
    value itself."""
    if aggregation != "ratio":
        return {"value": value, "numerator": None, "denominator": None}
    return {
        "value": stored_ratio_value(value, Decimal(denominator)),
        "numerator": value,
        "denominator": Decimal(denominator),
    }


def _sync_report(committee, term, year, quarter, status, editor, reviewer) -> None:
    if status is None:
        QuarterlyReport.objects.filter(term=term, year=year, quarter=quarter).delete()
        return
    quarter_end = _quarter_end(year, quarter)
    submitted = status != "draft"
    reviewed = status == "approved"
    lookup = {"committee": committee, "term": term, "year": year, "quarter": quarter}
    values = {
        "status": status,
        "submitted_by": editor if submitted else None,
        "submitted_at": quarter_end + datetime.timedelta(days=10) if submitted else None,
        "reviewed_by": reviewer if reviewed else None,
        "reviewed_at": quarter_end + datetime.timedelta(days=15) if reviewed else None,
    }
    if not QuarterlyReport.objects.filter(**lookup).exists():
        _report_steps(lookup, values, editor, reviewer, quarter_end)
    _sync(QuarterlyReport, lookup, values, editor)


def _report_steps(lookup: dict, values: dict, editor, reviewer, quarter_end) -> None:
    """A new report's history as the cycle would have written it: the draft started by the
    editor a week after the quarter ended, then submitted by them and approved by the
    reviewer at the report's own times."""
    report = QuarterlyReport(**lookup, status=QuarterlyReport.Status.DRAFT)
    steps = [(editor, quarter_end + datetime.timedelta(days=7), _("Draft started"))]
    if values["submitted_at"]:
        steps.append((editor, values["submitted_at"], _("Submitted for review")))
    if values["reviewed_at"]:
        steps.append((reviewer, values["reviewed_at"], _("Approved")))
    for index, (user, when, reason) in enumerate(steps):
        if index == 1:
            report.status = QuarterlyReport.Status.SUBMITTED
            report.submitted_by, report.submitted_at = editor, values["submitted_at"]
        elif index == 2:
            report.status = QuarterlyReport.Status.APPROVED
            report.reviewed_by, report.reviewed_at = reviewer, values["reviewed_at"]
        report._history_user, report._history_date, report._change_reason = user, when, reason
        report.full_clean()
        report.save()


def _quarter_end(year: int, quarter: int) -> datetime.datetime:
    first_of_next = (
        datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    )
    day = first_of_next - datetime.timedelta(days=1)
    return datetime.datetime(
        day.year, day.month, day.day, 9, 0, tzinfo=ZoneInfo(settings.TIME_ZONE)
    )

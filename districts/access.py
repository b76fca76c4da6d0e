"""Who may do what (DESIGN.md "Who may do what"), through memberships.

A membership covers its committee and every committee below it. Viewers see; editors enter and
submit the figures of their own committee; reviewers approve or return the quarters of the
committees below theirs; superusers (admins) do everything, including reopening an approved
quarter. A user who may not see a committee gets 404; one who may see but not act gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from districts import rows
from districts.models import (
    Committee,
    Membership,
    Term,
    Viewer,
    covered_ids_of,
    with_ancestors,
)

ADMIN_ROLE_LABEL = _("Administrator")

# Where a committee may be placed (the admin and the imports give the same refusals).
ADD_UNDER_YOURS = _("You may only add committees under the ones you are responsible for.")
MOVE_UNDER_YOURS = _("You may only move a committee under one you are responsible for.")
UNDER_ITSELF = _("A committee cannot be placed under itself.")
# Who may grant a membership (the admin's membership form gives these refusals).
NOT_YOUR_OWN = _("You may not grant or change your own memberships; ask an administrator.")
ROLE_NOT_YOURS = _(
    "You may only grant a role you hold yourself at this committee or at one above it."
)


@dataclass(frozen=True)
class Rights:
    """What a user may do at one committee."""

    see: bool
    enter: bool  # enter, save and submit the committee's figures
    review: bool  # approve or return the committee's submitted quarters
    reopen: bool  # reopen an approved quarter (admins only)
    # enter revisions of the committee's targets and plans (reviewers there or above, admins)
    revise: bool = False


# An administrator's rights, everywhere; also those of a command run as the system.
FULL_RIGHTS = Rights(see=True, enter=True, review=True, reopen=True, revise=True)


def rights(user, committee: Committee) -> Rights:
    """The user's rights at a committee from their memberships there and above it: one query."""
    if not user.is_authenticated or user.is_superuser:
        return rights_held(user, committee, [])
    held = list(
        Membership.objects.filter(
            user=user, committee__in=Committee.objects.above(committee)
        ).values_list("committee_id", "role")
    )
    return rights_held(user, committee, held)


def rights_held(user, committee: Committee, held: list[tuple[int, str]]) -> Rights:
    """The user's rights at a committee, given their memberships (committee id, role) at it
    and above it."""
    if not user.is_authenticated:
        return Rights(see=False, enter=False, review=False, reopen=False)
    if user.is_superuser:
        return FULL_RIGHTS
    own = {role for committee_id, role in held if committee_id == committee.pk}
    above = {role for committee_id, role in held if committee_id != committee.pk}
    return Rights(
        see=bool(held),
        enter=Membership.Role.EDITOR in own,
        review=Membership.Role.REVIEWER in above,
        reopen=False,
        revise=Membership.Role.REVIEWER in own | above,
    )


def require(allowed: bool) -> None:
    """403 for a user who may see the committee but not do this."""
    if not allowed:
        raise PermissionDenied(_("You may see this committee's figures but not change them."))


@dataclass(frozen=True)
class Standing:
    """Where a user stands: the committee shown in the header, the role there, and whether
    their home page is an overview (a committee with committees below) or a dashboard."""

    committee: Committee | None
    role_label: str
    sees_overview: bool
    reviews: bool = False


LEVEL_RANK = {level: rank for rank, level in enumerate(Committee.Level.values)}


def request_standing(request) -> Standing | None:
    """`standing(request.user)`, read once however many parts of a page ask for it."""
    user = request.user
    memo = getattr(request, "_standing", None)
    if memo is None or memo[0] is not user:
        memo = request._standing = (user, standing(user))
    return memo[1]


def remember_standing(request, where: Standing | None) -> None:
    """request_standing() of this request is `where`, read with the page's committee."""
    request._standing = (request.user, where)


def standing(user) -> Standing | None:
    """The user's highest membership (by the level of its committee), in one query.

    Superusers without a membership stand at the top committee as administrators.
    """
    if not user.is_authenticated:
        return None
    records = _standing_rows(user.pk, timezone.localdate().year, with_top=user.is_superuser)
    return standing_of(user, records)


def standing_of(user, records: list[tuple[str | None, Committee, bool, bool]]) -> Standing:
    """Where an authenticated user stands, from their memberships (role, committee, whether it
    has committees below, whether it has a term running this year), then for a superuser the
    first committee at the top (role None)."""
    memberships = [row for row in records if row[0] is not None]
    if memberships:
        # A committee of the present term comes first: since the 2025 reform an editor of an
        # old district edits the ward of the same name, and opens on the ward.
        role, committee, has_children, _in_present = min(
            memberships,
            key=lambda row: (not row[3], LEVEL_RANK.get(row[1].level, 99), row[1].code),
        )
        return Standing(
            committee=committee,
            role_label=str(Membership.Role(role).label),
            sees_overview=has_children,
            reviews=any(row[0] == Membership.Role.REVIEWER for row in memberships),
        )
    if user.is_superuser:
        top = next((row[1] for row in records), None)
        return Standing(
            committee=top,
            role_label=str(ADMIN_ROLE_LABEL),
            sees_overview=bool(records and records[0][2]),
            reviews=True,
        )
    return Standing(committee=None, role_label="", sees_overview=False)


# Every page's header reads where its user stands. This read is written in SQL: the ORM took
# milliseconds to build it (its subqueries), many times what it costs the database.
def _standing_rows(
    user_id: int, year: int, with_top: bool
) -> list[tuple[str | None, Committee, bool, bool]]:
    """The user's memberships: role, committee, whether it has committees below, whether it
    has a term running in `year`. With `with_top`, then the first committee at the top (role
    None), where a superuser without a membership stands."""
    committees = Committee._meta.db_table
    sql = (
        f"SELECT m.role, {_facts()} FROM {Membership._meta.db_table} m"
        f" JOIN {committees} c ON c.id = m.committee_id WHERE m.user_id = %s"
    )
    params = [year, year, user_id]
    if with_top:
        sql += (
            f" UNION ALL SELECT NULL, {_facts()} FROM {committees} c"
            f" WHERE c.id = (SELECT id FROM {committees} WHERE parent_id IS NULL"
            " ORDER BY code LIMIT 1)"
        )
        params += [year, year]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        records = cursor.fetchall()
    width = len(rows.fields(Committee))
    return [
        (
            row[0],
            rows.instance(Committee, row[1 : width + 1]),
            bool(row[width + 1]),
            bool(row[width + 2]),
        )
        for row in records
    ]


def _facts() -> str:
    """A committee's columns (as `c`), whether it has committees below and whether it has a
    term running in a year (two parameters: the year, twice)."""
    committees, terms = Committee._meta.db_table, Term._meta.db_table
    # Each a search of one row by an index. As EXISTS, PostgreSQL may hash the whole table
    # instead. And since most committees share a parent (at national volume 3,300 wards under
    # one root), it expects `parent_id = c.id` to match half the table and reads the table from
    # its start to the first match: all of it for a ward, which has no committee below. Said as
    # a range (the same rows), the condition is expected to match few, and the index is used.
    return (
        f"{rows.columns(Committee, 'c')},"
        f" (SELECT 1 FROM {committees} below"
        " WHERE below.parent_id >= c.id AND below.parent_id <= c.id LIMIT 1) IS NOT NULL,"
        f" (SELECT 1 FROM {terms} r WHERE r.committee_id = c.id"
        " AND r.start_year <= %s AND r.end_year >= %s LIMIT 1) IS NOT NULL"
    )


@dataclass(frozen=True)
class CommitteePage:
    """What every committee page reads before its own data (visible_committee_page)."""

    committee: Committee  # with has_children
    terms: list[Term]  # newest first
    rights: Rights
    standing: Standing
    column: object  # the value of the caller's column


# A scalar column of a committee page's caller: its SQL and parameters, or what gives them for
# a user given in SQL (targets.selectors.waiting_sql: the header's count).
Column = tuple[str, list] | Callable[[Viewer], tuple[str, list]]


def read_page_with_session(request, code: str, column: Column) -> None:
    """Have the request's session read the committee page's first statement (the one of
    visible_committee_page) with itself, if it is not read yet: one statement and one round
    trip for both, for the user the session names (districts.sessions). Call it before anything
    reads the session; visible_committee_page() then takes the rows read with it, if they are
    for its user."""
    read_along = getattr(getattr(request, "session", None), "read_along", None)
    if read_along is not None and "\x00" not in code:
        read_along(lambda viewer: committee_page_statement(viewer, code, column))


def visible_committee_page(user, code: str, column: Column, session=None) -> CommitteePage:
    """The committee with this code if the user's memberships cover it (404 otherwise) with
    its terms, the user's rights there, where the user stands (the header) and the value of a
    scalar `column` of the caller's: one statement, written in SQL, as every committee page
    starts with it (the ORM took longer to build it than to run it, and under load each round
    trip to the database waits for a core). Read with the `session` if it read it for this
    user (read_page_with_session), otherwise now."""
    if "\x00" in code or not user.is_authenticated:  # a NUL cannot be in a code
        raise Http404(_("No such committee."))
    rows_along = getattr(session, "rows_along", None)
    records = rows_along(user) if rows_along is not None else None
    if records is None:
        records = rows.prepared_rows(*committee_page_statement(Viewer.of(user), code, column))
    return _committee_page(user, records)


def committee_page_statement(viewer: Viewer, code: str, column: Column) -> tuple[str, list]:
    """The SQL and parameters of visible_committee_page()'s statement, for a user given in SQL:
    the one rule of what a committee page reads of who may see it, whoever runs it."""
    year = timezone.localdate().year
    committees, terms = Committee._meta.db_table, Term._meta.db_table
    no_term = ", ".join(["NULL"] * len(rows.fields(Term)))
    column_sql, column_params = column(viewer) if callable(column) else column
    covered, covered_params = covered_ids_of(viewer)
    # Rows of three kinds, told apart by their first column: the committee with each of its
    # terms, if the user's memberships cover it (a superuser's: every committee); each of the
    # user's memberships, and whether it is at the committee or above it; for a superuser, the
    # first committee at the top (where one without a membership stands).
    sql = (
        f"SELECT 'page', NULL, {_facts()}, NULL, {rows.columns(Term, 't')}, ({column_sql})"
        f" FROM {committees} c LEFT JOIN {terms} t ON t.committee_id = c.id WHERE c.code = %s"
        f" AND ({viewer.superuser} OR c.id IN ({covered}))"
        f" UNION ALL SELECT 'member', m.role, {_facts()},"
        f" m.committee_id IN ({with_ancestors('code = %s')}), {no_term}, NULL"
        f" FROM {Membership._meta.db_table} m JOIN {committees} c ON c.id = m.committee_id"
        f" WHERE m.user_id = {viewer.id}"
        f" UNION ALL SELECT 'top', NULL, {_facts()}, NULL, {no_term}, NULL FROM {committees} c"
        f" WHERE {viewer.superuser} AND c.id = (SELECT id FROM {committees}"
        " WHERE parent_id IS NULL ORDER BY code LIMIT 1)"
    )
    params = [
        *(year, year, *column_params, code, *viewer.superuser_params, *covered_params),
        *(year, year, code, *viewer.id_params),
        *(year, year, *viewer.superuser_params),
    ]
    return sql, params


def _committee_page(user, records: list[tuple]) -> CommitteePage:
    width = len(rows.fields(Committee))
    pages, members, tops, held = [], [], [], []
    for kind, role, *row in records:
        committee = rows.instance(Committee, row[:width])
        below, running, at_or_above = row[width : width + 3]
        if kind == "page":
            pages.append((committee, bool(below), row[width + 3 : -1], row[-1]))
        elif kind == "member":
            members.append((role, committee, bool(below), bool(running)))
            if at_or_above:
                held.append((committee.pk, role))
        else:
            tops.append((None, committee, bool(below), bool(running)))
    if not pages:
        raise Http404(_("No such committee."))
    committee, has_children, _term, column = pages[0]
    committee.has_children = has_children
    terms = [rows.instance(Term, term) for _c, _b, term, _v in pages if term[0] is not None]
    terms.sort(key=lambda term: term.start_year, reverse=True)
    for term in terms:
        term.committee = committee
    return CommitteePage(
        committee=committee,
        terms=terms,
        rights=rights_held(user, committee, held),
        standing=standing_of(user, members + tops),
        column=column,
    )


def committee_parent_refusal(user, *, committee: Committee, parent: Committee | None) -> str | None:
    """May `user` place `committee` (a new one if it has no id) under `parent` (None: at the
    top)? None if so, else why not. Nobody places a committee under itself or one below it;
    a user who is not a superuser adds or moves committees only under one their memberships
    cover, so never at the top. A parent left as it was is always fine."""
    if committee.pk is not None:
        if (parent.pk if parent else None) == committee.parent_id:
            return None
        if (
            parent is not None
            and Committee.objects.subtree(committee).filter(pk=parent.pk).exists()
        ):
            return str(UNDER_ITSELF)
    if user.is_superuser:
        return None
    if parent is None or not Committee.objects.covered_by(user).filter(pk=parent.pk).exists():
        return str(MOVE_UNDER_YOURS if committee.pk is not None else ADD_UNDER_YOURS)
    return None


def membership_refusal(
    user, *, member, committee: Committee | None, role: str, before=None
) -> str | None:
    """May `user` give `member` the `role` at `committee` (changing the membership `before`, if
    any)? None if so, else why not. Superusers grant anything. Anyone else never grants or
    changes their own memberships (nobody raises their own rights), and grants only a role they
    hold themselves at the committee or above it, within the committees they cover."""
    if user.is_superuser:
        return None
    if user.pk in (getattr(member, "pk", None), getattr(before, "user_id", None)):
        return str(NOT_YOUR_OWN)
    if committee is None:
        return None  # the form's own "this field is required" says it
    held = Membership.objects.filter(
        user=user, committee__in=Committee.objects.above(committee), role=role
    )
    return None if held.exists() else str(ROLE_NOT_YOURS)

"""Who may do what (DESIGN.md "Who may do what"), through memberships.

A membership covers its committee and every committee below it. Viewers see; editors enter and
submit the figures of their own committee; reviewers approve or return the quarters of the
committees below theirs; superusers (admins) do everything, including reopening an approved
quarter. A user who may not see a committee gets 404; one who may see but not act gets 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from districts import rows
from districts.models import Committee, Membership, Term, covered_ids

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


def visible_committee(user, code: str) -> Committee:
    """The committee with this code if the user's memberships cover it; 404 otherwise, so
    that an outsider cannot even tell that the committee exists."""
    # A NUL cannot be in a code, and PostgreSQL refuses to compare with one.
    committee = (
        None
        if "\x00" in code
        else Committee.objects.covered_by(user)
        .filter(code=code)
        # Whether it has committees below, read with it: a dashboard's cached part shows it.
        .annotate(has_children=_has_children("pk"))
        .first()
    )
    if committee is None:
        raise Http404(_("No such committee."))
    return committee


def visible_committee_and_terms(user, code: str) -> tuple[Committee, list[Term]]:
    """visible_committee() and its terms, newest first, in one query (written in SQL: every
    committee page starts with it, and the ORM took longer to build it than to run it)."""
    if "\x00" in code or not user.is_authenticated:
        raise Http404(_("No such committee."))
    committees, terms = Committee._meta.db_table, Term._meta.db_table
    sql = (
        f"SELECT {rows.columns(Committee, 'c')},"
        f" EXISTS (SELECT 1 FROM {committees} below WHERE below.parent_id = c.id),"
        f" {rows.columns(Term, 't')}"
        f" FROM {committees} c LEFT JOIN {terms} t ON t.committee_id = c.id WHERE c.code = %s"
    )
    params = [code]
    if not user.is_superuser:
        covered, extra = covered_ids(user)
        sql += f" AND c.id IN ({covered})"
        params += extra
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY t.start_year DESC", params)
        records = cursor.fetchall()
    if not records:
        raise Http404(_("No such committee."))
    width = len(rows.fields(Committee))
    committee = rows.instance(Committee, records[0][:width])
    committee.has_children = bool(records[0][width])
    found = [rows.instance(Term, row[width + 1 :]) for row in records if row[width + 1] is not None]
    for term in found:
        term.committee = committee
    return committee, found


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
    if not user.is_authenticated:
        return Rights(see=False, enter=False, review=False, reopen=False)
    if user.is_superuser:
        return FULL_RIGHTS
    held = list(
        Membership.objects.filter(
            user=user, committee__in=Committee.objects.above(committee)
        ).values_list("committee_id", "role")
    )
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


def _has_children(outer: str) -> Exists:
    return Exists(Committee.objects.filter(parent=OuterRef(outer)))


def request_standing(request) -> Standing | None:
    """`standing(request.user)`, read once however many parts of a page ask for it."""
    user = request.user
    memo = getattr(request, "_standing", None)
    if memo is None or memo[0] is not user:
        memo = request._standing = (user, standing(user))
    return memo[1]


def standing(user) -> Standing | None:
    """The user's highest membership (by the level of its committee), in one query.

    Superusers without a membership stand at the top committee as administrators.
    """
    if not user.is_authenticated:
        return None
    records = _standing_rows(user.pk, timezone.localdate().year, with_top=user.is_superuser)
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
    facts = (
        f"{rows.columns(Committee, 'c')},"
        f" EXISTS (SELECT 1 FROM {committees} below WHERE below.parent_id = c.id) AS below,"
        f" EXISTS (SELECT 1 FROM {Term._meta.db_table} t WHERE t.committee_id = c.id"
        " AND t.start_year <= %s AND t.end_year >= %s) AS running"
    )
    sql = (
        f"SELECT m.role, {facts} FROM {Membership._meta.db_table} m"
        f" JOIN {committees} c ON c.id = m.committee_id WHERE m.user_id = %s"
    )
    params = [year, year, user_id]
    if with_top:
        sql += (
            f" UNION ALL SELECT * FROM (SELECT NULL AS role, {facts} FROM {committees} c"
            " WHERE c.parent_id IS NULL ORDER BY c.code LIMIT 1) top"
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

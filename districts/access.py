"""Who may see what: the committees a user's memberships cover, as 404s for everything else.

Seeing is all issue-4 screens need; changing (403 for the read-only) comes with entry and review.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from districts.models import Committee, Membership

ADMIN_ROLE_LABEL = _("Administrator")


def visible_committee(user, code: str) -> Committee:
    """The committee with this code if the user's memberships cover it; 404 otherwise, so
    that an outsider cannot even tell that the committee exists."""
    committee = Committee.objects.covered_by(user).filter(code=code).first()
    if committee is None:
        raise Http404(_("No such committee."))
    return committee


@dataclass(frozen=True)
class Standing:
    """Where a user stands: the committee shown in the header, the role there, and whether
    their home page is an overview (a committee with committees below) or a dashboard."""

    committee: Committee | None
    role_label: str
    sees_overview: bool


LEVEL_RANK = {level: rank for rank, level in enumerate(Committee.Level.values)}


def _has_children(outer: str) -> Exists:
    return Exists(Committee.objects.filter(parent=OuterRef(outer)))


def standing(user) -> Standing | None:
    """The user's highest membership (by the level of its committee), in one query.

    Superusers without a membership stand at the top committee as administrators.
    """
    if not user.is_authenticated:
        return None
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("committee")
        .annotate(has_children=_has_children("committee_id"))
    )
    if memberships:
        membership = min(
            memberships,
            key=lambda item: (LEVEL_RANK.get(item.committee.level, 99), item.committee.code),
        )
        return Standing(
            committee=membership.committee,
            role_label=membership.get_role_display(),
            sees_overview=membership.has_children,
        )
    if user.is_superuser:
        top = (
            Committee.objects.filter(parent__isnull=True)
            .annotate(has_children=_has_children("pk"))
            .order_by("code")
            .first()
        )
        return Standing(
            committee=top,
            role_label=str(ADMIN_ROLE_LABEL),
            sees_overview=bool(top and top.has_children),
        )
    return Standing(committee=None, role_label="", sees_overview=False)

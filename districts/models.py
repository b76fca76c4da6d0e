import dataclasses
import time

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.db.models.expressions import RawSQL
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from districts.constraints import check, unique

ROMAN_NUMERALS = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def to_roman(number: int) -> str:
    """Congress ordinals are written in Roman numerals: Đại hội lần thứ XVII."""
    if number < 1:
        raise ValueError("Roman numerals start at 1")
    parts = []
    for value, letters in ROMAN_NUMERALS:
        count, number = divmod(number, value)
        parts.append(letters * count)
    return "".join(parts)


def from_roman(text: str) -> int:
    """Inverse of to_roman; raises ValueError for anything that is not a canonical numeral."""
    letters = {letters: value for value, letters in ROMAN_NUMERALS if len(letters) == 1}
    cleaned = text.strip().upper()
    if not cleaned or any(char not in letters for char in cleaned):
        raise ValueError(f"{text!r} is not a Roman numeral")
    total = 0
    for index, char in enumerate(cleaned):
        value = letters[char]
        following = letters[cleaned[index + 1]] if index + 1 < len(cleaned) else 0
        total += -value if value < following else value
    if to_roman(total) != cleaned:
        raise ValueError(f"{text!r} is not a Roman numeral")
    return total


def _with_descendants(start: str) -> str:
    """SQL for the committees that `start` selects (a query of ids) and every committee
    below them: one recursive subquery, whatever the depth or size of the tree."""
    table = Committee._meta.db_table
    return (
        f"WITH RECURSIVE tree(id) AS ({start}"
        f" UNION"
        f" SELECT child.id FROM {table} child JOIN tree ON child.parent_id = tree.id"
        f") SELECT id FROM tree"
    )


def with_ancestors(where: str) -> str:
    """SQL for the ids of the committee that `where` picks (a condition on its row) and of
    every committee above it (its parent, the parent's parent...): one recursive subquery."""
    table = Committee._meta.db_table
    return (
        f"WITH RECURSIVE up(id, parent_id) AS ("
        f" SELECT id, parent_id FROM {table} WHERE {where}"
        f" UNION"
        f" SELECT parent.id, parent.parent_id FROM {table} parent"
        f" JOIN up ON parent.id = up.parent_id"
        f") SELECT id FROM up"
    )


@dataclasses.dataclass(frozen=True)
class Viewer:
    """The user a statement reads for, in SQL: their id and whether they are a superuser, each
    an expression with its parameters. Of a user in hand (`of`), or the columns of the user read
    in the same statement (a committee page read with its session: districts.sessions)."""

    id: str
    superuser: str
    id_params: tuple = ()
    superuser_params: tuple = ()

    @classmethod
    def of(cls, user) -> "Viewer":
        return cls("%s", "%s", (user.pk,), (bool(user.is_superuser),))


def covered_ids(user) -> tuple[str, tuple]:
    """SQL for the ids of the committees an authenticated user who is not a superuser is a
    member of, and of every committee below them, with its parameters: the one statement of
    who sees what (CommitteeQuerySet.covered_by, and the pages' read of their committee)."""
    return covered_ids_of(Viewer.of(user))


def covered_ids_of(viewer: Viewer) -> tuple[str, tuple]:
    """covered_ids() of a user given in SQL (Viewer)."""
    start = f"SELECT committee_id FROM {Membership._meta.db_table} WHERE user_id = {viewer.id}"
    return _with_descendants(start), viewer.id_params


def reviewed_ids(user) -> tuple[str, tuple]:
    """SQL for the ids of the committees whose quarters an authenticated user who is not a
    superuser reviews (every committee strictly below one where they are a reviewer), with its
    parameters: the one statement of it (CommitteeQuerySet.reviewed_by, the header's count)."""
    return reviewed_ids_of(Viewer.of(user))


def reviewed_ids_of(viewer: Viewer) -> tuple[str, tuple]:
    """reviewed_ids() of a user given in SQL (Viewer)."""
    start = (
        f"SELECT child.id FROM {Committee._meta.db_table} child"
        f" JOIN {Membership._meta.db_table} m ON child.parent_id = m.committee_id"
        f" WHERE m.user_id = {viewer.id} AND m.role = %s"
    )
    return _with_descendants(start), (*viewer.id_params, Membership.Role.REVIEWER)


class CommitteeQuerySet(models.QuerySet):
    def covered_by(self, user) -> "CommitteeQuerySet":
        """Committees the user's memberships cover: each one and every committee below it."""
        if user.is_superuser:
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(id__in=RawSQL(*covered_ids(user)))

    def reviewed_by(self, user) -> "CommitteeQuerySet":
        """Committees whose quarters the user reviews: every committee strictly below one
        where they are a reviewer (all of them for a superuser)."""
        if user.is_superuser:
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(id__in=RawSQL(*reviewed_ids(user)))

    def subtree(self, root: "Committee") -> "CommitteeQuerySet":
        """The root committee and every committee below it, in one query."""
        # The start is a row of the table, not a bare parameter: PostgreSQL would type it
        # integer against the bigint ids of the recursive part.
        start = f"SELECT id FROM {Committee._meta.db_table} WHERE id = %s"
        return self.filter(id__in=RawSQL(_with_descendants(start), (root.pk,)))

    def above(self, committee: "Committee") -> "CommitteeQuerySet":
        """The committee and every committee above it (its parent, the parent's parent...), in
        one query."""
        return self.filter(id__in=RawSQL(with_ancestors("id = %s"), (committee.pk,)))


class Committee(models.Model):
    """A party committee (Đảng bộ, cấp ủy) at any level of the tree."""

    class Level(models.TextChoices):
        CITY = "city", _("City")
        URBAN_DISTRICT = "urban_district", _("Urban district")
        RURAL_DISTRICT = "rural_district", _("Rural district")
        TOWN = "town", _("Town")
        COMMUNE = "commune", _("Commune")
        WARD = "ward", _("Ward")
        GRASSROOTS = "grassroots", _("Grassroots")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["code"]
        constraints = [
            check("districts_committee_not_own_parent", ~Q(parent=models.F("pk"))),
            check("districts_committee_code_not_empty", ~Q(code="")),
        ]

    def __str__(self) -> str:
        return self.name


class TermQuerySet(models.QuerySet):
    def for_label(self, label: str) -> "TermQuerySet":
        """Terms matching a label such as "2020-2025"; none if the label is malformed."""
        try:
            start_year, end_year = parse_term_label(label)
        except ValueError:
            return self.none()
        return self.filter(start_year=start_year, end_year=end_year)

    def parallel_under(self, root: "Committee", term: "Term") -> "TermQuerySet":
        """The terms of the committees directly under `root` with the same years as `term`,
        with their committees and whether each has committees below, by committee name."""
        # One pass over the parents, not a search per committee: with thousands of committees
        # under one root, PostgreSQL's estimate sent each EXISTS to scan the whole table.
        parents = Committee.objects.filter(parent__isnull=False).values("parent_id")
        has_children = ExpressionWrapper(Q(committee_id__in=parents), output_field=BooleanField())
        return (
            self.filter(committee__parent=root, start_year=term.start_year, end_year=term.end_year)
            .select_related("committee")
            .annotate(has_children=has_children)
            .order_by("committee__name", "committee__code")
        )

    def data_changed(self) -> int:
        """Move these terms' data version forward, so that results cached for them are not
        read again (every write of a term's data calls this in its transaction)."""
        return self.update(data_version=F("data_version") + 1)

    def ids_of(self, rows) -> set[int]:
        """The ids of the terms these committees and terms stand for (a committee's data is
        that of all its terms); other rows are left to their own app."""
        ids = {row.pk for row in rows if isinstance(row, Term)}
        committees = {row.pk for row in rows if isinstance(row, Committee)}
        if committees:
            found = self.filter(committee_id__in=committees).values_list("pk", flat=True)
            ids.update(found)
        return ids


def parse_term_label(label: str) -> tuple[int, int]:
    """ "2020-2025" (also with an en dash or spaces) -> (2020, 2025)."""
    cleaned = label.strip().replace("–", "-").replace("—", "-").replace(" ", "")
    parts = cleaned.split("-")
    if len(parts) != 2 or not all(
        part.isascii() and part.isdigit() and len(part) == 4 for part in parts
    ):
        raise ValueError(f"{label!r} is not a term such as 2020-2025")
    return int(parts[0]), int(parts[1])


def fresh_data_version() -> int:
    """A new term's data version: the clock in nanoseconds, so that a term created where a
    deleted one had the same id (SQLite reuses ids) never meets the deleted one's cached results.
    """
    return time.time_ns()


class Term(models.Model):
    """One committee's congress (Đại hội lần thứ N) and the term it opens."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="terms"
    )
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    congress = models.PositiveSmallIntegerField(_("congress"))
    # A term opened by a congress late in its first year reports from then on: the wards and
    # communes created by the 2025 reform report from 2025 Q4. Earlier quarters of the start
    # year are not asked for nor chased (targets.deadlines.reports_in).
    start_quarter = models.PositiveSmallIntegerField(
        _("reports from quarter"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_(
            "The quarter of the start year from which the committee reports its figures "
            "(1 to 4); the quarters before it are neither asked for nor overdue."
        ),
    )
    # Moved forward by every write that changes what the progress engine or a page sees of this
    # term (TermQuerySet.data_changed); the term's cached results are keyed by it.
    data_version = models.BigIntegerField(default=fresh_data_version, editable=False)

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["committee__code", "-start_year"]
        constraints = [
            unique("districts_term_unique_start", "committee", "start_year"),
            check("districts_term_start_before_end", Q(start_year__lt=models.F("end_year"))),
            check("districts_term_years_plausible", Q(start_year__gte=1930, end_year__lte=2200)),
            check("districts_term_congress_positive", Q(congress__gte=1)),
            check(
                "districts_term_start_quarter_valid", Q(start_quarter__gte=1, start_quarter__lte=4)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee.code} {self.label}"

    @property
    def label(self) -> str:
        return f"{self.start_year}-{self.end_year}"

    @property
    def congress_roman(self) -> str:
        return to_roman(self.congress)

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    def contains_year(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year


class Membership(models.Model):
    """A user's role at a committee; it covers that committee and every committee below it."""

    class Role(models.TextChoices):
        VIEWER = "viewer", _("Viewer")
        EDITOR = "editor", _("Editor")
        REVIEWER = "reviewer", _("Reviewer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["committee__code", "user__username"]
        constraints = [unique("districts_membership_unique_user_committee", "user", "committee")]

    def __str__(self) -> str:
        return f"{self.user} – {self.committee.code} ({self.get_role_display()})"


class Session(AbstractBaseSession):
    """Django's database session, with the id of its logged-in user in a column of its own, so
    that each request reads its session and its user in one statement (districts.sessions)."""

    # Kept in step with the session's data on every save (SessionStore.create_model_instance).
    # No foreign key constraint: a session saved while its user is being deleted must not fail
    # the request; deleting a user still deletes their sessions (the ORM's cascade).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="+",
    )

    class Meta(AbstractBaseSession.Meta):
        db_table = "districts_session"

    def __str__(self) -> str:
        # Never its key (Django's): whoever reads the key logs in as its user, and a session
        # is shown where its user's deletion is confirmed in the admin.
        when = formats.date_format(timezone.localtime(self.expire_date), "SHORT_DATETIME_FORMAT")
        return gettext("Login session until %(date)s") % {"date": when}

    @classmethod
    def get_session_store_class(cls):
        from districts.sessions import SessionStore

        return SessionStore

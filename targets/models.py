from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from districts.models import Committee, Term

# Figures are exact decimals: 14 digits before the decimal mark, 4 after.
FIGURE_MAX_DIGITS = 18
FIGURE_DECIMAL_PLACES = 4


def figure_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=FIGURE_MAX_DIGITS,
        decimal_places=FIGURE_DECIMAL_PLACES,
        **kwargs,
    )


# A year column must be a plausible year; the database also checks, by trigger, that it lies
# inside the target's term (see migration 0002).
PLAUSIBLE_YEAR = Q(year__gte=1930, year__lte=2200)


class Programme(models.Model):
    """A numbered work programme (chương trình công tác) of a term."""

    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="programmes"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=500)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["term", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "number"], name="targets_programme_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="targets_programme_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class TargetQuerySet(models.QuerySet):
    def for_display(self, term: Term) -> "TargetQuerySet":
        """Every target of a term in the order the pages show them, with its programme (one
        query); their figures and progress come from targets.progress_cache."""
        return (
            self.filter(term=term)
            .select_related("programme")
            .order_by(models.F("programme__number").asc(nulls_last=True), "code")
        )


class Target(models.Model):
    """A numbered target (chỉ tiêu) of a term."""

    class Group(models.TextChoices):
        PARTY_BUILDING = "party_building", _("Party building")
        SOCIO_ECONOMIC = "socio_economic", _("Socio-economic")
        DEFENCE_SECURITY = "defence_security", _("Defence and security")
        OTHER = "other", _("Other")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Cumulative (sum)")
        LATEST = "latest", _("Latest value")
        AVERAGE = "average", _("Average")

    class Direction(models.TextChoices):
        UP = "up", _("Higher is better")
        DOWN = "down", _("Lower is better")

    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="targets"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="targets",
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=500)
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    aggregation = models.CharField(_("aggregation"), max_length=10, choices=Aggregation.choices)
    direction = models.CharField(
        _("direction"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    baseline = figure_field(_("baseline"), null=True, blank=True)
    term_target = figure_field(_("term target"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent target"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text=_("The parent committee's target that this one contributes to."),
    )

    history = HistoricalRecords()
    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["term", "code"]
        constraints = [
            models.UniqueConstraint(fields=["term", "code"], name="targets_target_unique_code"),
            models.CheckConstraint(condition=~Q(code=""), name="targets_target_code_not_empty"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="targets_target_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def clean(self) -> None:
        errors = {}
        if self.programme_id and self.term_id and self.programme.term_id != self.term_id:
            errors["programme"] = _("The programme belongs to another term.")
        if self.parent_id and self.term_id:
            parent_committee = self.parent.term.committee
            if parent_committee.pk != self.term.committee.parent_id:
                errors["parent"] = _("The parent target must belong to the parent committee.")
        if errors:
            raise ValidationError(errors)

    @property
    def committee(self) -> Committee:
        return self.term.committee


def _check_year_in_term(year: int | None, term: Term) -> None:
    if year is not None and not term.contains_year(year):
        raise ValidationError(
            {
                "year": _("Year %(year)s is outside the term %(term)s.")
                % {"year": year, "term": term.label}
            }
        )


class AnnualPlan(models.Model):
    """The planned value (kế hoạch, dự toán) of a target for one year."""

    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = figure_field(_("plan"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["target", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "year"], name="targets_annualplan_unique_year"
            ),
            models.CheckConstraint(
                condition=PLAUSIBLE_YEAR, name="targets_annualplan_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target.code} {self.year}: {self.value}"

    def clean(self) -> None:
        if self.target_id:
            _check_year_in_term(self.year, self.target.term)


class Measurement(models.Model):
    """The figure (kết quả quý) of one target in one quarter."""

    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="measurements"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    value = figure_field(_("value"))
    is_estimate = models.BooleanField(
        _("estimate"),
        default=False,
        help_text=_("An estimate (số ước) to be replaced by the official figure."),
    )
    note = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quarterly figure")
        verbose_name_plural = _("quarterly figures")
        ordering = ["target", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "year", "quarter"], name="targets_measurement_unique_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="targets_measurement_quarter_1_4"
            ),
            models.CheckConstraint(
                condition=PLAUSIBLE_YEAR, name="targets_measurement_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target.code} {self.year} Q{self.quarter}: {self.value}"

    def clean(self) -> None:
        # Who may write the figure, and whether its quarter is open, depend on the user:
        # targets.cycle.figure_write_refusal, asked by every path that writes one.
        if self.target_id:
            _check_year_in_term(self.year, self.target.term)


class QuarterlyReport(models.Model):
    """One committee's submission (báo cáo quý) for one quarter of a term."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="reports"
    )
    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    assessment = models.TextField(_("assessment"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        ordering = ["committee__code", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "year", "quarter"], name="targets_quarterlyreport_unique_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="targets_quarterlyreport_quarter_1_4",
            ),
            models.CheckConstraint(
                condition=PLAUSIBLE_YEAR, name="targets_quarterlyreport_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee.code} {self.year} Q{self.quarter} ({self.get_status_display()})"

    def clean(self) -> None:
        if self.term_id:
            _check_year_in_term(self.year, self.term)
            if self.committee_id and self.term.committee_id != self.committee_id:
                raise ValidationError({"term": _("The term belongs to another committee.")})
